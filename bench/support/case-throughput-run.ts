import os from 'node:os';
import type { baselineCase, BaselineCaseInput, BaselineRound } from './baseline/baseline-case';
import { startBaselineWorker } from './baseline-worker';
import { benchCustomer, seedCustomer, type BenchCustomer, type FamilySize } from './bench-customers';
import { driveCase, type DrivenCase } from './case-driver';
import { closedLoop, type LoopResult } from './closed-loop';
import { cpuBetween, findDevServerPid, readCpu, type CpuUsed } from './cpu-meter';
import { startBenchStack, type BenchStack } from './embedded-stack';
import { countWorkflow, type HistoryCount, type WorkRound } from './history-count';

/**
 * Benchmark 1: cases against a bare baseline on one embedded stack. One calibration case is run and read back
 * from history first: its activities and timers (and its watches'), grouped as its workflow tasks scheduled them,
 * become the baseline's input. Then cases and baselines are run in alternating phases (ABBA order, so a drift in
 * machine load hits both alike), each phase a closed loop with the same concurrency.
 */

/** How the run is sized. */
export interface ThroughputOptions {
  /** Cases measured (and as many baselines). */
  cases: number;
  /** Cases (or baselines) in flight at once. */
  concurrency: number;
  /** Phases per kind; cases and baselines alternate (ABBA). */
  phases: number;
  family: FamilySize;
  /** How often the auto-approving principals read the stage while a case works alone. */
  pollMs: number;
  /** Human steps through the API's service layer (the default) or as bare workflow updates (see case-driver). */
  via: 'service' | 'updates';
  /** Duration of each baseline timer. */
  timerMs: number;
  caseTimeoutMs: number;
  /** Worker settings for both workers (`TERMINUS_WORKER_*`), when not the defaults. */
  workerEnv: Record<string, string>;
}

/**
 * Defaults: 100 of each in two phases of 50, 25 at a time (enough in flight to keep both cores busy, so the rates
 * compare cost per case rather than the length of each one's chain of round trips), the demo customer's family
 * of three domains.
 */
export const DEFAULT_THROUGHPUT_OPTIONS: ThroughputOptions = {
  cases: 100,
  concurrency: 25,
  phases: 2,
  family: 3,
  pollMs: 100,
  via: 'service',
  timerMs: 1,
  caseTimeoutMs: 300_000,
  workerEnv: {},
};

/** One timed phase. */
export interface Phase {
  kind: 'case' | 'baseline';
  items: number;
  loop: LoopResult;
  cpu: CpuUsed;
  loadAverage: number[];
}

/** Sums of the phases of one kind. */
export interface KindTotals {
  ok: number;
  failed: number;
  elapsedMs: number;
  perMinute: number;
  /** CPU seconds (this process + Temporal server) per completed item. */
  cpuSecondsPerItem: number;
  /** The same, split: this process (worker, database, mail, edge, API, driver) and the Temporal server. */
  cpuSplitPerItem: { stack: number; server: number };
  latenciesMs: number[];
}

/** What the run measured. */
export interface ThroughputMeasurement {
  options: ThroughputOptions;
  stackStartMs: number;
  calibration: { driven: DrivenCase; caseHistory: HistoryCount; watchHistories: HistoryCount[] };
  baseline: BaselineCaseInput & { activities: number; timers: number };
  phases: Phase[];
  cases: KindTotals;
  baselines: KindTotals;
  /** Cases per minute over baselines per minute. */
  ratio: number | null;
  /** What the measured cases actually did, read back from history (the baseline copies the calibration case). */
  measuredShape: {
    activities: number[];
    timers: number[];
    events: number[];
    watchActivities: number[];
    /** Activity attempts beyond the first, per case (watches included): transient failures retried. */
    activityRetries: number[];
  };
  driven: DrivenCase[];
  loadAverage: { start: number[]; end: number[] };
}

/** The baseline's rounds: the case's own, then its watches' (round i of every watch together). */
export function baselineRounds(caseHistory: HistoryCount, watches: HistoryCount[]): BaselineRound[] {
  const rounds: WorkRound[] = caseHistory.rounds.map((r) => ({ ...r }));
  const depth = Math.max(0, ...watches.map((w) => w.rounds.length));
  for (let i = 0; i < depth; i++) {
    rounds.push({
      activities: watches.reduce((n, w) => n + (w.rounds[i]?.activities ?? 0), 0),
      timers: watches.reduce((n, w) => n + (w.rounds[i]?.timers ?? 0), 0),
    });
  }
  return rounds;
}

function totals(phases: Phase[]): KindTotals {
  const ok = phases.reduce((n, p) => n + p.loop.ok, 0);
  const elapsedMs = phases.reduce((n, p) => n + p.loop.elapsedMs, 0);
  const self = phases.reduce((n, p) => n + p.cpu.selfSeconds, 0);
  const server = phases.reduce((n, p) => n + p.cpu.serverSeconds, 0);
  const cpu = self + server;
  const per = (x: number): number => (ok > 0 ? Math.round((x / ok) * 1000) / 1000 : 0);
  return {
    ok,
    failed: phases.reduce((n, p) => n + p.loop.failed, 0),
    elapsedMs,
    perMinute: elapsedMs > 0 ? Math.round((ok / (elapsedMs / 60_000)) * 10) / 10 : 0,
    cpuSecondsPerItem: per(cpu),
    cpuSplitPerItem: { stack: per(self), server: per(server) },
    latenciesMs: phases.flatMap((p) => p.loop.latenciesMs),
  };
}

const load = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);

