/**
 * Parameters of the account-revocation benchmark from `--account-revocation.<key> value` options. Defaults are the
 * issue's benchmark: an account of 10,000 zones, each also a proxied hostname, and a second run killed halfway.
 */
export interface AccountRevocationOptions {
  /**
   * Where Temporal and PostgreSQL run: `embedded` (the `npm start` shape: the Temporal dev server, PostgreSQL without
   * fsync) and `cluster` (the `npm run cluster` shape: the Temporal server v1.32.1 on a durable PostgreSQL).
   */
  profiles: AccountRevocationProfile[];
  zones: number;
  /** Items per `revokeAccountBatch` (a zone and its hostname are two items). */
  batchSize: number;
  /** Batches per driver run before it continues as new. */
  batchesPerRun: number;
  /** Whether the second run (worker SIGKILLed halfway, then restarted) happens. */
  kill: boolean;
  /** PowerDNS zone creates in flight while seeding. */
  seedConcurrency: number;
}

/** The platform profiles the benchmark knows. */
export const ACCOUNT_REVOCATION_PROFILES = ['embedded', 'cluster'] as const;
export type AccountRevocationProfile = (typeof ACCOUNT_REVOCATION_PROFILES)[number];

/** The benchmark as the issue states it, on both profiles. */
export const DEFAULT_ACCOUNT_REVOCATION_OPTIONS: AccountRevocationOptions = {
  profiles: [...ACCOUNT_REVOCATION_PROFILES],
  zones: 10_000,
  batchSize: 500,
  batchesPerRun: 50,
  kill: true,
  seedConcurrency: 4,
};

function whole(value: string, key: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${key} must be a whole number from ${min} to ${max}; got ${value}`);
  return n;
}

/** Parses the options; unknown keys are refused so a typo does not silently run the default. */
export function parseAccountRevocationOptions(raw: Record<string, string>): AccountRevocationOptions {
  const o = { ...DEFAULT_ACCOUNT_REVOCATION_OPTIONS };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'profiles') {
      const named = value.split(',').map((p) => p.trim());
      const unknown = named.filter((p) => !(ACCOUNT_REVOCATION_PROFILES as readonly string[]).includes(p));
      if (unknown.length || named.length === 0)
        throw new Error(`--profiles must name ${ACCOUNT_REVOCATION_PROFILES.join(' and/or ')}; got ${value}`);
      o.profiles = [...new Set(named)] as AccountRevocationProfile[];
    } else if (key === 'zones') o.zones = whole(value, key, 1, 100_000);
    else if (key === 'batch') o.batchSize = whole(value, key, 1, 500);
    else if (key === 'batches-per-run') o.batchesPerRun = whole(value, key, 1, 1000);
    else if (key === 'seed-concurrency') o.seedConcurrency = whole(value, key, 1, 32);
    else if (key === 'kill') {
      if (value !== 'on' && value !== 'off') throw new Error(`--kill must be on or off; got ${value}`);
      o.kill = value === 'on';
    } else throw new Error(`unknown option --${key} (profiles, zones, batch, batches-per-run, seed-concurrency, kill)`);
  }
  return o;
}
