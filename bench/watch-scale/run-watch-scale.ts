import { describeMachine } from '../lib/machine';
import os from 'node:os';
import { readMachineBusyCpuSeconds, startProcSampler, type ProcSummary } from '../lib/proc-sampler';
import { histogramQuantileBetween, metricNames, scrape, type MetricSample } from '../lib/prometheus';
import type { BenchmarkContext } from '../lib/types';
import type { BenchInternet } from './internet';
import { countPlacements, planDomains, seedDomains } from './domains';
import { scanWorkflows, summarizeScan, timeoutsByMinute, type ScanSummary } from './histories';
import type { WatchScaleOptions } from './options';
import { measureRunLength, type RunLengthResult } from './run-length';
import { startTimeline, type TimelinePoint } from './timeline';
import { startWatches, terminateAll, watchWorkflowId, type StartWatchesResult } from './watches';
import { startWorld } from './world';

/**
 * Benchmark 2 of issue 8 (and the watch half of 4): N concurrent `domainWatch` workflows on one worker process,
 * against the sandbox internet. Phases: set the world up (seeding N domains), measure a complete watch run on a
 * compressed schedule, start the N watches, let them run for a window while sampling the worker, read the
 * histories back, terminate everything. Every number comes from the processes, the worker's metrics or the
 * server's histories; nothing is estimated.
 */

/** Everything measured, before it is turned into figures. */
export interface WatchScaleMeasurement {
  options: WatchScaleOptions;
  placements: Record<string, number>;
  seedMs: number;
  start: StartWatchesResult;
  /** Seconds from the first start to the end of the window. */
  windowSeconds: number;
  timeline: TimelinePoint[];
  /** Worker counters between the first start and the end of the window. */
  probes: { completed: number; failed: number; workflowTasksFailed: number };
  processes: Record<string, ProcSummary>;
  /** CPU seconds used during the watch window, by us and by everything else on the machine. */
  windowCpu: { worker: number; temporalServer: number; benchDriverAndInternet: number; otherProcesses: number | null };
  /** The worker's own view (its metrics), over the window: ms quantiles. */
  workerLatencies: Record<string, { p50: number | null; p99: number | null }>;
  loadAverageEnd: number[];
  scan: ScanSummary & { sampled: boolean; durationMs: number; timeoutsByMinute: Record<string, number> };
  historyLengthQuery: { supported: boolean; over4000: number | null; error?: string };
  runLength: RunLengthResult | null;
  internet: ReturnType<BenchInternet['stats']>;
  mailSent: number;
  terminate: { durationMs: number; terminated: number; failed: number; stillRunning: number };
  metricNames: string[];
  logsDir: string;
}

function workerLatencies(before: MetricSample[], after: MetricSample[]): WatchScaleMeasurement['workerLatencies'] {
  const q = (name: string, where: Record<string, string> = {}) => ({
    p50: histogramQuantileBetween(before, after, name, 0.5, where),
    p99: histogramQuantileBetween(before, after, name, 0.99, where),
  });
  return {
    workflowTaskExecution: q('temporal_workflow_task_execution_latency'),
    workflowTaskReplay: q('temporal_workflow_task_replay_latency'),
    workflowTaskScheduleToStart: q('temporal_workflow_task_schedule_to_start_latency'),
    observeDomainExecution: q('temporal_activity_execution_latency', { activity_type: 'observeDomain' }),
    observeDomainScheduleToStart: q('temporal_activity_schedule_to_start_latency', { activity_type: 'observeDomain' }),
  };
}

function sample<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

