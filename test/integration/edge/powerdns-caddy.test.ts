import { createEdgeActivities } from '../../../src/activities/edge';
import { caddyRouteId, createCaddyProxyProvider } from '../../../src/adapters/edge/caddy';
import { queryDns } from '../../../src/adapters/edge/dns-client';
import { createPowerDnsProvider } from '../../../src/adapters/edge/powerdns';
import type { EdgeProviders } from '../../../src/adapters/edge/provider';
import { createEdgeVerifier } from '../../../src/adapters/edge/verifier';
import { demoZones } from '../../../src/dev/seed-sandbox';
import { startCaddy, type CaddyServer } from '../../support/caddy';
import { startTestDatabase, type TestDatabase } from '../../support/database';
import { startPowerDns, type PowerDnsServer } from '../../support/powerdns';
import { runRevocationCycle } from './revocation-cycle';

/** DNS on a real PowerDNS (gsqlite3 backend, HTTP API), proxy on a real Caddy (admin API): the composed edge. */
let pdns: PowerDnsServer;
let caddy: CaddyServer;
let tdb: TestDatabase;
let providers: EdgeProviders;

function site(account: string, name: string, hosts: string[], title: string) {
  return {
    id: caddyRouteId(account, name),
    hosts,
    account,
    config: {
      match: [{ host: hosts }],
      handle: [{ handler: 'static_response', status_code: 200, body: title }],
      terminal: true,
    },
  };
}

beforeAll(async () => {
  [pdns, caddy, tdb] = await Promise.all([startPowerDns(), startCaddy(), startTestDatabase()]);
  providers = {
    dns: createPowerDnsProvider({ apiUrl: pdns.apiUrl, apiKey: pdns.apiKey, timeoutMs: 5000 }),
    proxy: createCaddyProxyProvider({ adminUrl: caddy.adminUrl, server: caddy.serverName, timeoutMs: 5000 }),
  };
  for (const zone of demoZones()) expect(await providers.dns.putZone(zone)).toBe('created');
  for (const route of [
    site('acct-demo', 'forum', ['forum.example', 'www.forum.example'], 'Demo Forum'),
    site('acct-demo', 'mirror', ['forum-mirror.example'], 'Demo Forum (mirror)'),
    site('acct-bakery', 'bakery', ['bakery.example'], 'The Bakery'),
  ]) {
    expect(await providers.proxy.putRoute(route)).toBe('created');
  }
});

afterAll(async () => {
  await Promise.all([pdns?.stop(), caddy?.stop(), tdb?.stop()]);
});

describe('PowerDNS + Caddy edge', () => {
  it('serves the seeded customer from PowerDNS', async () => {
    const res = await queryDns(pdns.dns, 'www.forum.example', 'A');
    expect([res.rcode, res.flag_aa]).toEqual(['NOERROR', true]);
    expect(res.answers?.map((a) => a.type)).toEqual(['CNAME', 'A']);
  });

  it('re-putting a zone or route that is already exactly so changes nothing', async () => {
    const [zone] = demoZones();
    expect(await providers.dns.putZone(zone!)).toBe('unchanged');
    expect(await providers.proxy.putRoute(site('acct-bakery', 'bakery', ['bakery.example'], 'The Bakery'))).toBe(
      'unchanged',
    );
  });

  it('snapshots, revokes, verifies, restores and verifies again, each step twice', async () => {
    const verifier = createEdgeVerifier({ dns: { servers: [pdns.dns] }, proxy: { url: caddy.proxyUrl } });
    const activities = createEdgeActivities({ db: tdb.db, providers, verifier });
    await runRevocationCycle({
      db: tdb.db,
      activities,
      providers,
      caseId: 'case-acct-demo',
      accountId: 'acct-demo',
      neighbour: 'bakery.example',
    });
  });

  it('removes one host from a shared route without dropping the route or its other hosts', async () => {
    await providers.proxy.putRoute(site('acct-demo', 'shared', ['a.shared.example', 'b.shared.example'], 'Shared'));
    expect(await providers.proxy.removeHost(caddyRouteId('acct-demo', 'shared'), 'a.shared.example')).toBe(true);
    expect(await providers.proxy.removeHost(caddyRouteId('acct-demo', 'shared'), 'a.shared.example')).toBe(false);
    const route = (await providers.proxy.listRoutes()).find((r) => r.id === caddyRouteId('acct-demo', 'shared'));
    expect(route?.hosts).toEqual(['b.shared.example']);
    expect(await providers.proxy.removeHost(caddyRouteId('acct-demo', 'shared'), 'b.shared.example')).toBe(true);
    expect((await providers.proxy.listRoutes()).map((r) => r.id)).not.toContain(caddyRouteId('acct-demo', 'shared'));
  });
});
