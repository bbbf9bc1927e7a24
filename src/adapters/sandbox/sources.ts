import type { Queryable } from '../../db/database';
import type { ZoneSource } from './dns-answer';
import type { RouteSource } from './http-proxy';
import { findSandboxRoute } from './route-repository';
import { findSandboxZone } from './zone-repository';

/** The DNS server's view of the app database: both realms, read on every query (no cache to invalidate). */
export function createDatabaseZoneSource(db: Queryable): ZoneSource {
  return { findZone: (qname) => findSandboxZone(db, qname) };
}

/** The proxy's view of the app database: both realms, read on every request. */
export function createDatabaseRouteSource(db: Queryable): RouteSource {
  return { findRoute: (host) => findSandboxRoute(db, host) };
}
