import { createEdgeActivities } from '../../../src/activities/edge';
import type { EdgeActivities } from '../../../src/activities/edge-contract';
import { caddyRouteId, createCaddyProxyProvider } from '../../../src/adapters/edge/caddy';
import { createPowerDnsProvider } from '../../../src/adapters/edge/powerdns';
import type { EdgeProviders } from '../../../src/adapters/edge/provider';
import { createEdgeVerifier } from '../../../src/adapters/edge/verifier';
import { demoZones } from '../../../src/dev/seed-sandbox';
import { FailureType } from '../../../src/domain/failures';
import { freePort } from '../../../src/dev/ports';
import { startCaddy, type CaddyServer } from '../../support/caddy';
import { startTestDatabase, type TestDatabase } from '../../support/database';
import { startPowerDns, type PowerDnsServer } from '../../support/powerdns';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

/**
 * Provider API faults, against real PowerDNS and Caddy behind a fault-injecting proxy: timeouts, 5xx and 429 are
 * transient (a plain Error the activity's retry policy retries; nothing changed), other 4xx and Caddy's
 * configuration rejections are permanent (`ProviderRejected`, non-retryable, with the status in the details).
 */
let pdns: PowerDnsServer;
let caddy: CaddyServer;
let tdb: TestDatabase;
let pdnsFaults: FaultProxy;
let caddyFaults: FaultProxy;
let providers: EdgeProviders;
let activities: EdgeActivities;
let snapshotId: string;

const CASE = 'case-faults';
const ROUTE = caddyRouteId('acct-demo', 'forum');

async function failure(
  p: Promise<unknown>,
): Promise<Error & { type?: string; nonRetryable?: boolean; details?: unknown[] }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { type?: string; nonRetryable?: boolean; details?: unknown[] };
  }
  throw new Error('expected a failure');
}

function expectTransient(err: Error & { nonRetryable?: boolean }, text: RegExp): void {
  expect(err.name).toBe('ProviderUnavailable');
  expect(err.nonRetryable).toBeUndefined();
  expect(err.message).toMatch(text);
}

function expectRejected(
  err: Error & { type?: string; nonRetryable?: boolean; details?: unknown[] },
  status: number,
): void {
  expect(err.name).toBe('ApplicationFailure');
  expect(err.type).toBe(FailureType.ProviderRejected);
  expect(err.nonRetryable).toBe(true);
  expect(err.details?.[0]).toMatchObject({ status });
}

const revoke = (service: 'dns' | 'proxy', key: string) =>
  activities.revokeService({
    idempotencyKey: `${CASE}:${key}`,
    caseId: CASE,
    accountId: 'acct-demo',
    domain: 'forum.example',
    service,
    snapshotId,
  });

beforeAll(async () => {
  [pdns, caddy, tdb] = await Promise.all([startPowerDns(), startCaddy(), startTestDatabase()]);
  [pdnsFaults, caddyFaults] = await Promise.all([startFaultProxy(pdns.apiUrl), startFaultProxy(caddy.adminUrl)]);
  providers = {
    dns: createPowerDnsProvider({ apiUrl: pdnsFaults.url, apiKey: pdns.apiKey, timeoutMs: 400 }),
    proxy: createCaddyProxyProvider({ adminUrl: caddyFaults.url, server: caddy.serverName, timeoutMs: 400 }),
  };
  for (const zone of demoZones()) await providers.dns.putZone(zone);
  await providers.proxy.putRoute({
    id: ROUTE,
    hosts: ['forum.example'],
    account: 'acct-demo',
    config: { match: [{ host: ['forum.example'] }], handle: [{ handler: 'static_response', body: 'forum' }] },
  });
  const verifier = createEdgeVerifier({ dns: { servers: [pdns.dns] }, proxy: { url: caddy.proxyUrl } });
  activities = createEdgeActivities({ db: tdb.db, providers, verifier });
  ({ snapshotId } = await activities.snapshotFootprint({
    idempotencyKey: `${CASE}:snapshot`,
    caseId: CASE,
    accountId: 'acct-demo',
    domains: ['forum.example', 'www.forum.example'],
    services: ['dns', 'proxy'],
  }));
});