/** Splits `total` into `parts` near-equal sizes. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** Runs the whole benchmark on a fresh stack in `workDir`. */
export async function measureCaseThroughput(
  options: ThroughputOptions,
  ctx: { workDir: string; log: (m: string) => void },
): Promise<ThroughputMeasurement> {
  const startLoad = load();
  const t0 = Date.now();
  const bench: BenchStack = await startBenchStack({ workDir: ctx.workDir, env: options.workerEnv, log: ctx.log });
  const stackStartMs = Date.now() - t0;
  try {
    const baselineWorker = await startBaselineWorker(bench, ctx.workDir);
    try {
      return await measure(bench, baselineWorker.taskQueue, options, ctx.log, { stackStartMs, startLoad });
    } finally {
      await baselineWorker.stop();
    }
  } finally {
    await bench.stop();
  }
}

async function measure(
  bench: BenchStack,
  baselineQueue: string,
  o: ThroughputOptions,
  log: (m: string) => void,
  meta: { stackStartMs: number; startLoad: number[] },
): Promise<ThroughputMeasurement> {
  const { client, service } = bench;
  const customers: BenchCustomer[] = Array.from({ length: o.cases + 1 }, (_, i) => benchCustomer('tp', i, o.family));
  for (const [i, c] of customers.entries()) await seedCustomer(bench.stack.db, c, i);
  const deps = {
    service,
    client,
    taskQueue: bench.taskQueue,
    pollMs: o.pollMs,
    timeoutMs: o.caseTimeoutMs,
    via: o.via,
  };

  log('calibration case (also the warm-up)');
  const calibrationCase = await driveCase(deps, customers[0]!);
  const caseHistory = await countWorkflow(client, calibrationCase.caseId, calibrationCase.runId, 'monitoring');
  const watchHistories = await Promise.all(calibrationCase.watchIds.map((id) => countWorkflow(client, id)));
  const rounds = baselineRounds(caseHistory, watchHistories);
  const baseline = {
    rounds,
    timerMs: o.timerMs,
    activities: rounds.reduce((n, r) => n + r.activities, 0),
    timers: rounds.reduce((n, r) => n + r.timers, 0),
  };
  log(`a case did ${baseline.activities} activities and ${baseline.timers} timers in ${rounds.length} rounds`);
  const runBaseline = async (id: string): Promise<void> => {
    const r = await client.workflow.execute<typeof baselineCase>('baselineCase', {
      taskQueue: baselineQueue,
      workflowId: id,
      args: [{ rounds, timerMs: o.timerMs } satisfies BaselineCaseInput],
    });
    if (r.activities !== baseline.activities || r.timers !== baseline.timers) {
      throw new Error(`baseline ${id} did ${r.activities} activities and ${r.timers} timers`);
    }
  };
  await runBaseline('baseline-warmup');

  const serverPid = findDevServerPid(bench.stack.info.temporalAddress);
  const driven: DrivenCase[] = [];
  const phases: Phase[] = [];
  let nextCase = 1;
  let nextBaseline = 0;
  const sizes = split(o.cases, o.phases);
  for (const [p, size] of sizes.entries()) {
    const order: Phase['kind'][] = p % 2 === 0 ? ['case', 'baseline'] : ['baseline', 'case'];
    for (const kind of order) {
      const first = kind === 'case' ? nextCase : nextBaseline;
      const before = readCpu(serverPid);
      const loop = await closedLoop(size, o.concurrency, async (i) => {
        if (kind === 'case') driven.push(await driveCase(deps, customers[first + i]!));
        else await runBaseline(`baseline-${first + i}`);
      });
      const cpu = cpuBetween(before, readCpu(serverPid));
      if (kind === 'case') nextCase += size;
      else nextBaseline += size;
      phases.push({ kind, items: size, loop, cpu, loadAverage: load() });
      log(
        `${kind} phase ${p + 1}: ${loop.ok}/${size} in ${(loop.elapsedMs / 1000).toFixed(1)} s` +
          `${loop.failed ? ` (${loop.failed} failed: ${loop.errors[0]})` : ''}; cpu ${cpu.selfSeconds}+${cpu.serverSeconds} s`,
      );
    }
  }

  const cases = totals(phases.filter((p) => p.kind === 'case'));
  const baselines = totals(phases.filter((p) => p.kind === 'baseline'));
  const shapes = await Promise.all(
    driven.map(async (d) => {
      const h = await countWorkflow(client, d.caseId, d.runId);
      const w = await Promise.all(d.watchIds.map((id) => countWorkflow(client, id)));
      return {
        activities: h.activities + w.reduce((n, x) => n + x.activities, 0),
        timers: h.timers + w.reduce((n, x) => n + x.timers, 0),
        events: h.events,
        watchActivities: w.reduce((n, x) => n + x.activities, 0),
        activityRetries: h.activityRetries + w.reduce((n, x) => n + x.activityRetries, 0),
      };
    }),
  );
  return {
    options: o,
    stackStartMs: meta.stackStartMs,
    calibration: { driven: calibrationCase, caseHistory, watchHistories },
    baseline,
    phases,
    cases,
    baselines,
    ratio: baselines.perMinute > 0 ? Math.round((cases.perMinute / baselines.perMinute) * 1000) / 1000 : null,
    measuredShape: {
      activities: shapes.map((s) => s.activities),
      timers: shapes.map((s) => s.timers),
      events: shapes.map((s) => s.events),
      watchActivities: shapes.map((s) => s.watchActivities),
      activityRetries: shapes.map((s) => s.activityRetries),
    },
    driven,
    loadAverage: { start: meta.startLoad, end: load() },
  };
}
