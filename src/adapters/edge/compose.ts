import type { EdgeConfig } from '../../config/edge';
import type { Database } from '../../db/database';
import { createCaddyProxyProvider } from './caddy';
import { createPowerDnsProvider } from './powerdns';
import type { EdgeProviders } from './provider';
import { createSandboxDnsProvider, createSandboxProxyProvider } from './sandbox';
import { createEdgeVerifier, type EdgeVerifier } from './verifier';

/** Where the running sandbox listens (its ports may have been picked at start, so they come from the caller). */
export interface RunningSandbox {
  dnsPort: number;
  httpUrl: string;
}

/** Headers that mark an answer as our sandbox edge's (see `SANDBOX_EDGE_HEADERS`). */
const SANDBOX_MARKER = { header: 'x-terminus-edge', value: 'sandbox' };

/**
 * Builds the configured edge: the DNS side and the proxy side independently (sandbox, PowerDNS, Caddy), and a
 * verifier that looks at the same places from outside. The sandbox side needs its running addresses.
 */
export function composeEdge(
  config: EdgeConfig,
  deps: { db: Database; sandbox?: RunningSandbox },
): { providers: EdgeProviders; verifier: EdgeVerifier } {
  const sandbox = deps.sandbox ?? {
    dnsPort: config.sandbox.dnsPort,
    httpUrl: `http://${config.sandbox.host}:${config.sandbox.httpPort}`,
  };
  const dns =
    config.dns.adapter === 'powerdns'
      ? createPowerDnsProvider({
          apiUrl: config.dns.apiUrl,
          apiKey: config.dns.apiKey,
          serverId: config.dns.serverId,
          timeoutMs: config.timeoutMs,
        })
      : createSandboxDnsProvider(deps.db);
  const proxy =
    config.proxy.adapter === 'caddy'
      ? createCaddyProxyProvider({
          adminUrl: config.proxy.adminUrl,
          server: config.proxy.server,
          idPrefix: config.proxy.idPrefix,
          timeoutMs: config.timeoutMs,
        })
      : createSandboxProxyProvider(deps.db);
  const verifier = createEdgeVerifier({
    dns:
      config.dns.adapter === 'powerdns'
        ? { servers: config.dns.servers }
        : {
            servers: [{ host: config.sandbox.host, port: sandbox.dnsPort }],
            ourNameservers: config.sandbox.nameservers,
          },
    proxy:
      config.proxy.adapter === 'caddy'
        ? { url: config.proxy.proxyUrl }
        : { url: sandbox.httpUrl, marker: SANDBOX_MARKER },
  });
  return { providers: { dns, proxy }, verifier };
}
