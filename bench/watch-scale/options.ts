import type { GroupStart } from './groups';

/**
 * Parameters of the watch benchmark, from `--key value` options (`npm run bench:watch -- --watches 2000`).
 * `--mode groups` (the default) runs issue 18's figure: group watches of 100 cases x 1,000 domains; `--mode domains`
 * runs issue 8's: 10,000 single-domain watches on the production schedule.
 */
export interface WatchScaleOptions {
  mode: 'groups' | 'domains';
  /** Group mode: cases (one group each, of `groupSize` domains), probe rounds to wait for, worker probe limits. */
  groups: GroupScaleOptions;
  watches: number;
  /** How long the watches run once all are started, before the histories are read. */
  windowMs: number;
  /** Overrides the watch's fast-phase interval; undefined keeps the production schedule (5 minutes). */
  intervalMs?: number;
  /** Cutoffs spread over this span (0: every domain cut off when the benchmark starts). */
  cutoffSpreadMs: number;
  startConcurrency: number;
  /** The worker's workflow cache (`TERMINUS_WORKER_MAX_CACHED_WORKFLOWS`). */
  maxCachedWorkflows: number;
  maxConcurrentActivities?: number;
  maxConcurrentWorkflowTasks?: number;
  sampleEveryMs: number;
  /**
   * Node flags of the worker. Default: a V8 heap cap at 75% of the 1 GiB budget, as the Temporal SDK advises for
   * a worker with a memory limit (Node sizes its heap from the machine's memory, 24 GiB here, and would let
   * garbage pile up far past the budget). `--worker-node-options none` runs it without.
   */
  workerNodeOptions: string[];
  /** Reads every run's history when the watches are at most this many; a random sample of this size beyond. */
  historyScanLimit: number;
  scanConcurrency: number;
  /** How long terminating the watches may take; what is left ends with the in-memory server. */
  terminateTimeoutMs: number;
  /** The run-length phase (benchmark 4): interval, and an override of observations per run (smoke test only). */
  runLength: { enabled: boolean; intervalMs: number; maxObservationsPerRun?: number; timeoutMs: number };
}

/** The group benchmark's own parameters. */
export interface GroupScaleOptions {
  cases: number;
  groupSize: number;
  /** Probe interval of every domain (the fast phase's, through the group's settings). */
  intervalMs: number;
  /** Complete probe rounds every domain must have had before the window ends. */
  rounds: number;
  /** The window ends this long after the last cutoff plus `rounds` intervals, at the latest. */
  graceMs: number;
  /** Worker limits (TERMINUS_WATCH_RESOLVER_RATE, TERMINUS_WATCH_PROBE_CONCURRENCY). */
  resolverRate: number;
  probeConcurrency: number;
  /** Seeding statements in flight. */
  seedConcurrency: number;
  /** Each group started at its cutoff (as cases start them) or all at once (`--start-at cutoff|once`). */
  startAt: GroupStart;
}

/** The benchmark as the issues state it (issue 18's group figure by default). */
export const DEFAULT_WATCH_SCALE_OPTIONS: WatchScaleOptions = {
  mode: 'groups',
  groups: {
    cases: 100,
    groupSize: 1000,
    intervalMs: 5 * 60_000,
    rounds: 3,
    graceMs: 2 * 60_000,
    resolverRate: 2000,
    probeConcurrency: 256,
    seedConcurrency: 8,
    startAt: 'cutoff',
  },
  watches: 10_000,
  windowMs: 6 * 60_000,
  cutoffSpreadMs: 5 * 60_000,
  startConcurrency: 50,
  maxCachedWorkflows: 1_000,
  sampleEveryMs: 5_000,
  workerNodeOptions: ['--max-old-space-size=768'],
  historyScanLimit: 10_000,
  scanConcurrency: 32,
  terminateTimeoutMs: 90_000,
  runLength: { enabled: true, intervalMs: 200, timeoutMs: 5 * 60_000 },
};

/** `90s`, `5m`, `1500ms`, `2h` or a bare number of milliseconds. */
export function parseDuration(text: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m?.[1]) throw new Error(`--${name}: "${text}" is not a duration (e.g. 90s, 5m, 1500ms)`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * factor);
}

