import { SANDBOX_NAMESERVERS } from '../../config/edge';
import type { Database } from '../../db/database';
import type { ZoneData } from '../edge/provider';

/**
 * Accounts of thousands of zones for the sandbox edge (issue 18): tests, the bench and the account demo need a
 * customer whose every zone is also a proxied hostname, seeded in seconds. The zone contents follow the demo's
 * shape (SOA, NS, A, AAAA, a `www` CNAME), so what a revocation snapshots and a restore puts back is realistic.
 */

/** Which account and how many zones; names are `<prefix>-<n>.<tld>` (prefix defaults to the account id). */
export interface AccountSeedOptions {
  accountId: string;
  zones: number;
  /** First label's stem; defaults to the account id. */
  prefix?: string;
  /** Parent of every zone; `example` (the demo TLD) unless given. */
  tld?: string;
  /** Numbering starts here (a second call with a higher start adds "late" zones). */
  start?: number;
  /** Nameservers the zones delegate to; the sandbox's unless given. */
  nameservers?: readonly string[];
}

/** What a seed put on the edge: the zone names and the proxied hostnames (one per zone: the apex). */
export interface SeededAccount {
  accountId: string;
  zones: string[];
  hosts: string[];
}

/** The zone names a seed makes, in name order (zero-padded so name order is numeric order). */
export function accountZoneNames(options: AccountSeedOptions): string[] {
  if (!Number.isInteger(options.zones) || options.zones < 0 || options.zones > 1_000_000) {
    throw new Error(`zones must be a whole number from 0 to 1,000,000; got ${options.zones}`);
  }
  const stem = (options.prefix ?? options.accountId).toLowerCase();
  const start = options.start ?? 0;
  return Array.from(
    { length: options.zones },
    (_, i) => `${stem}-${String(start + i).padStart(6, '0')}.${options.tld ?? 'example'}`,
  );
}

/** One seeded zone's full contents (what PowerDNS or the sandbox serves for it). */
export function accountZone(
  name: string,
  accountId: string,
  index: number,
  nameservers: readonly string[] = SANDBOX_NAMESERVERS,
): ZoneData {
  const ns = nameservers.map((n) => `${n}.`);
  const octet = (index % 250) + 1;
  return {
    name,
    account: accountId,
    kind: 'Native',
    rrsets: [
      { name, type: 'SOA', ttl: 3600, records: [`${ns[0]} hostmaster.${name}. 2026120701 10800 3600 604800 300`] },
      { name, type: 'NS', ttl: 3600, records: ns },
      { name, type: 'A', ttl: 300, records: [`198.51.100.${octet}`] },
      { name, type: 'AAAA', ttl: 300, records: [`2001:db8::${octet.toString(16)}`] },
      { name: `www.${name}`, type: 'CNAME', ttl: 300, records: [`${name}.`] },
    ],
  };
}

const CHUNK = 1000;

/**
 * Seeds the account on the sandbox edge (`edge` realm) in bulk statements: every zone with its records, and a
 * proxied route for each apex. Idempotent: re-seeding makes the rows exactly so again and touches no other name.
 */
export async function seedSandboxAccount(db: Database, options: AccountSeedOptions): Promise<SeededAccount> {
  const names = accountZoneNames(options);
  const start = options.start ?? 0;
  for (let from = 0; from < names.length; from += CHUNK) {
    const chunk = names.slice(from, from + CHUNK);
    const zones = chunk.map((n, i) => accountZone(n, options.accountId, start + from + i, options.nameservers));
    const rrsets = zones.flatMap((z) => z.rrsets.map((r) => ({ zone: z.name, ...r })));
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO sandbox_zones (realm, name, account_id, kind)
         SELECT 'edge', n, $2, 'Native' FROM unnest($1::text[]) AS n
         ON CONFLICT (realm, name) DO UPDATE SET account_id = EXCLUDED.account_id, kind = 'Native', updated_at = now()`,
        [chunk, options.accountId],
      );
      await tx.query(`DELETE FROM sandbox_rrsets WHERE realm = 'edge' AND zone = ANY($1::text[])`, [chunk]);
      await tx.query(
        `INSERT INTO sandbox_rrsets (realm, zone, name, type, ttl, records)
         SELECT 'edge', z, n, t, ttl, r::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])
           AS x(z, n, t, ttl, r)`,
        [
          rrsets.map((r) => r.zone),
          rrsets.map((r) => r.name),
          rrsets.map((r) => r.type),
          rrsets.map((r) => r.ttl),
          rrsets.map((r) => JSON.stringify(r.records)),
        ],
      );
      await tx.query(
        `INSERT INTO sandbox_routes (realm, host, account_id, title)
         SELECT 'edge', h, $2, h FROM unnest($1::text[]) AS h
         ON CONFLICT (realm, host) DO UPDATE SET account_id = EXCLUDED.account_id, provider = NULL,
           origin_url = NULL, title = EXCLUDED.title, updated_at = now()`,
        [chunk, options.accountId],
      );
    });
  }
  return { accountId: options.accountId, zones: names, hosts: names };
}
