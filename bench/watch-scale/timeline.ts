import { readProc } from '../lib/proc-sampler';
import { scrape, total, type MetricSample } from '../lib/prometheus';
import type { World } from './world';

/**
 * A point every few seconds of what the worker and its surroundings did: probes completed (the worker's own
 * metrics), workflow cache occupancy and hits, worker memory, DNS lookups and mail sent. Rates are read off
 * consecutive points.
 */
export interface TimelinePoint {
  /** Seconds since the timeline started. */
  t: number;
  probesCompleted: number;
  probesFailed: number;
  workflowTasksFailed: number;
  stickyCacheSize: number;
  stickyCacheHits: number;
  stickyCacheMisses: number;
  workerRssMiB: number;
  workerCpuSeconds: number;
  serverRssMiB: number;
  serverCpuSeconds: number;
  dnsLookups: number;
  mailSent: number;
}

/** Reads the counters this benchmark follows from one scrape (probes: completed `activityType` activities). */
export function probeCounters(
  samples: MetricSample[],
  activityType = 'observeDomain',
): {
  completed: number;
  failed: number;
  workflowTasksFailed: number;
  cacheSize: number;
  cacheHits: number;
  cacheMisses: number;
} {
  const probe = { activity_type: activityType };
  return {
    completed: total(samples, 'temporal_activity_execution_latency_count', probe),
    failed: total(samples, 'temporal_activity_execution_failed', probe),
    workflowTasksFailed: total(samples, 'temporal_workflow_task_execution_failed'),
    cacheSize: total(samples, 'temporal_sticky_cache_size'),
    cacheHits: total(samples, 'temporal_sticky_cache_hit'),
    cacheMisses: total(samples, 'temporal_sticky_cache_miss'),
  };
}

/** A running timeline. */
export interface Timeline {
  points: TimelinePoint[];
  /** The last successful scrape (for names and histograms). */
  lastScrape(): MetricSample[] | null;
  /** Takes a point now (also done every `everyMs`). */
  sample(): Promise<TimelinePoint | null>;
  stop(): Promise<void>;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Starts sampling every `everyMs`; probes are completed `activityType` activities (one per batch for groups). */
export function startTimeline(world: World, everyMs: number, activityType = 'observeDomain'): Timeline {
  const started = Date.now();
  const points: TimelinePoint[] = [];
  let last: MetricSample[] | null = null;
  let pending: Promise<TimelinePoint | null> = Promise.resolve(null);
  const take = async (): Promise<TimelinePoint | null> => {
    const samples = await scrape(world.metricsUrl);
    if (!samples) return null;
    last = samples;
    const c = probeCounters(samples, activityType);
    const w = readProc(world.worker.pid);
    const s = world.serverPid ? readProc(world.serverPid) : null;
    const point: TimelinePoint = {
      t: round1((Date.now() - started) / 1000),
      probesCompleted: c.completed,
      probesFailed: c.failed,
      workflowTasksFailed: c.workflowTasksFailed,
      stickyCacheSize: c.cacheSize,
      stickyCacheHits: c.cacheHits,
      stickyCacheMisses: c.cacheMisses,
      workerRssMiB: round1((w?.rssBytes ?? 0) / 2 ** 20),
      workerCpuSeconds: round1(w?.cpuSeconds ?? 0),
      serverRssMiB: round1((s?.rssBytes ?? 0) / 2 ** 20),
      serverCpuSeconds: round1(s?.cpuSeconds ?? 0),
      dnsLookups: world.internet.stats().dns.lookups,
      mailSent: world.smtp.messages,
    };
    points.push(point);
    return point;
  };
  const sample = (): Promise<TimelinePoint | null> => {
    pending = pending.then(take, take);
    return pending;
  };
  const timer = setInterval(() => void sample(), everyMs);
  timer.unref();
  return {
    points,
    lastScrape: () => last,
    sample,
    async stop() {
      clearInterval(timer);
      await pending.catch(() => undefined);
    },
  };
}

/** Highest rate of `field` per second over any span of about `spanSeconds` between points. */
export function peakRate(points: TimelinePoint[], field: keyof TimelinePoint, spanSeconds: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < points.length; i++) {
    const end = points[i];
    if (!end) continue;
    while (j < i && (points[j + 1]?.t ?? Infinity) <= end.t - spanSeconds) j++;
    const begin = points[j];
    if (!begin || end.t - begin.t < spanSeconds * 0.8) continue;
    best = Math.max(best, (Number(end[field]) - Number(begin[field])) / (end.t - begin.t));
  }
  return Math.round(best * 10) / 10;
}
