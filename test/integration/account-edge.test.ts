import { MockActivityEnvironment } from '@temporalio/testing';
import { seedAccountOnRealEdge, seededRoute } from '../../bench/account-revocation/seed-edge';
import { createAccountActivities } from '../../src/activities/account';
import type { AccountRevocationProgress } from '../../src/activities/account-contract';
import { createEdgeActivities } from '../../src/activities/edge';
import { getSnapshot } from '../../src/activities/edge-snapshots';
import { createCaddyProxyProvider } from '../../src/adapters/edge/caddy';
import { queryDns } from '../../src/adapters/edge/dns-client';
import { createPowerDnsProvider } from '../../src/adapters/edge/powerdns';
import { callProvider, getWithTrailers } from '../../src/adapters/edge/provider-http';
import type { EdgeProviders } from '../../src/adapters/edge/provider';
import { createEdgeVerifier } from '../../src/adapters/edge/verifier';
import { startCaddy, type CaddyServer } from '../support/caddy';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { startPowerDns, type PowerDnsServer } from '../support/powerdns';

/** An account of a few hundred zones (each a proxied hostname) discovered and revoked on real PowerDNS and Caddy. */
jest.setTimeout(300_000);

let pdns: PowerDnsServer;
let caddy: CaddyServer;
let tdb: TestDatabase;
let providers: EdgeProviders;
const ZONES = 300;
const account = 'acct-many';
const neighbour = 'acct-neighbour';
const env = new MockActivityEnvironment();
const run = <I, O>(fn: (input: I) => Promise<O>, input: I): Promise<O> =>
  env.run<[I], O, (input: I) => Promise<O>>(fn, input);

beforeAll(async () => {
  [pdns, caddy, tdb] = await Promise.all([startPowerDns(), startCaddy(), startTestDatabase()]);
  providers = {
    dns: createPowerDnsProvider({ apiUrl: pdns.apiUrl, apiKey: pdns.apiKey, timeoutMs: 20_000 }),
    proxy: createCaddyProxyProvider({ adminUrl: caddy.adminUrl, server: caddy.serverName, timeoutMs: 20_000 }),
  };
  const edge = {
    pdns: { apiUrl: pdns.apiUrl, apiKey: pdns.apiKey },
    caddy: { adminUrl: caddy.adminUrl, server: caddy.serverName },
  };
  await seedAccountOnRealEdge(edge, { accountId: account, zones: ZONES });
  await seedAccountOnRealEdge(edge, { accountId: neighbour, zones: 2 });
});

afterAll(async () => {
  await Promise.all([pdns?.stop(), caddy?.stop(), tdb?.stop()]);
});

const served = (host: string) =>
  createEdgeVerifier({ dns: { servers: [] }, proxy: { url: caddy.proxyUrl } }).proxyServed(host);

