import type { Database, Queryable } from '../../db/database';
import { selfAndAncestors } from '../../domain/footprint/domain-name';
import { diffRrsets, sortRrsets, type PutOutcome, type RRset, type ZoneData, type ZoneSummary } from '../edge/provider';

/**
 * The sandbox's zones in the app database. The DNS server reads them per query (no cache), so a revocation or a
 * move to a competitor is visible on the next `dig`. `edge` is our customers' zones; `internet` plays everyone
 * else's authoritative servers.
 */

/** Which side of the sandbox a row belongs to. */
export type Realm = 'edge' | 'internet';

/** A zone found for a query: its realm (edge wins a tie), name and every RRset. */
export interface FoundZone {
  realm: Realm;
  name: string;
  provider: string | null;
  rrsets: RRset[];
}

interface RrsetRow {
  name: string;
  type: string;
  ttl: number;
  records: string[];
}

async function readRrsets(q: Queryable, realm: Realm, zone: string): Promise<RRset[]> {
  const rows = await q.query<RrsetRow>(
    'SELECT name, type, ttl, records FROM sandbox_rrsets WHERE realm = $1 AND zone = $2',
    [realm, zone],
  );
  return sortRrsets(rows.map((r) => ({ name: r.name, type: r.type, ttl: Number(r.ttl), records: r.records })));
}

/** Every zone of a realm, with its recorded owner. */
export async function listSandboxZones(
  db: Queryable,
  realm: Realm,
): Promise<(ZoneSummary & { provider: string | null })[]> {
  const rows = await db.query<{ name: string; account_id: string | null; provider: string | null }>(
    'SELECT name, account_id, provider FROM sandbox_zones WHERE realm = $1 ORDER BY name',
    [realm],
  );
  return rows.map((r) => ({ name: r.name, account: r.account_id, provider: r.provider }));
}

/** One zone with its RRsets, or null. */
export async function getSandboxZone(db: Queryable, realm: Realm, name: string): Promise<ZoneData | null> {
  const rows = await db.query<{ account_id: string | null; kind: string }>(
    'SELECT account_id, kind FROM sandbox_zones WHERE realm = $1 AND name = $2',
    [realm, name],
  );
  const row = rows[0];
  if (!row) return null;
  return { name, account: row.account_id, kind: row.kind, rrsets: await readRrsets(db, realm, name) };
}

/** Deletes a zone and its RRsets; false when it did not exist. */
export async function deleteSandboxZone(db: Queryable, realm: Realm, name: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM sandbox_zones WHERE realm = $1 AND name = $2 RETURNING name', [realm, name]);
  return rows.length > 0;
}

/** Makes the zone exactly `zone` in one transaction (owner, kind, RRsets); reports whether anything changed. */
export async function putSandboxZone(
  db: Database,
  realm: Realm,
  zone: ZoneData,
  provider: string | null = null,
): Promise<PutOutcome> {
  return db.transaction(async (tx) => {
    const existing = await tx.query<{ account_id: string | null; kind: string; provider: string | null }>(
      'SELECT account_id, kind, provider FROM sandbox_zones WHERE realm = $1 AND name = $2 FOR UPDATE',
      [realm, zone.name],
    );
    const before = existing[0];
    let changed =
      !before || before.account_id !== zone.account || before.kind !== zone.kind || before.provider !== provider;
    await tx.query(
      `INSERT INTO sandbox_zones (realm, name, account_id, provider, kind) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (realm, name) DO UPDATE SET account_id = EXCLUDED.account_id, provider = EXCLUDED.provider,
         kind = EXCLUDED.kind, updated_at = now()`,
      [realm, zone.name, zone.account, provider, zone.kind],
    );
    const diff = diffRrsets(before ? await readRrsets(tx, realm, zone.name) : [], zone.rrsets);
    for (const r of diff.remove) {
      await tx.query('DELETE FROM sandbox_rrsets WHERE realm = $1 AND zone = $2 AND name = $3 AND type = $4', [
        realm,
        zone.name,
        r.name,
        r.type,
      ]);
    }
    for (const r of diff.replace) {
      await tx.query(
        `INSERT INTO sandbox_rrsets (realm, zone, name, type, ttl, records) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
         ON CONFLICT (realm, zone, name, type) DO UPDATE SET ttl = EXCLUDED.ttl, records = EXCLUDED.records`,
        [realm, zone.name, r.name, r.type, r.ttl, JSON.stringify(r.records)],
      );
    }
    changed ||= diff.remove.length > 0 || diff.replace.length > 0;
    return !before ? 'created' : changed ? 'updated' : 'unchanged';
  });
}

/**
 * The deepest zone containing `qname` across both realms; at equal depth our edge wins (the sandbox answers as
 * our authoritative server first). Null when no zone contains the name.
 */
export async function findSandboxZone(db: Queryable, qname: string): Promise<FoundZone | null> {
  const rows = await db.query<{ realm: Realm; name: string; provider: string | null }>(
    `SELECT realm, name, provider FROM sandbox_zones WHERE name = ANY($1::text[])
     ORDER BY length(name) DESC, (realm = 'edge') DESC LIMIT 1`,
    [selfAndAncestors(qname)],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    realm: row.realm,
    name: row.name,
    provider: row.provider,
    rrsets: await readRrsets(db, row.realm, row.name),
  };
}
