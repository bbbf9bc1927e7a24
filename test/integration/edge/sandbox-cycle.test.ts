import { createEdgeActivities } from '../../../src/activities/edge';
import { composeEdge } from '../../../src/adapters/edge/compose';
import { queryDns } from '../../../src/adapters/edge/dns-client';
import { moveToProvider } from '../../../src/adapters/sandbox/competitors';
import { startSandboxEdge, type SandboxEdge } from '../../../src/adapters/sandbox/sandbox-edge';
import { loadEdgeConfig } from '../../../src/config/edge';
import { seedSandbox } from '../../../src/dev/seed-sandbox';
import { startTestDatabase, type TestDatabase } from '../../support/database';
import { runRevocationCycle } from './revocation-cycle';

/** The embedded default: sandbox DNS and proxy, configured from an empty environment, as `npm start` runs it. */
let tdb: TestDatabase;
let sandbox: SandboxEdge;

beforeAll(async () => {
  tdb = await startTestDatabase();
  await seedSandbox(tdb.db);
  await seedSandbox(tdb.db);
  sandbox = await startSandboxEdge({ db: tdb.db });
});

afterAll(async () => {
  await sandbox?.stop();
  await tdb?.stop();
});

function edge() {
  const config = loadEdgeConfig({});
  const { providers, verifier } = composeEdge(config, {
    db: tdb.db,
    sandbox: sandbox.running,
  });
  return { providers, verifier, activities: createEdgeActivities({ db: tdb.db, providers, verifier }) };
}

describe('sandbox edge', () => {
  it('snapshots, revokes, verifies, restores and verifies again, each step twice', async () => {
    const { providers, activities } = edge();
    expect([providers.dns.id, providers.proxy.id]).toEqual(['sandbox', 'sandbox']);
    await runRevocationCycle({
      db: tdb.db,
      activities,
      providers,
      caseId: 'case-acct-demo',
      accountId: 'acct-demo',
      neighbour: 'bakery.example',
    });
  });

  it('a customer who moved to a competitor after revocation is not mistaken for still served by us', async () => {
    const { activities } = edge();
    const snap = await activities.snapshotFootprint({
      idempotencyKey: 'case-move:snapshot',
      caseId: 'case-move',
      accountId: 'acct-demo',
      domains: ['forum-mirror.example'],
      services: ['dns', 'proxy'],
    });
    for (const service of ['dns', 'proxy'] as const) {
      await activities.revokeService({
        idempotencyKey: `case-move:revoke:${service}`,
        caseId: 'case-move',
        accountId: 'acct-demo',
        domain: 'forum-mirror.example',
        service,
        snapshotId: snap.snapshotId,
      });
    }
    await moveToProvider(tdb.db, 'forum-mirror.example', 'ddos-guard');
    const ns = await queryDns({ host: '127.0.0.1', port: sandbox.dns.port }, 'forum-mirror.example', 'NS');
    expect(ns.answers?.map((a) => (a as { data?: unknown }).data)).toEqual([
      'ns1.ddos-guard.net',
      'ns2.ddos-guard.net',
    ]);
    expect(
      await activities.verifyRevocation({ domain: 'forum-mirror.example', services: ['dns', 'proxy'] }),
    ).toMatchObject({
      dnsServed: false,
      proxyServed: false,
    });
    // Restoring puts our zone back: it wins over the competitor's copy in the sandbox, and verify sees it as ours.
    await activities.restoreSnapshot({
      idempotencyKey: 'case-move:restore',
      caseId: 'case-move',
      snapshotId: snap.snapshotId,
    });
    expect(
      await activities.verifyRevocation({ domain: 'forum-mirror.example', services: ['dns', 'proxy'] }),
    ).toMatchObject({
      dnsServed: true,
      proxyServed: true,
    });
  });

  it('refuses, like PowerDNS, a record it could not serve, and says which', async () => {
    const { providers } = edge();
    const err = await providers.dns
      .putZone({
        name: 'bad.example',
        account: 'acct-demo',
        kind: 'Native',
        rrsets: [{ name: 'bad.example', type: 'A', ttl: 60, records: ['not-an-ip'] }],
      })
      .catch((e: unknown) => e as { type?: string; message: string });
    expect(err).toMatchObject({
      type: 'ProviderRejected',
      message: expect.stringContaining('A content "not-an-ip" is not an IPv4 address'),
    });
    expect(await providers.dns.getZone('bad.example')).toBeNull();
  });

  it('says which setting to change when a sandbox port is taken', async () => {
    await expect(
      startSandboxEdge({ db: tdb.db, httpPort: Number(new URL(sandbox.running.httpUrl).port) }),
    ).rejects.toThrow(/TERMINUS_SANDBOX_HTTP_PORT/);
  });
});