it('discovers, catches a late zone, revokes every zone and hostname in batches, and a batch snapshot restores', async () => {
  const a = createAccountActivities({ db: tdb.db, providers });
  const caseId = 'case-acct-many';
  const accountIds = [account];
  const intake = await run(a.discoverAccountItems, {
    idempotencyKey: `${caseId}:intake`,
    caseId,
    accountIds,
    phase: 'intake',
  });
  expect(intake).toMatchObject({ total: 2 * ZONES, added: 2 * ZONES, excluded: 0 });

  const late = 'acct-many-late.example';
  await providers.dns.putZone({ name: late, account, kind: 'Native', rrsets: [] });
  await providers.proxy.putRoute({
    id: `terminus:${account}:late`,
    hosts: [late],
    account,
    config: seededRoute(account, late),
  });
  const pre = await run(a.discoverAccountItems, {
    idempotencyKey: `${caseId}:pre`,
    caseId,
    accountIds,
    phase: 'pre_revocation',
  });
  expect(pre).toMatchObject({ total: 2 * ZONES + 2, added: 2, addedSample: [late] });

  const first = 'acct-many-000000.example';
  expect(await served(first)).toBe(true);
  const beats: AccountRevocationProgress[] = [];
  env.on('heartbeat', (d: unknown) => beats.push(d as AccountRevocationProgress));
  let progress: AccountRevocationProgress;
  let batches = 0;
  do {
    progress = await run(a.revokeAccountBatch, { caseId, accountIds, services: ['dns', 'proxy'], batchSize: 200 });
    batches++;
  } while (progress.remaining > 0);
  expect(progress).toMatchObject({ done: 2 * ZONES + 2, failed: 0, remaining: 0 });
  expect(batches).toBe(Math.ceil((2 * ZONES + 2) / 200));
  expect(beats.length).toBeGreaterThanOrEqual(2 * ZONES);

  expect((await providers.dns.listZones()).filter((z) => z.account === account)).toEqual([]);
  expect((await providers.proxy.listRoutes()).filter((r) => r.account === account)).toEqual([]);
  expect((await providers.dns.listZones()).filter((z) => z.account === neighbour)).toHaveLength(2);
  expect(await served('acct-neighbour-000000.example')).toBe(true);
  expect(await served(first)).toBe(false);
  expect((await queryDns(pdns.dns, first, 'A')).rcode).not.toBe('NOERROR');

  const [row] = await tdb.db.query<{ snapshot_id: string }>(
    `SELECT snapshot_id FROM case_items WHERE case_id = $1 AND name = $2 AND kind = 'zone'`,
    [caseId, first],
  );
  const snapshot = await getSnapshot(tdb.db, row!.snapshot_id);
  const edgeActivities = createEdgeActivities({
    db: tdb.db,
    providers,
    verifier: createEdgeVerifier({ dns: { servers: [pdns.dns] }, proxy: { url: caddy.proxyUrl } }),
  });
  const restored = await run(edgeActivities.restoreSnapshot, {
    idempotencyKey: `${caseId}:restore`,
    caseId,
    snapshotId: row!.snapshot_id,
  });
  expect(restored.restoredZones).toEqual(snapshot!.content.zones.map((z) => z.name));
  expect(restored.restoredZones).toContain(first);
  expect(await served(first)).toBe(true);
  // AAAA: the A answer (REFUSED while revoked) may still sit in PowerDNS's packet cache.
  const answer = await queryDns(pdns.dns, first, 'AAAA');
  expect(answer.rcode).toBe('NOERROR');
  expect(JSON.stringify(answer.answers)).toContain('2001:db8::1');
});

it('removes hosts of a shared route in one change and keeps the route for the hosts left', async () => {
  const id = `terminus:${account}:shared`;
  const hosts = ['shared-a.example', 'shared-b.example', 'shared-c.example'];
  await providers.proxy.putRoute({
    id,
    hosts,
    account,
    config: { ...seededRoute(account, 'shared'), match: [{ host: hosts }] },
  });
  const removed = await providers.proxy.removeHosts!([
    { routeId: id, host: 'shared-a.example' },
    { routeId: id, host: 'shared-b.example' },
    { routeId: id, host: 'gone.example' },
  ]);
  expect(removed).toEqual([true, true, false]);
  expect((await providers.proxy.listRoutes()).find((r) => r.id === id)?.hosts).toEqual(['shared-c.example']);
  expect(await providers.proxy.removeHosts!([{ routeId: id, host: 'shared-a.example' }])).toEqual([false]);
});

it('reads the ETag Caddy sends as a trailer, and Caddy refuses a routes write against a stale one', async () => {
  const url = `${caddy.adminUrl}/config/apps/http/servers/${caddy.serverName}/routes`;
  const read = await getWithTrailers({ provider: 'Caddy', what: 'list routes', url, timeoutMs: 20_000 });
  expect(read.etag).toMatch(/^".+ [0-9a-f]+"$/);
  const id = `terminus:${neighbour}:meanwhile`;
  await providers.proxy.putRoute({
    id,
    hosts: ['meanwhile.example'],
    account: neighbour,
    config: seededRoute(neighbour, 'meanwhile.example'),
  });
  const stale = await callProvider({
    provider: 'Caddy',
    what: 'write routes read before a change',
    method: 'PATCH',
    url,
    body: read.json,
    headers: { 'If-Match': read.etag! },
    timeoutMs: 20_000,
    accept: [412],
  });
  expect(stale.status).toBe(412);
  expect((await providers.proxy.listRoutes()).map((r) => r.id)).toContain(id);
});
