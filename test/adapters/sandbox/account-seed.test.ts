import { MockActivityEnvironment } from '@temporalio/testing';
import { createAccountActivities } from '../../../src/activities/account';
import { queryDns } from '../../../src/adapters/edge/dns-client';
import { createSandboxDnsProvider, createSandboxProxyProvider } from '../../../src/adapters/edge/sandbox';
import { createEdgeVerifier } from '../../../src/adapters/edge/verifier';
import { accountZoneNames, seedSandboxAccount } from '../../../src/adapters/sandbox/account-seed';
import { startSandboxEdge, type SandboxEdge } from '../../../src/adapters/sandbox/sandbox-edge';
import { startTestDatabase, type TestDatabase } from '../../support/database';

/** The sandbox edge hosting an account of 10,000 zones, each a proxied hostname, served and discovered. */
jest.setTimeout(120_000);

let tdb: TestDatabase;
let sandbox: SandboxEdge;

beforeAll(async () => {
  tdb = await startTestDatabase();
  sandbox = await startSandboxEdge({ db: tdb.db });
});
afterAll(async () => {
  await sandbox?.stop();
  await tdb?.stop();
});

it('names zones in numeric order and refuses a size it cannot mean', () => {
  expect(accountZoneNames({ accountId: 'Acct-X', zones: 3, start: 9 })).toEqual([
    'acct-x-000009.example',
    'acct-x-000010.example',
    'acct-x-000011.example',
  ]);
  expect(() => accountZoneNames({ accountId: 'a', zones: -1 })).toThrow(/whole number/);
});

it('seeds 10,000 zones and hostnames that the sandbox serves, idempotently, and discovery finds them all', async () => {
  const seeded = await seedSandboxAccount(tdb.db, { accountId: 'acct-huge', zones: 10_000 });
  await seedSandboxAccount(tdb.db, { accountId: 'acct-other', zones: 5 });
  expect(seeded.zones).toHaveLength(10_000);
  const again = await seedSandboxAccount(tdb.db, { accountId: 'acct-huge', zones: 10_000 });
  expect(again).toEqual(seeded);
  const zones = await createSandboxDnsProvider(tdb.db).listZones();
  expect(zones.filter((z) => z.account === 'acct-huge')).toHaveLength(10_000);
  const routes = await createSandboxProxyProvider(tdb.db).listRoutes();
  expect(routes.filter((r) => r.account === 'acct-huge')).toHaveLength(10_000);

  const last = seeded.zones[9_999]!;
  const answer = await queryDns({ host: '127.0.0.1', port: sandbox.dns.port }, `www.${last}`, 'A');
  expect(answer.rcode).toBe('NOERROR');
  expect(JSON.stringify(answer.answers)).toContain('198.51.100.');
  const verifier = createEdgeVerifier({
    dns: { servers: [{ host: '127.0.0.1', port: sandbox.dns.port }] },
    proxy: { url: sandbox.running.httpUrl },
  });
  expect(await verifier.proxyServed(last)).toBe(true);

  const a = createAccountActivities({
    db: tdb.db,
    providers: { dns: createSandboxDnsProvider(tdb.db), proxy: createSandboxProxyProvider(tdb.db) },
  });
  const found = await new MockActivityEnvironment().run(a.discoverAccountItems, {
    idempotencyKey: 'case-acct-huge:intake',
    caseId: 'case-acct-huge',
    accountIds: ['acct-huge'],
    phase: 'intake' as const,
  });
  expect(found).toMatchObject({ total: 20_000, added: 20_000, excluded: 0 });
});
