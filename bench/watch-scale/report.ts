import { DEFAULT_WATCH_SETTINGS } from '../../src/domain/watch';
import { downsample } from '../lib/proc-sampler';
import type { Figure } from '../lib/types';
import type { WatchScaleMeasurement } from './run-watch-scale';
import { peakRate } from './timeline';

/**
 * Turns the measurement into the figures the README reports, each with its target and, when missed, by how
 * much, plus the notes a reader needs to trust them (what was sampled, what limited the run).
 */

const WORKER_RSS_TARGET_MIB = 1024;
const HISTORY_LIMIT = 4096;
const round1 = (x: number): number => Math.round(x * 10) / 10;

function overBy(value: number, target: number, unit: string): string {
  return `${round1(value - target)} ${unit} (${round1(((value - target) / target) * 100)}%) over the target`;
}

function minutes(byMinute: Record<string, number>): string {
  const entries = Object.entries(byMinute).sort((a, b) => Number(a[0]) - Number(b[0]));
  return entries.length ? entries.map(([minute, n]) => `${minute}m ${n}`).join(', ') : 'none';
}

/** Probes per second over the last `seconds` of the timeline (the steady part, after the starts). */
function tailRate(points: WatchScaleMeasurement['timeline'], seconds: number): number | null {
  const last = points[points.length - 1];
  const first = last ? points.find((p) => p.t >= last.t - seconds) : undefined;
  if (!last || !first || last.t - first.t < seconds / 2) return null;
  return round1((last.probesCompleted - first.probesCompleted) / (last.t - first.t));
}

/** The figures of one run. */
export function watchScaleFigures(m: WatchScaleMeasurement): Figure[] {
  const rss = m.processes.worker?.peakRssMiB ?? null;
  const rate = m.windowSeconds > 0 ? round1(m.probes.completed / m.windowSeconds) : null;
  const interval = m.options.intervalMs ?? DEFAULT_WATCH_SETTINGS.fastIntervalMs;
  const demand = round1(m.start.started / (interval / 1000));
  const fullRuns = m.runLength?.runs.filter((r) => r.closedAs === 'continued_as_new') ?? [];
  const longestFullRun = fullRuns.reduce((max, r) => Math.max(max, r.events), 0);
  const maxEvents = Math.max(m.scan.maxEvents, longestFullRun);
  const timeouts = m.scan.workflowTaskTimeouts.startToClose + m.scan.workflowTaskTimeouts.scheduleToStart;
  const scanned = m.scan.sampled ? `a random sample of ${m.scan.workflows} watches` : `all ${m.scan.workflows} watches`;
  return [
    {
      key: 'watches',
      label: 'Concurrent domain watches on one worker',
      value: m.start.started,
      unit: 'workflows',
      target: `${m.options.watches}`,
      met: m.start.started === m.options.watches,
      note: m.start.failed ? `${m.start.failed} starts failed: ${m.start.firstError ?? ''}` : undefined,
    },
    {
      key: 'peakWorkerRssMiB',
      label: 'Worker resident memory, peak',
      value: rss,
      unit: 'MiB',
      target: `<= ${WORKER_RSS_TARGET_MIB} MiB`,
      met: rss === null ? null : rss <= WORKER_RSS_TARGET_MIB,
      note:
        rss !== null && rss > WORKER_RSS_TARGET_MIB
          ? `${overBy(rss, WORKER_RSS_TARGET_MIB, 'MiB')}; workflow cache ${m.options.maxCachedWorkflows}, node ${m.options.workerNodeOptions.join(' ') || '(no flags)'}`
          : `workflow cache ${m.options.maxCachedWorkflows}, node ${m.options.workerNodeOptions.join(' ') || '(no flags)'}; kernel high-water mark and 1 s samples`,
    },
    {
      key: 'probesPerSecond',
      label: 'Probes per second (completed observeDomain activities, mean over the window)',
      value: rate,
      unit: 'probes/s',
      note: `last 150 s ${tailRate(m.timeline, 150)}/s, peak ${peakRate(m.timeline, 'probesCompleted', 30)}/s over 30 s; the schedule asks for ${demand}/s (one probe per watch every ${interval / 1000} s)`,
    },
    {
      key: 'maxHistoryEvents',
      label: 'Longest run history',
      value: maxEvents,
      unit: 'events',
      target: `< ${HISTORY_LIMIT}`,
      met: maxEvents < HISTORY_LIMIT,
      note: `${scanned} read back (longest ${m.scan.maxEvents}); longest complete run ${longestFullRun || 'not measured'}`,
    },
    {
      key: 'workflowTaskTimeouts',
      label: 'Workflow task timeouts',
      value: timeouts,
      unit: 'timeouts',
      target: '0',
      met: timeouts === 0,
      note:
        `from the histories of ${scanned}, recorded while the worker ran (start-to-close ` +
        `${m.scan.workflowTaskTimeouts.startToClose}, sticky schedule-to-start ` +
        `${m.scan.workflowTaskTimeouts.scheduleToStart}); ${m.scan.workflowTaskTimeoutsAfterWindow} more after the ` +
        `benchmark stopped the worker with tasks in flight; all by minute since the first start (starts took ` +
        `${round1(m.start.durationMs / 1000)} s): ${minutes(m.scan.timeoutsByMinute)}; worker metric: ` +
        `${m.probes.workflowTasksFailed} workflow task failures`,
    },
    {
      key: 'eventsPerWatchRun',
      label: 'History events per complete watch run (benchmark 4)',
      value: longestFullRun || null,
      unit: 'events',
      target: `< ${HISTORY_LIMIT}`,
      met: fullRuns.length ? longestFullRun < HISTORY_LIMIT : null,
      note: fullRuns.length
        ? fullRuns.map((r) => `${r.kind} ${r.events} (${r.observations} observations)`).join('; ')
        : 'run-length phase not run or no run completed',
    },
    {
      key: 'observeScheduleToStartP99Ms',
      label: 'Probe wait for the worker, p99 (activity schedule-to-start)',
      value: m.scan.observeScheduleToStartMs.p99,
      unit: 'ms',
      note: `p50 ${m.scan.observeScheduleToStartMs.p50} ms, max ${m.scan.observeScheduleToStartMs.max} ms; workflow tasks p99 ${m.scan.workflowTaskScheduleToStartMs.p99} ms`,
    },
  ];
}

