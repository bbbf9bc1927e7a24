import type { Database } from '../../db/database';
import type { RunningSandbox } from '../edge/compose';
import { startSandboxDns, type SandboxDns } from './dns-server';
import { startSandboxProxy, type SandboxProxy } from './http-proxy';
import { createDatabaseRouteSource, createDatabaseZoneSource } from './sources';

/** The whole sandbox edge running: DNS and proxy, and the addresses `composeEdge` needs. */
export interface SandboxEdge {
  dns: SandboxDns;
  proxy: SandboxProxy;
  running: RunningSandbox;
  stop(): Promise<void>;
}

/**
 * Starts the sandbox DNS server and HTTP proxy over the app database (the embedded stack's edge). A port already
 * in use fails with a message naming the setting to change, and nothing is left running.
 */
export async function startSandboxEdge(options: {
  db: Database;
  host?: string;
  dnsPort?: number;
  httpPort?: number;
}): Promise<SandboxEdge> {
  const host = options.host ?? '127.0.0.1';
  let dns: SandboxDns;
  try {
    dns = await startSandboxDns({ host, port: options.dnsPort ?? 0, source: createDatabaseZoneSource(options.db) });
  } catch (err) {
    throw new Error(
      `sandbox DNS could not listen on ${host}:${options.dnsPort ?? 0} (TERMINUS_SANDBOX_DNS_PORT): ${(err as Error).message}`,
      { cause: err },
    );
  }
  let proxy: SandboxProxy;
  try {
    proxy = await startSandboxProxy({
      host,
      port: options.httpPort ?? 0,
      routes: createDatabaseRouteSource(options.db),
    });
  } catch (err) {
    await dns.stop();
    throw new Error(
      `sandbox proxy could not listen on ${host}:${options.httpPort ?? 0} (TERMINUS_SANDBOX_HTTP_PORT): ${(err as Error).message}`,
      { cause: err },
    );
  }
  return {
    dns,
    proxy,
    running: { dnsPort: dns.port, httpUrl: proxy.url },
    async stop() {
      await Promise.all([dns.stop(), proxy.stop()]);
    },
  };
}
