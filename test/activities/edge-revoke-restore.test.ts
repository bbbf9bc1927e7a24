import { MockActivityEnvironment } from '@temporalio/testing';
import { createEdgeActivities } from '../../src/activities/edge';
import type { EdgeActivities, RevokeServiceInput } from '../../src/activities/edge-contract';
import type { EdgeProviders } from '../../src/adapters/edge/provider';
import { FailureType } from '../../src/domain/failures';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { createFakeEdge, type FakeEdge } from '../support/fakes/fake-edge';

let tdb: TestDatabase;
const env = new MockActivityEnvironment();
/** Runs an activity in the mock activity context, keeping its result type. */
const run = <I, O>(fn: (input: I) => Promise<O>, input: I): Promise<O> =>
  env.run<[I], O, (input: I) => Promise<O>>(fn, input);
let n = 0;

beforeAll(async () => {
  tdb = await startTestDatabase();
});
afterAll(async () => {
  await tdb?.stop();
});

type Failure = Error & { type?: string; nonRetryable?: boolean };

async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (err) {
    return err as Failure;
  }
  throw new Error('expected a failure');
}

interface Case {
  edge: FakeEdge;
  a: EdgeActivities;
  caseId: string;
  snapshotId: string;
  revokeInput(domain: string, service: 'dns' | 'proxy', key?: string): RevokeServiceInput;
}

async function openCase(wrap?: (p: EdgeProviders) => EdgeProviders): Promise<Case> {
  const edge = createFakeEdge(
    { 'forum.example': 'acct-demo', 'bakery.example': 'acct-bakery' },
    {
      'r-forum': { hosts: ['forum.example', 'www.forum.example'], account: 'acct-demo' },
      'r-bakery': { hosts: ['bakery.example'], account: 'acct-bakery' },
    },
  );
  const providers = wrap ? wrap(edge.providers) : edge.providers;
  const a = createEdgeActivities({ db: tdb.db, providers, verifier: edge.verifier });
  const caseId = `case-rr-${++n}`;
  const { snapshotId } = await run(a.snapshotFootprint, {
    idempotencyKey: `${caseId}:snapshot`,
    caseId,
    accountId: 'acct-demo',
    domains: ['forum.example', 'www.forum.example'],
    services: ['dns', 'proxy'],
  });
  const revokeInput = (domain: string, service: 'dns' | 'proxy', key = 'revoke') => ({
    idempotencyKey: `${caseId}:${key}:${service}:${domain}`,
    caseId,
    accountId: 'acct-demo',
    domain,
    service,
    snapshotId,
  });
  return { edge, a, caseId, snapshotId, revokeInput };
}

describe('revokeService', () => {
  it('revokes once; a retry under the same key returns the first answer and touches nothing', async () => {
    const c = await openCase();
    const first = await run(c.a.revokeService, c.revokeInput('forum.example', 'dns'));
    expect(first).toMatchObject({ domain: 'forum.example', service: 'dns', changed: true, provider: 'fake-dns' });
    const callsAfterFirst = [...c.edge.calls];
    expect(await run(c.a.revokeService, c.revokeInput('forum.example', 'dns'))).toEqual(first);
    expect(c.edge.calls).toEqual(callsAfterFirst);
    expect(await run(c.a.revokeService, c.revokeInput('www.forum.example', 'dns'))).toMatchObject({
      changed: false,
    });
    expect(c.edge.calls.filter((x) => x.startsWith('deleteZone'))).toEqual(['deleteZone forum.example']);
    expect(c.edge.zones.has('bakery.example')).toBe(true);
  });

  it('removes the customer hosts only, leaving the neighbour', async () => {
    const c = await openCase();
    expect(await run(c.a.revokeService, c.revokeInput('forum.example', 'proxy'))).toMatchObject({
      changed: true,
      provider: 'fake-proxy',
    });
    expect([...c.edge.routes.keys()]).toEqual(['r-bakery']);
    expect(await run(c.a.verifyRevocation, { domain: 'forum.example', services: ['proxy'] })).toMatchObject({
      dnsServed: null,
      proxyServed: false,
    });
    expect(await run(c.a.verifyRevocation, { domain: 'bakery.example', services: ['dns', 'proxy'] })).toMatchObject({
      dnsServed: true,
      proxyServed: true,
    });
  });

  it('refuses when the zone changed hands after the snapshot, deleting nothing', async () => {
    const c = await openCase();
    c.edge.zones.get('forum.example')!.account = 'acct-buyer';
    const err = await failure(run(c.a.revokeService, c.revokeInput('forum.example', 'dns')));
    expect([err.type, err.nonRetryable]).toEqual([FailureType.FootprintViolation, true]);
    expect(err.message).toContain('belongs to account acct-buyer');
    expect(c.edge.zones.has('forum.example')).toBe(true);
    expect(c.edge.calls.filter((x) => x.startsWith('deleteZone'))).toEqual([]);
  });

  it('refuses when another customer zone appeared below the customer zone after the snapshot', async () => {
    const c = await openCase();
    c.edge.zones.set('shop.forum.example', {
      name: 'shop.forum.example',
      account: 'acct-bakery',
      kind: 'Native',
      rrsets: [],
    });
    const err = await failure(run(c.a.revokeService, c.revokeInput('forum.example', 'dns')));
    expect(err.type).toBe(FailureType.FootprintViolation);
    expect(err.message).toContain('parent of zone shop.forum.example');
    expect(c.edge.zones.has('forum.example')).toBe(true);
  });

  it('refuses a domain the snapshot does not cover, another case snapshot, and an unknown snapshot', async () => {
    const c = await openCase();
    const other = await openCase();
    const notCovered = await failure(run(c.a.revokeService, c.revokeInput('forum-mirror.example', 'dns')));
    expect([notCovered.type, notCovered.message]).toEqual([
      FailureType.FootprintViolation,
      expect.stringContaining('not in snapshot'),
    ]);
    const wrongCase = await failure(
      run(c.a.revokeService, { ...c.revokeInput('forum.example', 'dns'), snapshotId: other.snapshotId }),
    );
    expect([wrongCase.type, wrongCase.message]).toEqual([
      FailureType.FootprintViolation,
      expect.stringContaining(`belongs to case ${other.caseId}`),
    ]);
    const wrongAccount = await failure(
      run(c.a.revokeService, { ...c.revokeInput('forum.example', 'dns'), accountId: 'acct-bakery' }),
    );
    expect(wrongAccount.type).toBe(FailureType.FootprintViolation);
    const missing = await failure(
      run(c.a.revokeService, { ...c.revokeInput('forum.example', 'dns'), snapshotId: 'snap_nope' }),
    );
    expect([missing.type, missing.nonRetryable]).toEqual([FailureType.NotFound, true]);
    const wildcard = await failure(run(c.a.revokeService, c.revokeInput('*.forum.example', 'dns')));
    expect(wildcard.type).toBe(FailureType.FootprintViolation);
    expect(c.edge.calls.filter((x) => !x.startsWith('put'))).toEqual([]);
  });

  it('a crash right after DNS was revoked: the retry changes nothing twice, then the proxy is revoked', async () => {
    let crashes = 1;
    const c = await openCase((p) => ({
      ...p,
      dns: {
        ...p.dns,
        async deleteZone(name) {
          const deleted = await p.dns.deleteZone(name);
          if (crashes-- > 0) throw new Error('worker lost after deleting the zone');
          return deleted;
        },
      },
    }));
    const dnsInput = c.revokeInput('forum.example', 'dns');
    expect((await failure(run(c.a.revokeService, dnsInput))).message).toContain('worker lost');
    expect(c.edge.zones.has('forum.example')).toBe(false);
    const retried = await run(c.a.revokeService, dnsInput);
    expect(retried).toMatchObject({ changed: false });
    expect(await run(c.a.revokeService, c.revokeInput('forum.example', 'proxy'))).toMatchObject({ changed: true });
    expect(await run(c.a.verifyRevocation, { domain: 'forum.example', services: ['dns', 'proxy'] })).toMatchObject({
      dnsServed: false,
      proxyServed: false,
    });
    // The retry sees the zone already gone on the live edge and does not even ask to delete it again.
    expect(c.edge.calls.filter((x) => !x.startsWith('put'))).toEqual([
      'deleteZone forum.example',
      'removeHost r-forum forum.example',
      'removeHost r-forum www.forum.example',
    ]);
  });
});