function int(text: string, name: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: "${text}" must be an integer >= ${min}`);
  return n;
}

const KNOWN = [
  'mode',
  'cases',
  'group-size',
  'rounds',
  'grace',
  'resolver-rate',
  'probe-concurrency',
  'start-at',
  'watches',
  'window',
  'interval',
  'cutoff-spread',
  'start-concurrency',
  'max-cached-workflows',
  'max-activities',
  'max-workflow-tasks',
  'sample-every',
  'history-scan-limit',
  'run-length',
  'run-length-interval',
  'worker-node-options',
  'terminate-timeout',
];

/** Parses the options this benchmark knows; an unknown or malformed one is an error naming it. */
export function parseWatchScaleOptions(
  raw: Record<string, string>,
  base: WatchScaleOptions = DEFAULT_WATCH_SCALE_OPTIONS,
): WatchScaleOptions {
  const unknown = Object.keys(raw).filter((k) => !KNOWN.includes(k));
  if (unknown.length) throw new Error(`watch-scale: unknown option(s) ${unknown.map((k) => `--${k}`).join(', ')}`);
  const o: WatchScaleOptions = { ...base, groups: { ...base.groups }, runLength: { ...base.runLength } };
  if (raw.mode) {
    if (raw.mode !== 'groups' && raw.mode !== 'domains')
      throw new Error(`--mode: "${raw.mode}" must be groups or domains`);
    o.mode = raw.mode;
  }
  if (raw.cases) o.groups.cases = int(raw.cases, 'cases', 1);
  if (raw['group-size']) o.groups.groupSize = int(raw['group-size'], 'group-size', 1);
  if (raw['group-size'] && o.groups.groupSize > 1000) throw new Error("--group-size: at most 1000 (a group's bound)");
  if (raw.rounds) o.groups.rounds = int(raw.rounds, 'rounds', 1);
  if (raw.grace) o.groups.graceMs = parseDuration(raw.grace, 'grace');
  if (raw['resolver-rate']) o.groups.resolverRate = int(raw['resolver-rate'], 'resolver-rate', 0);
  if (raw['probe-concurrency']) o.groups.probeConcurrency = int(raw['probe-concurrency'], 'probe-concurrency', 1);
  if (raw['start-at']) {
    if (raw['start-at'] !== 'cutoff' && raw['start-at'] !== 'once')
      throw new Error(`--start-at: "${raw['start-at']}" must be cutoff or once`);
    o.groups.startAt = raw['start-at'];
  }
  // In group mode --interval is the groups' probe interval.
  if (raw.interval) o.groups.intervalMs = parseDuration(raw.interval, 'interval');
  if (raw.watches) o.watches = int(raw.watches, 'watches', 1);
  if (raw.window) o.windowMs = parseDuration(raw.window, 'window');
  if (raw.interval) o.intervalMs = parseDuration(raw.interval, 'interval');
  if (raw['cutoff-spread']) o.cutoffSpreadMs = parseDuration(raw['cutoff-spread'], 'cutoff-spread');
  if (raw['start-concurrency']) o.startConcurrency = int(raw['start-concurrency'], 'start-concurrency', 1);
  if (raw['max-cached-workflows']) o.maxCachedWorkflows = int(raw['max-cached-workflows'], 'max-cached-workflows', 0);
  if (raw['max-activities']) o.maxConcurrentActivities = int(raw['max-activities'], 'max-activities', 1);
  if (raw['max-workflow-tasks']) o.maxConcurrentWorkflowTasks = int(raw['max-workflow-tasks'], 'max-workflow-tasks', 1);
  if (raw['sample-every']) o.sampleEveryMs = parseDuration(raw['sample-every'], 'sample-every');
  if (raw['history-scan-limit']) o.historyScanLimit = int(raw['history-scan-limit'], 'history-scan-limit', 1);
  if (raw['run-length']) o.runLength.enabled = !['off', 'false', 'no', '0'].includes(raw['run-length']);
  if (raw['terminate-timeout']) o.terminateTimeoutMs = parseDuration(raw['terminate-timeout'], 'terminate-timeout');
  if (raw['worker-node-options'])
    o.workerNodeOptions =
      raw['worker-node-options'] === 'none' ? [] : raw['worker-node-options'].split(/\s+/).filter(Boolean);
  if (raw['run-length-interval'])
    o.runLength.intervalMs = parseDuration(raw['run-length-interval'], 'run-length-interval');
  return o;
}
