/**
 * How hard the batched probe may hit the outside world: starts per second per resolver and per provider
 * (a third party's servers: `ours` and `dark` are not limited), probes in flight, and the random delay each probe
 * waits first so a group's due domains do not leave in lockstep. Parsed here, read from the environment by the
 * worker's wiring (the activity factories never read configuration).
 */

/** The limits; defaults in {@link DEFAULT_PROBE_LIMITS}. */
export interface ProbeLimits {
  /** Probes in flight at once in the whole worker, whatever the number of batches running (bounds memory). */
  concurrency: number;
  /** Probe starts per second per resolver (each start asks it four to a dozen questions). */
  perResolverPerSecond: number;
  /** Probe starts per second per provider a domain is served by now. */
  perProviderPerSecond: number;
  /** Each probe first waits a random 0..jitterMs. */
  jitterMs: number;
}

/** 400 starts/s per resolver, 100/s per provider, 256 in flight per worker, up to 1 s of jitter. */
export const DEFAULT_PROBE_LIMITS: ProbeLimits = {
  concurrency: 256,
  perResolverPerSecond: 400,
  perProviderPerSecond: 100,
  jitterMs: 1000,
};

const VARIABLES: Record<keyof ProbeLimits, [name: string, min: number, max: number]> = {
  concurrency: ['TERMINUS_WATCH_PROBE_CONCURRENCY', 1, 10_000],
  perResolverPerSecond: ['TERMINUS_WATCH_RESOLVER_RATE', 0, 100_000],
  perProviderPerSecond: ['TERMINUS_WATCH_PROVIDER_RATE', 0, 100_000],
  jitterMs: ['TERMINUS_WATCH_PROBE_JITTER_MS', 0, 600_000],
};

/**
 * Reads `TERMINUS_WATCH_PROBE_CONCURRENCY`, `TERMINUS_WATCH_RESOLVER_RATE`, `TERMINUS_WATCH_PROVIDER_RATE` (0: no
 * limit) and `TERMINUS_WATCH_PROBE_JITTER_MS`; throws naming a variable that is not a whole number in range.
 */
export function parseProbeLimits(env: Record<string, string | undefined>): ProbeLimits {
  const limits = { ...DEFAULT_PROBE_LIMITS };
  for (const [field, [name, min, max]] of Object.entries(VARIABLES) as [
    keyof ProbeLimits,
    [string, number, number],
  ][]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`invalid configuration: ${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    limits[field] = n;
  }
  return limits;
}