/** Sentences for the results file: scale, bottlenecks and anything that qualifies the figures. */
export function watchScaleNotes(m: WatchScaleMeasurement): string[] {
  const notes: string[] = [];
  const c = m.windowCpu;
  notes.push(
    `CPU during the ${round1(m.windowSeconds)} s from the first start to the end of the window (2 cores: ` +
      `${round1(m.windowSeconds * 2)} core-seconds): worker ${c.worker} s, Temporal dev server ${c.temporalServer} s, ` +
      `bench driver + sandbox internet (PGlite, DNS, proxy, SMTP) ${c.benchDriverAndInternet} s, other processes on ` +
      `the machine ${c.otherProcesses ?? 'unknown'} s (load average ${m.loadAverageEnd.join(' / ')} at the end).`,
  );
  const l = m.workerLatencies;
  const fmt = (x: { p50: number | null; p99: number | null } | undefined): string =>
    x ? `p50 <= ${x.p50 ?? 'top bucket'} / p99 <= ${x.p99 ?? 'top bucket'} ms` : 'n/a';
  notes.push(
    `Worker metrics over the window (upper bounds of the SDK's histogram buckets): workflow task execution ${fmt(l.workflowTaskExecution)}, replay ${fmt(l.workflowTaskReplay)}, ` +
      `workflow task schedule-to-start ${fmt(l.workflowTaskScheduleToStart)}, observeDomain execution ${fmt(l.observeDomainExecution)}.`,
  );
  const interval = m.options.intervalMs ?? DEFAULT_WATCH_SETTINGS.fastIntervalMs;
  notes.push(
    m.options.intervalMs
      ? `Watches probed every ${interval / 1000} s (the fast-phase interval overridden through the watch's settings input), not the production 5 minutes.`
      : `Watches ran on the production schedule, all in their densest phase (a probe every 5 minutes after the cutoff), cutoffs spread over the first ${round1(m.options.cutoffSpreadMs / 1000)} s so the probes arrive at the steady rate rather than all at once.`,
  );
  if (m.probes.failed > 0) notes.push(`${m.probes.failed} probe activities failed (counted as unknown observations).`);
  const dns = m.internet.dns;
  notes.push(
    `Sandbox internet: ${dns.lookups} DNS lookups (mean ${dns.lookups ? round1(dns.totalMs / dns.lookups) : 0} ms, max ${round1(dns.maxMs)} ms, ${dns.errors} errors), ${m.internet.http.lookups} HTTP requests; ${m.mailSent} staff alerts received by SMTP.`,
  );
  if (!m.historyLengthQuery.supported)
    notes.push(`The visibility query on HistoryLength is not supported by this server: ${m.historyLengthQuery.error}`);
  else
    notes.push(
      `Visibility count of runs with HistoryLength > 4000: ${m.historyLengthQuery.over4000} (visibility updates HistoryLength only at upserts and close, so the history scan is the authority).`,
    );
  const t = m.terminate;
  notes.push(
    `Clean-up: ${t.terminated} watches terminated in ${round1(t.durationMs / 1000)} s (${round1(t.terminated / Math.max(t.durationMs / 1000, 0.001))}/s, ${t.failed} failed)` +
      (t.stillRunning > 0
        ? `; the time limit left ${t.stillRunning} running, which ended with the in-memory dev server.`
        : '; none left running.'),
  );
  if (m.runLength?.timedOut) notes.push('The run-length phase timed out before every first run closed.');
  return notes;
}

/** The details kept in the JSON file (time series shortened). */
export function watchScaleDetails(m: WatchScaleMeasurement): Record<string, unknown> {
  return {
    placements: m.placements,
    seedSeconds: round1(m.seedMs / 1000),
    start: m.start,
    windowSeconds: round1(m.windowSeconds),
    probes: m.probes,
    processes: Object.fromEntries(
      Object.entries(m.processes).map(([k, p]) => [k, { ...p, series: downsample(p.series, 120) }]),
    ),
    historyScan: m.scan,
    historyLengthQuery: m.historyLengthQuery,
    runLength: m.runLength,
    internet: m.internet,
    mailSent: m.mailSent,
    terminate: m.terminate,
    timeline: downsample(m.timeline, 150),
    workerMetricNames: m.metricNames,
  };
}
