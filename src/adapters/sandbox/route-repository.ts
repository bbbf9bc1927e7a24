import type { Queryable } from '../../db/database';
import type { PutOutcome } from '../edge/provider';
import type { Realm } from './zone-repository';

/**
 * The sandbox proxy's hosts in the app database, one row per host, read per request so a revoked host stops
 * being served at once. Edge hosts belong to our customers; internet hosts answer as their provider would.
 */

/** One proxied host. `originUrl` null serves the built-in page. */
export interface SandboxRoute {
  realm: Realm;
  host: string;
  account: string | null;
  provider: string | null;
  originUrl: string | null;
  title: string | null;
}

interface RouteRow {
  realm: Realm;
  host: string;
  account_id: string | null;
  provider: string | null;
  origin_url: string | null;
  title: string | null;
}

function fromRow(r: RouteRow): SandboxRoute {
  return {
    realm: r.realm,
    host: r.host,
    account: r.account_id,
    provider: r.provider,
    originUrl: r.origin_url,
    title: r.title,
  };
}

const COLUMNS = 'realm, host, account_id, provider, origin_url, title';

/** Every host of a realm. */
export async function listSandboxRoutes(db: Queryable, realm: Realm): Promise<SandboxRoute[]> {
  const rows = await db.query<RouteRow>(`SELECT ${COLUMNS} FROM sandbox_routes WHERE realm = $1 ORDER BY host`, [
    realm,
  ]);
  return rows.map(fromRow);
}

/** One host of a realm, or null. */
export async function getSandboxRoute(db: Queryable, realm: Realm, host: string): Promise<SandboxRoute | null> {
  const rows = await db.query<RouteRow>(`SELECT ${COLUMNS} FROM sandbox_routes WHERE realm = $1 AND host = $2`, [
    realm,
    host,
  ]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Makes the host's row exactly `route`. */
export async function putSandboxRoute(db: Queryable, route: SandboxRoute): Promise<PutOutcome> {
  const before = await getSandboxRoute(db, route.realm, route.host);
  if (before && JSON.stringify(before) === JSON.stringify(route)) return 'unchanged';
  await db.query(
    `INSERT INTO sandbox_routes (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (realm, host) DO UPDATE SET account_id = EXCLUDED.account_id, provider = EXCLUDED.provider,
       origin_url = EXCLUDED.origin_url, title = EXCLUDED.title, updated_at = now()`,
    [route.realm, route.host, route.account, route.provider, route.originUrl, route.title],
  );
  return before ? 'updated' : 'created';
}

/** Deletes the host's row; false when it did not exist. */
export async function deleteSandboxRoute(db: Queryable, realm: Realm, host: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM sandbox_routes WHERE realm = $1 AND host = $2 RETURNING host', [
    realm,
    host,
  ]);
  return rows.length > 0;
}

/** Deletes many hosts' rows in one statement; returns the hosts that existed (the others were already gone). */
export async function deleteSandboxRoutes(db: Queryable, realm: Realm, hosts: readonly string[]): Promise<string[]> {
  if (hosts.length === 0) return [];
  const rows = await db.query<{ host: string }>(
    'DELETE FROM sandbox_routes WHERE realm = $1 AND host = ANY($2::text[]) RETURNING host',
    [realm, hosts],
  );
  return rows.map((r) => r.host);
}

/**
 * The route serving `host`: an exact host first, then a one-label wildcard (`*.forum.example` serves
 * `www.forum.example`, as Caddy's host matcher does); our edge before the internet.
 */
export async function findSandboxRoute(db: Queryable, host: string): Promise<SandboxRoute | null> {
  const dot = host.indexOf('.');
  const wildcard = dot > 0 ? `*${host.slice(dot)}` : null;
  const rows = await db.query<RouteRow>(
    `SELECT ${COLUMNS} FROM sandbox_routes WHERE host = $1 OR host = $2
     ORDER BY (host = $1) DESC, (realm = 'edge') DESC LIMIT 1`,
    [host, wildcard],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}
