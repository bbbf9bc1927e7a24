import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createEdgeActivities } from '../../../src/activities/edge';
import type { EdgeActivities } from '../../../src/activities/edge-contract';
import { createPowerDnsProvider } from '../../../src/adapters/edge/powerdns';
import type { DnsProvider, EdgeProviders } from '../../../src/adapters/edge/provider';
import { createSandboxProxyProvider } from '../../../src/adapters/edge/sandbox';
import { createEdgeVerifier } from '../../../src/adapters/edge/verifier';
import { startSandboxProxy, type SandboxProxy } from '../../../src/adapters/sandbox/http-proxy';
import { createDatabaseRouteSource } from '../../../src/adapters/sandbox/sources';
import { demoZones, seedSandbox } from '../../../src/dev/seed-sandbox';
import { FailureType } from '../../../src/domain/failures';
import { startTestDatabase, type TestDatabase } from '../../support/database';
import { startPowerDns, type PowerDnsServer } from '../../support/powerdns';
import { startTimeSkippingEnv, uniqueId, uniqueTaskQueue, type TimeSkippingEnv } from '../../support/temporal-env';
import { revokeStageFixture } from './edge-revoke-workflow';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

/**
 * The edge activities under a real worker on the time-skipping server, with DNS on a real PowerDNS (behind a
 * fault proxy) and the proxy on the sandbox: "DNS on one, proxy on another". Retries are Temporal's own.
 */
let ts: TimeSkippingEnv;
let pdns: PowerDnsServer;
let faults: FaultProxy;
let tdb: TestDatabase;
let proxy: SandboxProxy;

const workflowsPath = require.resolve('./edge-revoke-workflow');
const DOMAINS = ['forum.example', 'www.forum.example'];

beforeAll(async () => {
  [ts, pdns, tdb] = await Promise.all([startTimeSkippingEnv(), startPowerDns(), startTestDatabase()]);
  faults = await startFaultProxy(pdns.apiUrl);
  proxy = await startSandboxProxy({ port: 0, routes: createDatabaseRouteSource(tdb.db) });
});

afterAll(async () => {
  await proxy?.stop();
  await faults?.stop();
  await Promise.all([ts?.teardown(), pdns?.stop(), tdb?.stop()]);
});

/** Fresh demo data on both sides, a snapshot, and activities whose DNS side can be wrapped. */
async function prepare(caseId: string, wrapDns: (dns: DnsProvider) => DnsProvider = (d) => d) {
  const dns = createPowerDnsProvider({ apiUrl: faults.url, apiKey: pdns.apiKey, timeoutMs: 2000 });
  for (const zone of demoZones()) await dns.putZone(zone);
  await seedSandbox(tdb.db);
  const providers: EdgeProviders = { dns: wrapDns(dns), proxy: createSandboxProxyProvider(tdb.db) };
  const verifier = createEdgeVerifier({
    dns: { servers: [pdns.dns] },
    proxy: { url: proxy.url, marker: { header: 'x-terminus-edge' } },
  });
  const edge = createEdgeActivities({ db: tdb.db, providers, verifier });
  const { snapshotId } = await edge.snapshotFootprint({
    idempotencyKey: `${caseId}:snapshot`,
    caseId,
    accountId: 'acct-demo',
    domains: DOMAINS,
    services: ['dns', 'proxy'],
  });
  const attempts: string[] = [];
  const counted: EdgeActivities = {
    ...edge,
    revokeService: (input) => {
      attempts.push(`${input.service} ${input.domain} #${Context.current().info.attempt}`);
      return edge.revokeService(input);
    },
  };
  return { activities: counted, snapshotId, attempts, dns };
}

async function runStage(activities: EdgeActivities, caseId: string, snapshotId: string) {
  const taskQueue = uniqueTaskQueue('edge');
  const worker = await Worker.create({ connection: ts.env.nativeConnection, taskQueue, workflowsPath, activities });
  return worker.runUntil(
    ts.env.client.workflow.execute(revokeStageFixture, {
      workflowId: uniqueId(caseId),
      taskQueue,
      args: [{ caseId, accountId: 'acct-demo', domains: DOMAINS, snapshotId }],
    }),
  );
}

describe('edge activities under a real worker', () => {
  it('a crash between revoking DNS and revoking the proxy: the case completes and nothing happens twice', async () => {
    let effectiveDeletes = 0;
    let crashed = false;
    const { activities, snapshotId, attempts } = await prepare('case-crash', (dns) => ({
      ...dns,
      async deleteZone(name) {
        const deleted = await dns.deleteZone(name);
        if (deleted) effectiveDeletes++;
        if (!crashed) {
          crashed = true;
          throw new Error('worker lost right after PowerDNS deleted the zone');
        }
        return deleted;
      },
    }));
    const result = await runStage(activities, 'case-crash', snapshotId);
    expect(attempts).toEqual([
      'dns forum.example #1',
      'dns forum.example #2',
      'proxy forum.example #1',
      'dns www.forum.example #1',
      'proxy www.forum.example #1',
    ]);
    expect(result.revoked.map((r) => [r.service, r.domain, r.changed, r.provider])).toEqual([
      ['dns', 'forum.example', false, 'powerdns'],
      ['proxy', 'forum.example', true, 'sandbox'],
      ['dns', 'www.forum.example', false, 'powerdns'],
      ['proxy', 'www.forum.example', false, 'sandbox'],
    ]);
    expect(effectiveDeletes).toBe(1);
    expect(result.verified.map((v) => [v.domain, v.dnsServed, v.proxyServed])).toEqual([
      ['forum.example', false, false],
      ['www.forum.example', false, false],
    ]);
  });

  it('a provider answering 5xx is retried by Temporal until the revocation goes through', async () => {
    const { activities, snapshotId, attempts } = await prepare('case-5xx');
    faults.inject({ kind: 'status', status: 503 }, 2, 'DELETE');
    const result = await runStage(activities, 'case-5xx', snapshotId);
    expect(attempts.slice(0, 3)).toEqual(['dns forum.example #1', 'dns forum.example #2', 'dns forum.example #3']);
    expect(result.revoked[0]).toMatchObject({ service: 'dns', changed: true });
    expect(result.verified.every((v) => v.dnsServed === false && v.proxyServed === false)).toBe(true);
  });

  it('a provider answering 4xx fails the stage at once with ProviderRejected, leaving the proxy untouched', async () => {
    const { activities, snapshotId, attempts, dns } = await prepare('case-4xx');
    faults.inject({ kind: 'status', status: 403, body: '{"error":"forbidden by policy"}' }, 1, 'DELETE');
    const err = await runStage(activities, 'case-4xx', snapshotId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause?.cause as {
      type?: string;
      nonRetryable?: boolean;
      message: string;
    };
    expect([cause.type, cause.nonRetryable]).toEqual([FailureType.ProviderRejected, true]);
    expect(cause.message).toContain('answered 403');
    expect(attempts).toEqual(['dns forum.example #1']);
    expect(await dns.getZone('forum.example')).not.toBeNull();
  });
});
