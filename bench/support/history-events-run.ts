import path from 'node:path';
import { readResults } from '../lib/results';
import { measureRunLength, type RunLengthResult } from '../watch-scale/run-length';
import { benchCustomer, seedCustomer, type FamilySize } from './bench-customers';
import { driveCase } from './case-driver';
import { startBenchStack } from './embedded-stack';
import { countWorkflow, type HistoryCount } from './history-count';

/**
 * Benchmark 4: history events per case and per watch run. Cases are driven on the embedded stack by the same
 * auto-approving principals as benchmark 1 and read back from the server: events up to the moment the case enters
 * monitoring, and the whole closed case with monitoring ended at once (both exclude months of monitoring, which
 * the case spends on one timer). A watch run is the watch helper's figure (benchmark 2's run-length phase) when
 * the results file has one; otherwise the same phase is run here against this stack's worker.
 */

/** How the run is sized. */
export interface HistoryEventsOptions {
  cases: number;
  family: FamilySize;
  pollMs: number;
  caseTimeoutMs: number;
  /** `reuse`: take the watch figure from the results file when it is there; `measure`: always measure it. */
  watchRun: 'reuse' | 'measure' | 'skip';
  /** Probe interval of the run-length phase (the event pattern per observation does not depend on it). */
  watchIntervalMs: number;
  /** Observations per watch run; undefined = the watch's real default (smoke tests only set it). */
  maxObservationsPerRun?: number;
  watchTimeoutMs: number;
}

/** Defaults: three cases of the demo customer's shape; the watch figure reused when present. */
export const DEFAULT_HISTORY_EVENTS_OPTIONS: HistoryEventsOptions = {
  cases: 3,
  family: 3,
  pollMs: 100,
  caseTimeoutMs: 300_000,
  watchRun: 'reuse',
  watchIntervalMs: 200,
  watchTimeoutMs: 5 * 60_000,
};

/** One case's counts. */
export interface CaseEvents {
  caseId: string;
  toMonitoring: number | null;
  closed: HistoryCount;
  watches: HistoryCount[];
}

/** Where the watch figure came from. */
export type WatchRunFigure =
  | { source: 'results'; events: number; note: string; measuredAt: string; commit: string }
  | { source: 'measured'; events: number | null; runLength: RunLengthResult }
  | { source: 'skipped' };

/** What the run measured. */
export interface HistoryEventsMeasurement {
  options: HistoryEventsOptions;
  cases: CaseEvents[];
  watchRun: WatchRunFigure;
}

/** The watch benchmark's figure from `bench/results/latest.json`, if it measured one. */
export async function watchFigureFromResults(
  file = path.join(__dirname, '..', 'results', 'latest.json'),
): Promise<Extract<WatchRunFigure, { source: 'results' }> | null> {
  const stored = (await readResults(file)).benchmarks['watch-scale'];
  const figure = stored?.result.figures.find((f) => f.key === 'eventsPerWatchRun');
  if (!stored || !figure || typeof figure.value !== 'number') return null;
  return {
    source: 'results',
    events: figure.value,
    note: figure.note ?? '',
    measuredAt: stored.result.startedAt,
    commit: stored.machine.gitCommit,
  };
}

/** Runs the cases (and the watch phase when needed) on a fresh stack in `workDir`. */
export async function measureHistoryEvents(
  o: HistoryEventsOptions,
  ctx: { workDir: string; log: (m: string) => void },
): Promise<HistoryEventsMeasurement> {
  const reused = o.watchRun === 'reuse' ? await watchFigureFromResults() : null;
  if (reused) ctx.log(`watch run: ${reused.events} events, from the watch-scale results of ${reused.measuredAt}`);
  const bench = await startBenchStack({ workDir: ctx.workDir, log: ctx.log });
  try {
    const deps = {
      service: bench.service,
      client: bench.client,
      taskQueue: bench.taskQueue,
      pollMs: o.pollMs,
      timeoutMs: o.caseTimeoutMs,
      via: 'service' as const,
    };
    const cases: CaseEvents[] = [];
    for (let i = 0; i < o.cases; i++) {
      const customer = benchCustomer('he', i, o.family);
      await seedCustomer(bench.stack.db, customer, i);
      const driven = await driveCase(deps, customer);
      const closed = await countWorkflow(bench.client, driven.caseId, driven.runId, 'monitoring');
      const watches = await Promise.all(driven.watchIds.map((id) => countWorkflow(bench.client, id)));
      cases.push({ caseId: driven.caseId, toMonitoring: closed.eventsToStage ?? null, closed, watches });
      ctx.log(`${driven.caseId}: ${closed.eventsToStage ?? '?'} events to monitoring, ${closed.events} closed`);
    }
    let watchRun: WatchRunFigure = reused ?? { source: 'skipped' };
    if (!reused && o.watchRun !== 'skip') {
      ctx.log(`watch run: measuring (probe every ${o.watchIntervalMs} ms until each watch continues as new)`);
      const runLength = await measureRunLength({
        client: bench.client,
        db: bench.stack.db,
        taskQueue: bench.taskQueue,
        intervalMs: o.watchIntervalMs,
        ...(o.maxObservationsPerRun ? { maxObservationsPerRun: o.maxObservationsPerRun } : {}),
        timeoutMs: o.watchTimeoutMs,
        log: ctx.log,
      });
      const full = runLength.runs.filter((r) => r.closedAs === 'continued_as_new');
      watchRun = {
        source: 'measured',
        events: full.length ? Math.max(...full.map((r) => r.events)) : null,
        runLength,
      };
    }
    return { options: o, cases, watchRun };
  } finally {
    await bench.stop();
  }
}