describe('restoreSnapshot', () => {
  it('restores exactly the snapshot; a retry returns the first answer; a new restore leaves everything unchanged', async () => {
    const c = await openCase();
    const before = structuredClone([...c.edge.zones.values()]);
    for (const service of ['dns', 'proxy'] as const)
      await run(c.a.revokeService, c.revokeInput('forum.example', service));
    const input = { idempotencyKey: `${c.caseId}:restore`, caseId: c.caseId, snapshotId: c.snapshotId };
    const first = await run(c.a.restoreSnapshot, input);
    expect(first).toMatchObject({
      restoredZones: ['forum.example'],
      restoredProxyHosts: ['forum.example', 'www.forum.example'],
    });
    const calls = c.edge.calls.length;
    expect(await run(c.a.restoreSnapshot, input)).toEqual(first);
    expect(c.edge.calls).toHaveLength(calls);
    expect(await c.edge.providers.dns.putZone(c.edge.zones.get('forum.example')!)).toBe('unchanged');
    expect([...c.edge.zones.values()].sort((x, y) => x.name.localeCompare(y.name))).toEqual(
      before.sort((x, y) => x.name.localeCompare(y.name)),
    );
    expect(c.edge.routes.get('r-forum')?.hosts).toEqual(['forum.example', 'www.forum.example']);
  });

  it('refuses to restore over a name that now belongs to someone else', async () => {
    const c = await openCase();
    await run(c.a.revokeService, c.revokeInput('forum.example', 'dns'));
    c.edge.zones.set('forum.example', { name: 'forum.example', account: 'acct-new-owner', kind: 'Native', rrsets: [] });
    const err = await failure(
      run(c.a.restoreSnapshot, {
        idempotencyKey: `${c.caseId}:restore`,
        caseId: c.caseId,
        snapshotId: c.snapshotId,
      }),
    );
    expect(err.type).toBe(FailureType.FootprintViolation);
    expect(err.message).toContain('zone forum.example now belongs to acct-new-owner');
    expect(c.edge.zones.get('forum.example')?.account).toBe('acct-new-owner');
  });

  it('refuses to restore proxy routes onto a different proxy adapter', async () => {
    const c = await openCase();
    const moved = createEdgeActivities({
      db: tdb.db,
      providers: { ...c.edge.providers, proxy: { ...c.edge.providers.proxy, id: 'caddy' } },
      verifier: c.edge.verifier,
    });
    const err = await failure(
      run(moved.restoreSnapshot, {
        idempotencyKey: `${c.caseId}:restore`,
        caseId: c.caseId,
        snapshotId: c.snapshotId,
      }),
    );
    expect(err.type).toBe(FailureType.InvalidConfiguration);
  });
});