/** Runs the benchmark and returns the raw measurement. */
export async function measureWatchScale(o: WatchScaleOptions, ctx: BenchmarkContext): Promise<WatchScaleMeasurement> {
  const log = ctx.log;
  const domains = planDomains(o.watches);
  const taskQueue = `bench-watch-scale-${Date.now().toString(36)}`;
  let seedMs = 0;
  log(`machine: ${JSON.stringify(describeMachine())}`);
  const world = await startWorld({
    workDir: ctx.workDir,
    taskQueue,
    maxCachedWorkflows: o.maxCachedWorkflows,
    maxConcurrentActivities: o.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: o.maxConcurrentWorkflowTasks,
    workerNodeOptions: o.workerNodeOptions,
    log,
    prewarm: domains.map((d) => d.domain),
    async seed(db) {
      const began = Date.now();
      log(`seeding ${domains.length} domains into the sandbox internet`);
      await seedDomains(db, domains, (n) => log(`  seeded ${n}`));
      seedMs = Date.now() - began;
    },
  });
  const pids: Record<string, number> = { worker: world.worker.pid };
  if (world.serverPid) pids.temporalServer = world.serverPid;
  const sampler = startProcSampler(pids, 1000);
  const cpuBefore = process.cpuUsage();
  try {
    const runLength = o.runLength.enabled
      ? await measureRunLength({
          client: world.client,
          db: world.db,
          taskQueue,
          intervalMs: o.runLength.intervalMs,
          maxObservationsPerRun: o.runLength.maxObservationsPerRun,
          timeoutMs: o.runLength.timeoutMs,
          forget: (d) => world.internet.forget(d),
          log,
        })
      : null;
    if (runLength) log(`run length: ${runLength.runs.map((r) => `${r.kind} ${r.events} events`).join(', ')}`);

    const baseline = await scrape(world.metricsUrl);
    const timeline = startTimeline(world, o.sampleEveryMs);
    await timeline.sample();
    const first = timeline.points[0];
    const busyBefore = readMachineBusyCpuSeconds();
    const driverBefore = process.cpuUsage();
    log(`starting ${domains.length} watches (${o.startConcurrency} at a time)`);
    const firstStartMs = Date.now();
    const start = await startWatches({
      client: world.client,
      taskQueue,
      domains: domains.map((d) => d.domain),
      concurrency: o.startConcurrency,
      firstCutoffMs: firstStartMs,
      cutoffSpreadMs: o.cutoffSpreadMs,
      followUpDays: 90,
      ...(o.intervalMs ? { settings: { fastIntervalMs: o.intervalMs } } : {}),
      onProgress: (n) => log(`  started ${n}`),
    });
    log(`started ${start.started} in ${(start.durationMs / 1000).toFixed(1)} s (${start.failed} failed)`);
    const windowEnd = Date.now() + o.windowMs;
    while (Date.now() < windowEnd) {
      await new Promise((r) => setTimeout(r, Math.min(30_000, windowEnd - Date.now())));
      const p = timeline.points[timeline.points.length - 1];
      if (p)
        log(
          `  t=${p.t}s probes=${p.probesCompleted - (first?.probesCompleted ?? 0)} worker=${p.workerRssMiB} MiB cache=${p.stickyCacheSize} mail=${p.mailSent}`,
        );
    }
    const last = await timeline.sample();
    await timeline.stop();
    const windowSeconds = (Date.now() - firstStartMs) / 1000;
    const finalScrape = timeline.lastScrape() ?? [];
    const busyAfter = readMachineBusyCpuSeconds();
    const driverCpu = process.cpuUsage(driverBefore);
    const cpuOf = (f: 'workerCpuSeconds' | 'serverCpuSeconds'): number =>
      Math.round(((last?.[f] ?? 0) - (first?.[f] ?? 0)) * 10) / 10;
    const ours = {
      worker: cpuOf('workerCpuSeconds'),
      temporalServer: cpuOf('serverCpuSeconds'),
      benchDriverAndInternet: Math.round(((driverCpu.user + driverCpu.system) / 1e6) * 10) / 10,
    };
    const windowCpu = {
      ...ours,
      otherProcesses:
        busyBefore === null || busyAfter === null
          ? null
          : // Ours and the machine's totals are read moments apart: a quiet machine can come out a little negative.
            Math.max(
              0,
              Math.round(
                (busyAfter - busyBefore - ours.worker - ours.temporalServer - ours.benchDriverAndInternet) * 10,
              ) / 10,
            ),
    };
    const loadAverageEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);

    // The worker has done its part: stop it (keeping its last memory reading) before reading histories back,
    // so the scan and the terminations do not compete with it, and nothing it does changes what is read.
    sampler.sampleNow();
    const workerStoppedAtMs = Date.now();
    await world.worker.process.stop(30_000);

    const ids = domains.map((d) => watchWorkflowId(d.domain));
    const scanIds = sample(ids, o.historyScanLimit);
    log(`reading ${scanIds.length} histories`);
    const scanBegan = Date.now();
    const runs = await scanWorkflows(world.client, scanIds, o.scanConcurrency);
    const scan = {
      ...summarizeScan(runs, workerStoppedAtMs),
      sampled: scanIds.length < ids.length,
      durationMs: Date.now() - scanBegan,
      timeoutsByMinute: timeoutsByMinute(runs, firstStartMs),
    };
    log(`histories read in ${(scan.durationMs / 1000).toFixed(1)} s: max ${scan.maxEvents} events`);

    let historyLengthQuery: WatchScaleMeasurement['historyLengthQuery'];
    try {
      const res = await world.client.workflow.count(`TaskQueue = "${taskQueue}" AND HistoryLength > 4000`);
      historyLengthQuery = { supported: true, over4000: res.count };
    } catch (err) {
      historyLengthQuery = { supported: false, over4000: null, error: String(err).slice(0, 300) };
    }

    log('terminating every watch');
    const terminate = await terminateAll(world.client, taskQueue, ids, o.terminateTimeoutMs);
    const processes = sampler.stop();
    const orchestratorCpu = process.cpuUsage(cpuBefore);
    processes.benchDriverAndInternet = {
      pid: process.pid,
      samples: 1,
      peakRssMiB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
      peakSampledRssMiB: 0,
      lastRssMiB: Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10,
      cpuSeconds: Math.round(((orchestratorCpu.user + orchestratorCpu.system) / 1e6) * 10) / 10,
      series: [],
    };
    return {
      options: o,
      placements: countPlacements(domains),
      seedMs,
      start,
      windowSeconds,
      timeline: timeline.points,
      probes: {
        completed: (last?.probesCompleted ?? 0) - (first?.probesCompleted ?? 0),
        failed: (last?.probesFailed ?? 0) - (first?.probesFailed ?? 0),
        workflowTasksFailed: (last?.workflowTasksFailed ?? 0) - (first?.workflowTasksFailed ?? 0),
      },
      processes,
      windowCpu,
      workerLatencies: workerLatencies(baseline ?? [], finalScrape),
      loadAverageEnd,
      scan,
      historyLengthQuery,
      runLength,
      internet: world.internet.stats(),
      mailSent: world.smtp.messages,
      terminate,
      metricNames: metricNames(finalScrape.length ? finalScrape : (baseline ?? [])),
      logsDir: ctx.workDir,
    };
  } finally {
    sampler.stop();
    await world.stop();
  }
}
