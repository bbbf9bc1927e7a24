import os from 'node:os';
import type { Client } from '@temporalio/client';
import { describeMachine } from '../lib/machine';
import { startProcSampler, type ProcSummary } from '../lib/proc-sampler';
import { histogramQuantileBetween, scrape, type MetricSample } from '../lib/prometheus';
import type { BenchmarkContext } from '../lib/types';
import { countPlacements, planDomains, seedDomains } from './domains';
import { planGroups, probesDue, readGroups, startGroups, type BenchGroup, type GroupsReading } from './groups';
import type { BenchInternet } from './internet';
import type { WatchScaleOptions } from './options';
import { startTimeline, type TimelinePoint } from './timeline';
import { terminateAll } from './watches';
import { startWorld } from './world';

/**
 * Issue 18's watch figure: `cases` group watches of `groupSize` domains each (100 x 1,000 by default) on one worker
 * process against the sandbox internet, every domain probed at `intervalMs` through the batched probe, for at least
 * `rounds` rounds. Phases: seed the sandbox internet, start the groups (cutoffs spread over the first interval),
 * run until every group has had its rounds while sampling the worker, read every group's counters and pages, stop.
 * Lateness and missed probes come from the groups themselves (each probe's time against its due time); memory from
 * /proc; workflow-task waits from the worker's Prometheus metrics.
 */

/** Everything measured, before it is turned into figures. */
export interface WatchGroupsMeasurement {
  options: WatchScaleOptions;
  domains: number;
  groups: number;
  placements: Record<string, number>;
  seedMs: number;
  startMs: number;
  windowSeconds: number;
  reading: GroupsReading;
  /** Probes due by the reading (one at each cutoff and per whole interval since), against those taken. */
  probesDue: number;
  timeline: TimelinePoint[];
  processes: Record<string, ProcSummary>;
  /** The worker's view over the window: ms quantiles (upper bounds of the SDK's histogram buckets). */
  workerLatencies: Record<string, { p50: number | null; p99: number | null }>;
  batchesCompleted: number;
  batchesFailed: number;
  workflowTasksFailed: number;
  history: { maxEvents: number; maxBytes: number };
  loadAverageStart: number[];
  loadAverageEnd: number[];
  cpuSeconds: { worker: number; temporalServer: number };
  internet: ReturnType<BenchInternet['stats']>;
  mailSent: number;
  terminate: { durationMs: number; terminated: number; failed: number; stillRunning: number };
}

const LATENESS_TARGET_MS = 60_000;
const round1 = (x: number): number => Math.round(x * 10) / 10;
const loadAverage = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);

function latencies(before: MetricSample[], after: MetricSample[]): WatchGroupsMeasurement['workerLatencies'] {
  const q = (name: string, where: Record<string, string> = {}) => ({
    p50: histogramQuantileBetween(before, after, name, 0.5, where),
    p99: histogramQuantileBetween(before, after, name, 0.99, where),
  });
  const probe = { activity_type: 'probeDomains' };
  return {
    workflowTaskScheduleToStart: q('temporal_workflow_task_schedule_to_start_latency'),
    workflowTaskExecution: q('temporal_workflow_task_execution_latency'),
    probeBatchExecution: q('temporal_activity_execution_latency', probe),
    probeBatchScheduleToStart: q('temporal_activity_schedule_to_start_latency', probe),
  };
}

/** The longest current run among the groups, in events and bytes (the server's own counts). */
async function longestRuns(client: Client, groups: BenchGroup[]): Promise<{ maxEvents: number; maxBytes: number }> {
  let maxEvents = 0;
  let maxBytes = 0;
  for (const g of groups) {
    const d = await client.workflow.getHandle(g.workflowId).describe();
    maxEvents = Math.max(maxEvents, d.historyLength);
    maxBytes = Math.max(maxBytes, d.historySize ?? 0);
  }
  return { maxEvents, maxBytes };
}

