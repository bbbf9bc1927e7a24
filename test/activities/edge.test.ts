import { MockActivityEnvironment } from '@temporalio/testing';
import { createEdgeActivities } from '../../src/activities/edge';
import type { EdgeActivities } from '../../src/activities/edge-contract';
import { getSnapshot, retainSnapshot, verifySnapshotIntegrity } from '../../src/activities/edge-snapshots';
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

function setup(): { edge: FakeEdge; a: EdgeActivities; caseId: string } {
  const edge = createFakeEdge(
    {
      'forum.example': 'acct-demo',
      'forum-mirror.example': 'acct-demo',
      'bakery.example': 'acct-bakery',
      example: 'acct-evil',
      'sub.bakery.example': 'acct-demo',
    },
    {
      'r-forum': { hosts: ['forum.example', 'www.forum.example'], account: 'acct-demo' },
      'r-bakery': { hosts: ['bakery.example'], account: 'acct-bakery' },
    },
  );
  const a = createEdgeActivities({ db: tdb.db, ...edge, clock: () => new Date('2026-03-01T08:00:00Z') });
  return { edge, a, caseId: `case-${++n}` };
}

type Failure = Error & { type?: string; nonRetryable?: boolean; details?: unknown[] };

async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (err) {
    return err as Failure;
  }
  throw new Error('expected a failure');
}

const snapshotInput = (caseId: string, domains: string[], accountId = 'acct-demo') => ({
  idempotencyKey: `${caseId}:snapshot`,
  caseId,
  accountId,
  domains,
  services: ['dns' as const, 'proxy' as const],
});

describe('snapshotFootprint', () => {
  it('stores the picture once per idempotency key, hashed, with domains not on our edge listed', async () => {
    const { edge, a, caseId } = setup();
    const input = snapshotInput(caseId, ['Forum.Example.', 'www.forum.example', 'elsewhere.test']);
    const ref = await run(a.snapshotFootprint, input);
    expect(ref).toEqual({
      snapshotId: expect.stringMatching(/^snap_/),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      takenAt: '2026-03-01T08:00:00.000Z',
      zones: ['forum.example'],
      proxyHosts: ['forum.example', 'www.forum.example'],
      notOnEdge: ['elsewhere.test'],
    });
    edge.zones
      .get('forum.example')!
      .rrsets.push({ name: 'new.forum.example', type: 'A', ttl: 1, records: ['192.0.2.9'] });
    expect(await run(a.snapshotFootprint, input)).toEqual(ref);
    expect(await verifySnapshotIntegrity(tdb.db, ref.snapshotId)).toBe(true);
    const stored = await getSnapshot(tdb.db, ref.snapshotId);
    expect(stored?.content.zones[0]?.rrsets.map((r) => r.name)).not.toContain('new.forum.example');
  });

  it('detects a snapshot altered after it was stored', async () => {
    const { a, caseId } = setup();
    const ref = await run(a.snapshotFootprint, snapshotInput(caseId, ['forum.example']));
    await tdb.db.query(
      `UPDATE edge_snapshots SET content = replace(content, '192.0.2.1', '192.0.2.66') WHERE id = $1`,
      [ref.snapshotId],
    );
    expect(await verifySnapshotIntegrity(tdb.db, ref.snapshotId)).toBe(false);
  });

  it('keeps a snapshot for a preservation hold, only ever extending the retention', async () => {
    const { a, caseId } = setup();
    const ref = await run(a.snapshotFootprint, snapshotInput(caseId, ['forum.example']));
    expect(await retainSnapshot(tdb.db, ref.snapshotId, '2026-06-01T00:00:00Z')).toBe('2026-06-01T00:00:00.000Z');
    expect(await retainSnapshot(tdb.db, ref.snapshotId, '2026-04-01T00:00:00Z')).toBe('2026-06-01T00:00:00.000Z');
    expect(await retainSnapshot(tdb.db, ref.snapshotId, '2026-08-30T00:00:00Z')).toBe('2026-08-30T00:00:00.000Z');
    expect(await retainSnapshot(tdb.db, 'snap_missing', '2026-08-30T00:00:00Z')).toBeNull();
  });

  it.each([
    [['*.forum.example'], /wildcard/],
    [['forum.example', 'example'], /top-level domain/],
    [['co.uk'], /public suffix/],
    [['bakery.example'], /zone bakery\.example, which belongs to account acct-bakery, not to acct-demo/],
    [['shop.example'], /zone example, which belongs to account acct-evil/],
  ])('refuses %j as outside the footprint, touching nothing', async (domains, message) => {
    const { edge, a, caseId } = setup();
    const err = await failure(run(a.snapshotFootprint, snapshotInput(caseId, domains)));
    expect([err.type, err.nonRetryable]).toEqual([FailureType.FootprintViolation, true]);
    expect(err.message).toMatch(message);
    expect(edge.calls).toEqual([]);
  });

  it('plans a zone the customer owns below another customer zone (the parent is not touched)', async () => {
    const { a, caseId } = setup();
    const ref = await run(a.snapshotFootprint, snapshotInput(caseId, ['sub.bakery.example']));
    expect(ref.zones).toEqual(['sub.bakery.example']);
  });

  it('refuses the parent of other customers zones even for the account that owns it', async () => {
    const { a, caseId } = setup();
    const err = await failure(run(a.snapshotFootprint, snapshotInput(caseId, ['bakery.example'], 'acct-bakery')));
    expect(err.type).toBe(FailureType.FootprintViolation);
    expect(err.message).toContain(
      'zone bakery.example is the parent of zone sub.bakery.example, which belongs to account acct-demo',
    );
  });

  it.each([
    [{ domains: ['forum..example'] }, /empty label/],
    [{ domains: [] }, /at least one domain/],
    [{ services: ['dns', 'email'] }, /services must be/],
    [{ accountId: '' }, /accountId is required/],
  ])('refuses malformed input %j as InvalidInput', async (patch, message) => {
    const { a, caseId } = setup();
    const err = await failure(
      run(a.snapshotFootprint, { ...snapshotInput(caseId, ['forum.example']), ...patch } as never),
    );
    expect([err.type, err.nonRetryable]).toEqual([FailureType.InvalidInput, true]);
    expect(err.message).toMatch(message);
  });
});
