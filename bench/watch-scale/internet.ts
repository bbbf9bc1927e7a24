import { startSandboxDns, type SandboxDns, type ZoneSource } from '../../src/adapters/sandbox/dns-server';
import { startSandboxProxy, type RouteSource, type SandboxProxy } from '../../src/adapters/sandbox/http-proxy';
import { createDatabaseRouteSource, createDatabaseZoneSource } from '../../src/adapters/sandbox/sources';
import type { Database } from '../../src/db/database';
import { mapConcurrent } from './watches';

/**
 * The sandbox DNS server and HTTP proxy (the "internet" the watches probe), over the app database, with their
 * lookups counted and timed: when probes slow down, these numbers tell whether the internet or the worker was
 * the bottleneck.
 *
 * The sandbox reads the database on every query. Through PGlite that costs milliseconds per statement, and at
 * 10,000 watches it was the first thing to give way (first attempt: DNS answers took 13 s on average and 19,711
 * lookups failed, so most probes saw nothing but timeouts). The real internet answers in microseconds from
 * memory, so here each answer is remembered after its first read (same repository functions, same rows), the
 * seeded domains are read once before the worker starts, and the benchmark forgets a name whenever it moves one.
 */

/** Lookups one side answered. */
export interface LookupStats {
  lookups: number;
  errors: number;
  /** Sum of lookup times (ms), for the mean. */
  totalMs: number;
  maxMs: number;
}

/** The running internet. */
export interface BenchInternet {
  dns: SandboxDns;
  proxy: SandboxProxy;
  dnsAddress: string;
  httpHostPort: string;
  stats(): { dns: LookupStats; http: LookupStats };
  /** Reads these names into memory now (before the measured part). */
  prewarm(domains: readonly string[]): Promise<void>;
  /** Forgets what is remembered about a domain (call after changing its rows). */
  forget(domain: string): void;
  stop(): Promise<void>;
}

function counted<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  stats: LookupStats,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const start = performance.now();
    try {
      return await fn(...args);
    } catch (err) {
      stats.errors++;
      throw err;
    } finally {
      const ms = performance.now() - start;
      stats.lookups++;
      stats.totalMs += ms;
      stats.maxMs = Math.max(stats.maxMs, ms);
    }
  };
}

function memoized<R>(fn: (key: string) => Promise<R>): {
  get: (key: string) => Promise<R>;
  forget: (key: string) => void;
} {
  const cache = new Map<string, Promise<R>>();
  return {
    get(key) {
      let hit = cache.get(key);
      if (!hit) {
        hit = fn(key);
        cache.set(key, hit);
        // A failed read is not remembered: the next query tries the database again.
        hit.catch(() => cache.delete(key));
      }
      return hit;
    },
    forget: (key) => void cache.delete(key),
  };
}

const empty = (): LookupStats => ({ lookups: 0, errors: 0, totalMs: 0, maxMs: 0 });

/** Starts DNS and proxy on 127.0.0.1, free ports. */
export async function startBenchInternet(db: Database): Promise<BenchInternet> {
  const dnsStats = empty();
  const httpStats = empty();
  const databaseZones = createDatabaseZoneSource(db);
  const databaseRoutes = createDatabaseRouteSource(db);
  const zones = memoized((q) => databaseZones.findZone(q));
  const routes = memoized((h) => databaseRoutes.findRoute(h));
  const zoneSource: ZoneSource = { findZone: counted(zones.get, dnsStats) };
  const routeSource: RouteSource = { findRoute: counted(routes.get, httpStats) };
  const dns = await startSandboxDns({ host: '127.0.0.1', port: 0, source: zoneSource });
  let proxy: SandboxProxy;
  try {
    proxy = await startSandboxProxy({ host: '127.0.0.1', port: 0, routes: routeSource });
  } catch (err) {
    await dns.stop();
    throw err;
  }
  return {
    dns,
    proxy,
    dnsAddress: `127.0.0.1:${dns.port}`,
    httpHostPort: `127.0.0.1:${proxy.port}`,
    stats: () => ({ dns: { ...dnsStats }, http: { ...httpStats } }),
    async prewarm(domains) {
      // Through the same memoized reads the servers use, so what is remembered is what they would have read.
      await mapConcurrent(domains, 8, async (d) => {
        await zones.get(d);
        await routes.get(d);
      });
    },
    forget(domain) {
      for (const name of [domain, `www.${domain}`]) {
        zones.forget(name);
        routes.forget(name);
      }
    },
    async stop() {
      await Promise.all([dns.stop(), proxy.stop()]);
    },
  };
}