/** Runs the group benchmark and returns the raw measurement. */
export async function measureWatchGroups(o: WatchScaleOptions, ctx: BenchmarkContext): Promise<WatchGroupsMeasurement> {
  const log = ctx.log;
  const g = o.groups;
  const planned = planDomains(g.cases * g.groupSize);
  const taskQueue = `bench-watch-groups-${Date.now().toString(36)}`;
  const loadAverageStart = loadAverage();
  let seedMs = 0;
  log(`machine: ${JSON.stringify(describeMachine())}; load average ${loadAverageStart.join(' / ')}`);
  const world = await startWorld({
    workDir: ctx.workDir,
    taskQueue,
    maxCachedWorkflows: o.maxCachedWorkflows,
    maxConcurrentActivities: o.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: o.maxConcurrentWorkflowTasks,
    workerNodeOptions: o.workerNodeOptions,
    workerEnv: {
      TERMINUS_WATCH_RESOLVER_RATE: String(g.resolverRate),
      TERMINUS_WATCH_PROBE_CONCURRENCY: String(g.probeConcurrency),
    },
    log,
    prewarm: planned.map((d) => d.domain),
    async seed(db) {
      const began = Date.now();
      log(`seeding ${planned.length} domains into the sandbox internet`);
      await seedDomains(db, planned, (n) => n % 10_000 === 0 && log(`  seeded ${n}`), g.seedConcurrency);
      seedMs = Date.now() - began;
    },
  });
  const pids: Record<string, number> = { worker: world.worker.pid };
  if (world.serverPid) pids.temporalServer = world.serverPid;
  const sampler = startProcSampler(pids, 1000);
  try {
    const baseline = (await scrape(world.metricsUrl)) ?? [];
    const timeline = startTimeline(world, o.sampleEveryMs, 'probeDomains');
    const first = await timeline.sample();
    const firstCutoffMs = Date.now() + 5_000;
    let startFailure: Error | undefined;
    const groups = planGroups(
      planned.map((d) => d.domain),
      g.groupSize,
      firstCutoffMs,
      g.intervalMs,
    );
    // Started at their cutoffs, the groups keep starting while the first interval runs: the wait below goes on.
    const starting = startGroups({
      client: world.client,
      taskQueue,
      groups,
      startAt: g.startAt,
      followUpDays: 90,
      settings: { fastIntervalMs: g.intervalMs },
      concurrency: o.startConcurrency,
    }).then(
      (s) => {
        const how = g.startAt === 'cutoff' ? 'each at its cutoff' : 'all at once';
        log(`started ${groups.length} groups (${how}) in ${(s.durationMs / 1000).toFixed(1)} s`);
        return s;
      },
      (error: unknown) => {
        startFailure = error instanceof Error ? error : new Error(String(error));
        throw error;
      },
    );
    // A failed start ends the run at the next progress line instead of after the whole window.
    starting.catch(() => undefined);
    // Every domain's cutoff lies in the first interval; `rounds` more intervals give each at least `rounds` probes.
    const windowEnd = firstCutoffMs + (g.rounds + 1) * g.intervalMs;
    while (Date.now() < windowEnd) {
      await new Promise((r) => setTimeout(r, Math.min(30_000, windowEnd - Date.now())));
      if (startFailure) throw startFailure;
      const p = timeline.points[timeline.points.length - 1];
      if (p)
        log(
          `  t=${p.t}s batches=${p.probesCompleted - (first?.probesCompleted ?? 0)} worker=${p.workerRssMiB} MiB ` +
            `dns=${p.dnsLookups} mail=${p.mailSent} load=${loadAverage().join('/')}`,
        );
    }
    const started = { groups, ...(await starting) };
    const last = await timeline.sample();
    await timeline.stop();
    const readingAt = Date.now();
    const reading = await readGroups(world.client, started.groups, LATENESS_TARGET_MS);
    const due = probesDue(started.groups, readingAt - LATENESS_TARGET_MS, g.intervalMs);
    log(`read ${reading.groupsRead} groups: ${reading.stats.probes} probes (${due} due), ${reading.overdue} overdue`);
    const finalScrape = timeline.lastScrape() ?? baseline;
    const loadAverageEnd = loadAverage();
    const history = await longestRuns(world.client, started.groups);
    sampler.sampleNow();
    await world.worker.process.stop(30_000);
    const terminate = await terminateAll(
      world.client,
      taskQueue,
      started.groups.map((x) => x.workflowId),
      o.terminateTimeoutMs,
    );
    const processes = sampler.stop();
    const cpu = (f: 'workerCpuSeconds' | 'serverCpuSeconds'): number => round1((last?.[f] ?? 0) - (first?.[f] ?? 0));
    return {
      options: o,
      domains: planned.length,
      groups: started.groups.length,
      placements: countPlacements(planned),
      seedMs,
      startMs: started.durationMs,
      windowSeconds: round1((readingAt - firstCutoffMs) / 1000),
      reading,
      probesDue: due,
      timeline: timeline.points,
      processes,
      workerLatencies: latencies(baseline, finalScrape),
      batchesCompleted: (last?.probesCompleted ?? 0) - (first?.probesCompleted ?? 0),
      batchesFailed: (last?.probesFailed ?? 0) - (first?.probesFailed ?? 0),
      workflowTasksFailed: (last?.workflowTasksFailed ?? 0) - (first?.workflowTasksFailed ?? 0),
      history,
      loadAverageStart,
      loadAverageEnd,
      cpuSeconds: { worker: cpu('workerCpuSeconds'), temporalServer: cpu('serverCpuSeconds') },
      internet: world.internet.stats(),
      mailSent: world.smtp.messages,
      terminate,
    };
  } finally {
    sampler.stop();
    await world.stop();
  }
}
