import { isDeepStrictEqual } from 'node:util';
import { sortRrsets, type RRset } from '../../src/adapters/edge/provider';
import type { SandboxRoute } from '../../src/adapters/sandbox/route-repository';
import { findSandboxRoute } from '../../src/adapters/sandbox/route-repository';
import { findSandboxZone, type FoundZone, type Realm } from '../../src/adapters/sandbox/zone-repository';
import type { Database } from '../../src/db/database';
import { selfAndAncestors } from '../../src/domain/footprint/domain-name';

/**
 * The sandbox's answers for many domains at once, read in three statements instead of three per domain. The
 * sandbox tables have no index on the zone name or the route host alone (their keys start with the realm), so
 * at 10,000 domains each per-domain read scans the table: reading the seeded world that way took 78 s here.
 * The choice rules are the repositories' own (deepest zone, our edge first at equal depth; exact host before a
 * one-label wildcard, our edge first), and {@link verifySnapshot} checks a sample against them.
 */

/** The answers for each name, as `findSandboxZone` and `findSandboxRoute` would give them. */
export interface SandboxSnapshot {
  zones: Map<string, FoundZone | null>;
  routes: Map<string, SandboxRoute | null>;
}

interface ZoneRow {
  realm: Realm;
  name: string;
  provider: string | null;
}

function pickZone(zonesByName: Map<string, ZoneRow[]>, qname: string): ZoneRow | null {
  for (const candidate of selfAndAncestors(qname)) {
    const rows = zonesByName.get(candidate);
    if (rows?.length) return rows.find((r) => r.realm === 'edge') ?? rows[0] ?? null;
  }
  return null;
}

function pickRoute(routesByHost: Map<string, SandboxRoute[]>, host: string): SandboxRoute | null {
  const dot = host.indexOf('.');
  for (const candidate of [host, dot > 0 ? `*${host.slice(dot)}` : null]) {
    const rows = candidate ? routesByHost.get(candidate) : undefined;
    if (rows?.length) return rows.find((r) => r.realm === 'edge') ?? rows[0] ?? null;
  }
  return null;
}

function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

/** Reads what the sandbox would answer for each of `names` (zone for DNS, route for HTTP). */
export async function loadSandboxSnapshot(db: Database, names: readonly string[]): Promise<SandboxSnapshot> {
  const zoneRows = await db.query<ZoneRow>('SELECT realm, name, provider FROM sandbox_zones');
  const rrsetRows = await db.query<{
    realm: Realm;
    zone: string;
    name: string;
    type: string;
    ttl: number;
    records: string[];
  }>('SELECT realm, zone, name, type, ttl, records FROM sandbox_rrsets');
  const routeRows = await db.query<{
    realm: Realm;
    host: string;
    account_id: string | null;
    provider: string | null;
    origin_url: string | null;
    title: string | null;
  }>('SELECT realm, host, account_id, provider, origin_url, title FROM sandbox_routes');
  const zonesByName = group(zoneRows, (z) => z.name);
  const rrsetsByZone = group(rrsetRows, (r) => `${r.realm} ${r.zone}`);
  const routesByHost = group(
    routeRows.map((r): SandboxRoute => ({
      realm: r.realm,
      host: r.host,
      account: r.account_id,
      provider: r.provider,
      originUrl: r.origin_url,
      title: r.title,
    })),
    (r) => r.host,
  );
  const snapshot: SandboxSnapshot = { zones: new Map(), routes: new Map() };
  for (const name of names) {
    const zone = pickZone(zonesByName, name);
    const rrsets: RRset[] = (zone ? (rrsetsByZone.get(`${zone.realm} ${zone.name}`) ?? []) : []).map((r) => ({
      name: r.name,
      type: r.type,
      ttl: Number(r.ttl),
      records: r.records,
    }));
    snapshot.zones.set(
      name,
      zone ? { realm: zone.realm, name: zone.name, provider: zone.provider, rrsets: sortRrsets(rrsets) } : null,
    );
    snapshot.routes.set(name, pickRoute(routesByHost, name));
  }
  return snapshot;
}

/** Compares `sample` names of the snapshot with the repositories' own answers; throws naming the first mismatch. */
export async function verifySnapshot(
  db: Database,
  snapshot: SandboxSnapshot,
  sample: readonly string[],
): Promise<void> {
  for (const name of sample) {
    const zone = await findSandboxZone(db, name);
    if (!isDeepStrictEqual(zone, snapshot.zones.get(name) ?? null))
      throw new Error(`sandbox snapshot differs from findSandboxZone for ${name}`);
    const route = await findSandboxRoute(db, name);
    if (!isDeepStrictEqual(route, snapshot.routes.get(name) ?? null))
      throw new Error(`sandbox snapshot differs from findSandboxRoute for ${name}`);
  }
}
