import { startSandboxDns, type SandboxDns, type ZoneSource } from '../../src/adapters/sandbox/dns-server';
import { startSandboxProxy, type RouteSource, type SandboxProxy } from '../../src/adapters/sandbox/http-proxy';
import { createDatabaseRouteSource, createDatabaseZoneSource } from '../../src/adapters/sandbox/sources';
import type { Database } from '../../src/db/database';

/**
 * The sandbox DNS server and HTTP proxy (the "internet" the watches probe), over the app database, with their
 * lookups counted and timed: when probes slow down, these numbers tell whether the internet or the worker was
 * the bottleneck.
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

const empty = (): LookupStats => ({ lookups: 0, errors: 0, totalMs: 0, maxMs: 0 });

/** Starts DNS and proxy on 127.0.0.1, free ports. */
export async function startBenchInternet(db: Database): Promise<BenchInternet> {
  const dnsStats = empty();
  const httpStats = empty();
  const zones = createDatabaseZoneSource(db);
  const routes = createDatabaseRouteSource(db);
  const zoneSource: ZoneSource = { findZone: counted((q: string) => zones.findZone(q), dnsStats) };
  const routeSource: RouteSource = { findRoute: counted((h: string) => routes.findRoute(h), httpStats) };
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
    async stop() {
      await Promise.all([dns.stop(), proxy.stop()]);
    },
  };
}