afterAll(async () => {
  await Promise.all([pdnsFaults?.stop(), caddyFaults?.stop()]);
  await Promise.all([pdns?.stop(), caddy?.stop(), tdb?.stop()]);
});

describe('PowerDNS API faults', () => {
  it('a 5xx on delete is transient, changes nothing, and the retry then revokes', async () => {
    pdnsFaults.inject({ kind: 'status', status: 503 }, 1, 'DELETE');
    expectTransient(await failure(revoke('dns', 'dns')), /PowerDNS API delete zone forum\.example answered 503/);
    expect(await providers.dns.getZone('forum.example')).not.toBeNull();
    pdnsFaults.inject({ kind: 'status', status: 429 }, 1, 'GET');
    expectTransient(await failure(revoke('dns', 'dns')), /answered 429/);
    expect(await revoke('dns', 'dns')).toMatchObject({ changed: true, provider: 'powerdns' });
    expect(await providers.dns.getZone('forum.example')).toBeNull();
  });

  it('an API that does not answer in time is transient', async () => {
    pdnsFaults.inject({ kind: 'hang' }, 1, 'GET');
    expectTransient(await failure(providers.dns.listZones()), /PowerDNS API list zones timed out after 400 ms/);
  });

  it('a 4xx is permanent, typed ProviderRejected with the status', async () => {
    pdnsFaults.inject(
      { kind: 'status', status: 422, body: '{"error":"RRset forum.example. IN A: Conflicts"}' },
      1,
      'POST',
    );
    const err = await failure(
      activities.restoreSnapshot({ idempotencyKey: `${CASE}:restore-422`, caseId: CASE, snapshotId }),
    );
    expectRejected(err, 422);
    expect(err.message).toContain(
      'PowerDNS API create zone forum.example answered 422: {"error":"RRset forum.example. IN A: Conflicts"}',
    );
  });

  it('a wrong API key is refused by the real server: permanent', async () => {
    const wrongKey = createPowerDnsProvider({ apiUrl: pdns.apiUrl, apiKey: 'wrong', timeoutMs: 2000 });
    expectRejected(await failure(wrongKey.listZones()), 401);
  });

  it('an unreachable API is transient', async () => {
    const nowhere = createPowerDnsProvider({
      apiUrl: `http://127.0.0.1:${await freePort()}`,
      apiKey: 'k',
      timeoutMs: 2000,
    });
    expectTransient(await failure(nowhere.listZones()), /PowerDNS API list zones failed: ECONNREFUSED/);
  });
});

describe('Caddy admin API faults', () => {
  it('a 5xx is transient and the retry then revokes', async () => {
    caddyFaults.inject({ kind: 'status', status: 502 }, 1, 'DELETE');
    expectTransient(await failure(revoke('proxy', 'proxy')), /Caddy API delete route .* answered 502/);
    expect((await providers.proxy.listRoutes()).map((r) => r.id)).toContain(ROUTE);
    caddyFaults.inject({ kind: 'hang' }, 1, 'GET');
    expectTransient(await failure(revoke('proxy', 'proxy')), /timed out after 400 ms/);
    expect(await revoke('proxy', 'proxy')).toMatchObject({ changed: true, provider: 'caddy' });
    expect((await providers.proxy.listRoutes()).map((r) => r.id)).not.toContain(ROUTE);
  });

  it('a configuration Caddy cannot load (its 500) is permanent', async () => {
    const err = await failure(
      providers.proxy.putRoute({
        id: caddyRouteId('acct-demo', 'broken'),
        hosts: ['x.example'],
        account: 'acct-demo',
        config: { handle: [{ handler: 'no_such_handler' }] },
      }),
    );
    expectRejected(err, 500);
    expect(err.message).toMatch(/unknown module/);
  });

  it('a 4xx is permanent', async () => {
    caddyFaults.inject({ kind: 'status', status: 400, body: '{"error":"malformed"}' }, 1);
    expectRejected(await failure(providers.proxy.listRoutes()), 400);
  });
});
