/**
 * The group watch's per-domain state, kept compact: a group holds up to 1,000 domains and carries them across
 * continue-as-new, so each keeps only what the next decision needs (where it is confirmed to be, what a run of
 * observations is about to confirm, when it is next due). The confirmation and interval rules are the single
 * domain watch's own (`applyObservation`, `nextProbeDelayMs`); the provider chain goes to the database.
 */
import {
  applyObservation,
  type ConfirmedChange,
  nextProbeDelayMs,
  type Placement,
  placementKey,
  type WatchObservation,
  type WatchSettings,
  type WatchState,
} from './watch-state';

/** One watched domain in a group (JSON-safe; about 100 bytes, 170 while a change awaits confirmation). */
export interface GroupDomain {
  /** The domain. */
  d: string;
  /** Current placement key (`ours`, `dark` or a provider id) and since when. */
  cur: string;
  since: string;
  /** The placement a run of consistent observations is about to confirm. */
  pend?: { key: string; n: number; at: string; conf: number };
  /** Changes confirmed so far for this domain (index of the next one in the history table). */
  k: number;
  /** The last confirmed change (anchors the adaptive interval), absent before the first. */
  last?: string;
  /** When it is next due (epoch ms, on the schedule: lateness is measured against it). */
  due: number;
}

/** Placement of a key (the inverse of `placementKey`). */
export function placementOf(key: string): Placement {
  if (key === 'ours') return { state: 'ours', provider: 'ours' };
  if (key === 'dark') return { state: 'dark', provider: null };
  return { state: 'elsewhere', provider: key };
}

/** Domains as they start: on our edge since the cutoff, first probe due at the cutoff. */
export function initialGroupDomains(domains: readonly string[], cutoffAt: string): GroupDomain[] {
  const due = Date.parse(cutoffAt);
  return domains.map((d) => ({ d, cur: 'ours', since: cutoffAt, k: 0, due }));
}

function toWatchState(g: GroupDomain): WatchState {
  return {
    current: { ...placementOf(g.cur), since: g.since },
    pending: g.pend
      ? { placement: placementOf(g.pend.key), count: g.pend.n, firstSeenAt: g.pend.at, confidence: g.pend.conf }
      : null,
    chain: [],
    changesConfirmed: g.k,
    lastChangeAt: g.last ?? null,
    observations: 0,
    unknownObservations: 0,
  };
}

function fromWatchState(g: GroupDomain, s: WatchState): GroupDomain {
  const next: GroupDomain = {
    d: g.d,
    cur: placementKey(s.current),
    since: s.current.since,
    k: s.changesConfirmed,
    due: g.due,
  };
  if (s.pending)
    next.pend = {
      key: placementKey(s.pending.placement),
      n: s.pending.count,
      at: s.pending.firstSeenAt,
      conf: s.pending.confidence,
    };
  if (s.lastChangeAt) next.last = s.lastChangeAt;
  return next;
}

/**
 * Applies one observation of a domain and schedules its next probe. The next due time follows the schedule
 * (previous due + interval), so one late probe does not shift the rest; a domain that fell more than a whole
 * interval behind is rescheduled from now and the rounds it skipped are returned as `missed`.
 */
export function observeGroupDomain(
  g: GroupDomain,
  observation: WatchObservation,
  cutoffAtMs: number,
  settings: WatchSettings,
): { next: GroupDomain; change: ConfirmedChange | null; missed: number } {
  const applied = applyObservation(toWatchState(g), observation, g.d, settings);
  const next = fromWatchState(g, applied.state);
  const now = Date.parse(observation.at);
  const delay = nextProbeDelayMs(applied.state, now, cutoffAtMs, settings);
  let due = g.due + delay;
  // A confirmed change or a pending one shortens the interval: never wait longer than the rule says from now.
  if (due > now + delay) due = now + delay;
  let missed = 0;
  if (due <= now) {
    missed = Math.floor((now - g.due) / delay);
    due = now + delay;
  }
  next.due = due;
  return { next, change: applied.change, missed };
}

/** Changes of one round grouped by where the domains went: one alert per provider change. */
export interface GroupedChange<T extends ConfirmedChange = ConfirmedChange> {
  /** `ours`, `dark`, or the provider id. */
  state: string;
  provider: string | null;
  changes: T[];
}

/** Groups confirmed changes by destination, in first-seen order. */
export function groupChanges<T extends ConfirmedChange>(changes: readonly T[]): GroupedChange<T>[] {
  const byKey = new Map<string, GroupedChange<T>>();
  for (const c of changes) {
    let g = byKey.get(c.state);
    if (!g) {
      g = { state: c.state, provider: c.provider, changes: [] };
      byKey.set(c.state, g);
    }
    g.changes.push(c);
  }
  return [...byKey.values()];
}

/** Upper bounds (ms) of the lateness histogram the group keeps; the last bucket is everything beyond. */
export const LATENESS_BUCKETS_MS = [1_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 900_000] as const;

/** Probe statistics of a group (carried across continue-as-new; for the benchmark and the Web UI). */
export interface GroupProbeStats {
  probes: number;
  failed: number;
  missed: number;
  maxLatenessMs: number;
  /** Counts per bucket of {@link LATENESS_BUCKETS_MS}, plus one for beyond the last. */
  lateness: number[];
}

/** Empty statistics. */
export function emptyProbeStats(): GroupProbeStats {
  return { probes: 0, failed: 0, missed: 0, maxLatenessMs: 0, lateness: LATENESS_BUCKETS_MS.map(() => 0).concat(0) };
}

/** Counts one probe taken `latenessMs` after it was due. */
export function countProbe(stats: GroupProbeStats, latenessMs: number, failed: boolean, missed: number): void {
  stats.probes++;
  if (failed) stats.failed++;
  stats.missed += missed;
  const late = Math.max(0, latenessMs);
  stats.maxLatenessMs = Math.max(stats.maxLatenessMs, late);
  const i = LATENESS_BUCKETS_MS.findIndex((b) => late <= b);
  const at = i < 0 ? LATENESS_BUCKETS_MS.length : i;
  stats.lateness[at] = (stats.lateness[at] ?? 0) + 1;
}

/** The bucket bound (ms) at or below which `q` of the probes were taken; null without probes, Infinity beyond. */
export function latenessQuantileMs(stats: GroupProbeStats, q: number): number | null {
  const total = stats.lateness.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (let i = 0; i < stats.lateness.length; i++) {
    seen += stats.lateness[i] ?? 0;
    if (seen >= q * total) return LATENESS_BUCKETS_MS[i] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

/** Sums the statistics of several groups (the benchmark reads every group's). */
export function mergeProbeStats(all: readonly GroupProbeStats[]): GroupProbeStats {
  const sum = emptyProbeStats();
  for (const s of all) {
    sum.probes += s.probes;
    sum.failed += s.failed;
    sum.missed += s.missed;
    sum.maxLatenessMs = Math.max(sum.maxLatenessMs, s.maxLatenessMs);
    s.lateness.forEach((n, i) => (sum.lateness[i] = (sum.lateness[i] ?? 0) + n));
  }
  return sum;
}
