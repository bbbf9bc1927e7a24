import { caddyRouteId } from '../../src/adapters/edge/caddy';
import { callProvider } from '../../src/adapters/edge/provider-http';
import {
  accountZone,
  accountZoneNames,
  type AccountSeedOptions,
  type SeededAccount,
} from '../../src/adapters/sandbox/account-seed';

/**
 * An account of N zones on real PowerDNS and Caddy, each zone also a proxied hostname (its apex), for the
 * account-revocation benchmark and the integration test. PowerDNS gets one API create per zone (a few in flight);
 * Caddy gets every route in one configuration change (one change per route would reload Caddy's whole
 * configuration N times).
 */

/** Where the two servers' APIs are. */
export interface RealEdgeAddress {
  pdns: { apiUrl: string; apiKey: string };
  caddy: { adminUrl: string; server: string };
}

/** The Caddy route serving one seeded zone's apex. */
export function seededRoute(accountId: string, zone: string): Record<string, unknown> {
  return {
    '@id': caddyRouteId(accountId, zone),
    match: [{ host: [zone] }],
    handle: [{ handler: 'static_response', status_code: 200, body: `${zone}\n` }],
    terminal: true,
  };
}

/** Seeds the account (see the module comment); `concurrency` PowerDNS creates in flight. */
export async function seedAccountOnRealEdge(
  edge: RealEdgeAddress,
  options: AccountSeedOptions & { concurrency?: number },
): Promise<SeededAccount> {
  const names = accountZoneNames(options);
  const start = options.start ?? 0;
  let next = 0;
  const nameservers = options.nameservers ?? ['ns1.edge.test', 'ns2.edge.test'];
  const createOne = async () => {
    while (next < names.length) {
      const i = next++;
      const zone = accountZone(names[i]!, options.accountId, start + i, nameservers);
      await callProvider({
        provider: 'PowerDNS',
        what: `create zone ${zone.name}`,
        method: 'POST',
        url: `${edge.pdns.apiUrl}/api/v1/servers/localhost/zones`,
        headers: { 'X-API-Key': edge.pdns.apiKey },
        timeoutMs: 30_000,
        body: {
          name: `${zone.name}.`,
          kind: zone.kind,
          account: options.accountId,
          nameservers: [],
          rrsets: zone.rrsets.map((r) => ({
            name: `${r.name}.`,
            type: r.type,
            ttl: r.ttl,
            records: r.records.map((content) => ({ content, disabled: false })),
          })),
        },
      });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 6 }, createOne));

  const routesUrl = `${edge.caddy.adminUrl}/config/apps/http/servers/${edge.caddy.server}/routes`;
  const live = await callProvider({
    provider: 'Caddy',
    what: 'list routes',
    method: 'GET',
    url: routesUrl,
    timeoutMs: 60_000,
  });
  const existing = Array.isArray(live.json) ? (live.json as unknown[]) : [];
  // New routes go first: the server's catch-all stays last.
  await callProvider({
    provider: 'Caddy',
    what: `add ${names.length} routes`,
    method: 'PATCH',
    url: routesUrl,
    timeoutMs: 300_000,
    body: [...names.map((n) => seededRoute(options.accountId, n)), ...existing],
  });
  return { accountId: options.accountId, zones: names, hosts: names };
}
