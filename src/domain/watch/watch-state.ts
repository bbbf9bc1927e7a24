/**
 * The per-domain watch as a pure state machine: where the domain is confirmed to be served (ours, dark, or
 * elsewhere at a provider), what a run of consistent observations is about to confirm, and the chain of
 * confirmed changes. Only facts move it; an observation that could not tell (`unknown`) neither confirms nor
 * resets anything, so flapping SERVFAILs and timeouts can never produce an event.
 */

/** Where the domain is served, as the watch records it. */
export interface Placement {
  state: 'ours' | 'dark' | 'elsewhere';
  /** Provider id when `elsewhere` (`unknown` when nobody in the database matched); null otherwise. */
  provider: string | null;
}

/** One classified observation, reduced to what the watch needs (JSON-safe, from the observe activity). */
export interface WatchObservation {
  state: 'ours' | 'dark' | 'elsewhere' | 'unknown';
  provider: string | null;
  confidence: number;
  /** When it was taken (workflow time). */
  at: string;
}

/** A confirmed change; the same shape as the contract's `ProviderChange`. */
export interface ConfirmedChange {
  domain: string;
  /** `ours`, `dark`, or the provider id. */
  state: string;
  provider: string | null;
  confidence: number;
  at: string;
}

/** Knobs of the watch; defaults in {@link DEFAULT_WATCH_SETTINGS}. */
export interface WatchSettings {
  /** Consistent observations needed before a change is declared. */
  confirmations: number;
  /** Probe interval right after the cutoff or a change, and while a change awaits confirmation. */
  fastIntervalMs: number;
  fastWindowMs: number;
  mediumIntervalMs: number;
  mediumWindowMs: number;
  slowIntervalMs: number;
  /** Most chain entries kept (the first and the newest survive); real chains are far shorter. */
  maxChainLength: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every 5 minutes for the first 6 hours after the cutoff (or a change), hourly for a week, then every 6 hours. */
export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  confirmations: 3,
  fastIntervalMs: 5 * MINUTE,
  fastWindowMs: 6 * HOUR,
  mediumIntervalMs: HOUR,
  mediumWindowMs: 7 * 24 * HOUR,
  slowIntervalMs: 6 * HOUR,
  maxChainLength: 100,
};

/** The whole watch state; carried across continue-as-new, so JSON-safe and bounded. */
export interface WatchState {
  current: Placement & { since: string };
  pending: { placement: Placement; count: number; firstSeenAt: string; confidence: number } | null;
  chain: ConfirmedChange[];
  /** Changes confirmed so far (also the index of the next one: the alert idempotency key uses it). */
  changesConfirmed: number;
  lastChangeAt: string | null;
  observations: number;
  unknownObservations: number;
}

/** Where a watch starts: on our edge at the cutoff (service ends then; the first facts say where it went). */
export function initialWatchState(cutoffAt: string): WatchState {
  return {
    current: { state: 'ours', provider: 'ours', since: cutoffAt },
    pending: null,
    chain: [],
    changesConfirmed: 0,
    lastChangeAt: null,
    observations: 0,
    unknownObservations: 0,
  };
}

/** The key two placements share when they are the same (`ours`, `dark`, or the provider id). */
export function placementKey(p: Placement): string {
  return p.state === 'elsewhere' ? (p.provider ?? 'unknown') : p.state;
}

function toPlacement(o: WatchObservation): Placement | null {
  if (o.state === 'unknown') return null;
  if (o.state === 'elsewhere') return { state: 'elsewhere', provider: o.provider ?? 'unknown' };
  return { state: o.state, provider: o.state === 'ours' ? 'ours' : null };
}

function boundedChain(chain: ConfirmedChange[], max: number): ConfirmedChange[] {
  if (chain.length <= max) return chain;
  const [first] = chain;
  return first ? [first, ...chain.slice(chain.length - (max - 1))] : chain;
}

/**
 * Applies one observation. Returns the next state and, when this observation completes a run of
 * `confirmations` consistent ones that differ from the current placement, the confirmed change.
 */
export function applyObservation(
  state: WatchState,
  observation: WatchObservation,
  domain: string,
  settings: WatchSettings = DEFAULT_WATCH_SETTINGS,
): { state: WatchState; change: ConfirmedChange | null } {
  const counted = { ...state, observations: state.observations + 1 };
  const placement = toPlacement(observation);
  if (placement === null) {
    return { state: { ...counted, unknownObservations: state.unknownObservations + 1 }, change: null };
  }
  const key = placementKey(placement);
  if (key === placementKey(state.current)) return { state: { ...counted, pending: null }, change: null };
  const pending =
    state.pending && placementKey(state.pending.placement) === key
      ? { ...state.pending, count: state.pending.count + 1, confidence: observation.confidence }
      : { placement, count: 1, firstSeenAt: observation.at, confidence: observation.confidence };
  if (pending.count < settings.confirmations) return { state: { ...counted, pending }, change: null };
  const change: ConfirmedChange = {
    domain,
    state: key,
    provider: placement.provider,
    confidence: observation.confidence,
    at: observation.at,
  };
  return {
    state: {
      ...counted,
      current: { ...placement, since: pending.firstSeenAt },
      pending: null,
      chain: boundedChain([...state.chain, change], settings.maxChainLength),
      changesConfirmed: state.changesConfirmed + 1,
      lastChangeAt: observation.at,
    },
    change,
  };
}

/**
 * How long to wait before the next probe: frequent right after the cutoff or the last confirmed change (when
 * customers move), sparser as things settle, and frequent again while a change awaits confirmation.
 */
export function nextProbeDelayMs(
  state: WatchState,
  nowMs: number,
  cutoffAtMs: number,
  settings: WatchSettings = DEFAULT_WATCH_SETTINGS,
): number {
  const anchor = Math.max(cutoffAtMs, state.lastChangeAt ? Date.parse(state.lastChangeAt) : cutoffAtMs);
  const age = Math.max(0, nowMs - anchor);
  const base =
    age < settings.fastWindowMs
      ? settings.fastIntervalMs
      : age < settings.mediumWindowMs
        ? settings.mediumIntervalMs
        : settings.slowIntervalMs;
  return state.pending ? Math.min(base, settings.fastIntervalMs) : base;
}
