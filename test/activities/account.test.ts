import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import type { AccountActivities, AccountRevocationProgress } from '../../src/activities/account-contract';
import { createAccountActivities } from '../../src/activities/account';
import { accountSnapshotIds, createAccountItemStore } from '../../src/activities/account-items-store';
import { createEdgeActivities } from '../../src/activities/edge';
import { getSnapshot } from '../../src/activities/edge-snapshots';
import type { EdgeProviders } from '../../src/adapters/edge/provider';
import { createSandboxDnsProvider, createSandboxProxyProvider } from '../../src/adapters/edge/sandbox';
import { seedSandboxAccount } from '../../src/adapters/sandbox/account-seed';
import type { Database } from '../../src/db/database';
import { FailureType } from '../../src/domain/failures';
import { startTestDatabase, type TestDatabase } from '../support/database';

let tdb: TestDatabase;
let n = 0;
const clock = () => new Date('2026-12-07T12:00:00Z');

beforeAll(async () => {
  tdb = await startTestDatabase();
});
afterAll(async () => {
  await tdb?.stop();
});

/** The sandbox edge over the test database, with every edge write counted per name. */
function countedSandbox(db: Database, hooks: { deleteZone?: (name: string) => void } = {}) {
  const dns = createSandboxDnsProvider(db);
  const proxy = createSandboxProxyProvider(db);
  const deletes = new Map<string, number>();
  const removes = new Map<string, number>();
  const providers: EdgeProviders = {
    dns: {
      ...dns,
      async deleteZone(name) {
        hooks.deleteZone?.(name);
        deletes.set(name, (deletes.get(name) ?? 0) + 1);
        return dns.deleteZone(name);
      },
    },
    proxy: {
      ...proxy,
      async removeHosts(pairs) {
        for (const p of pairs) removes.set(p.host, (removes.get(p.host) ?? 0) + 1);
        return proxy.removeHosts!(pairs);
      },
    },
  };
  return { providers, deletes, removes };
}

interface Setup {
  a: AccountActivities;
  env: MockActivityEnvironment;
  caseId: string;
  account: string;
  edge: ReturnType<typeof countedSandbox>;
}

async function setup(zones: number, options: { attempt?: number; db?: Database } = {}): Promise<Setup> {
  const id = ++n;
  const account = `acct-big${id}`;
  await seedSandboxAccount(tdb.db, { accountId: account, zones });
  const edge = countedSandbox(tdb.db);
  const a = createAccountActivities({ db: options.db ?? tdb.db, providers: edge.providers, clock });
  const env = new MockActivityEnvironment({ attempt: options.attempt ?? 1 });
  return { a, env, caseId: `case-${account}`, account, edge };
}

const run = <I, O>(env: MockActivityEnvironment, fn: (input: I) => Promise<O>, input: I): Promise<O> =>
  env.run<[I], O, (input: I) => Promise<O>>(fn, input);

async function failure(p: Promise<unknown>): Promise<Error & { type?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { type?: string };
  }
  throw new Error('expected a failure');
}

const discover = (s: Setup, phase: 'intake' | 'pre_revocation', key = `${s.caseId}:${phase}`) =>
  run(s.env, s.a.discoverAccountItems, { idempotencyKey: key, caseId: s.caseId, accountIds: [s.account], phase });

const batch = (s: Setup, batchSize: number, env = s.env) =>
  run(env, s.a.revokeAccountBatch, {
    caseId: s.caseId,
    accountIds: [s.account],
    services: ['dns', 'proxy'],
    batchSize,
  });

async function statuses(caseId: string): Promise<Record<string, string>> {
  const rows = await tdb.db.query<{ name: string; kind: string; status: string }>(
    'SELECT name, kind, status FROM case_items WHERE case_id = $1',
    [caseId],
  );
  return Object.fromEntries(rows.map((r) => [`${r.kind} ${r.name}`, r.status]));
}

describe('discoverAccountItems', () => {
  it('records every zone and proxied hostname once, answers a retry the same, and catches a zone added later', async () => {
    const s = await setup(12);
    await seedSandboxAccount(tdb.db, { accountId: 'acct-neighbour', zones: 3, prefix: `nb${n}` });
    const first = await discover(s, 'intake');
    expect(first).toMatchObject({ total: 24, added: 24, excluded: 0, at: '2026-12-07T12:00:00.000Z' });
    expect(first.addedSample).toHaveLength(12);
    expect(await discover(s, 'intake')).toEqual(first);
    expect(await discover(s, 'intake', `${s.caseId}:intake-again`)).toMatchObject({ total: 24, added: 0 });

    await seedSandboxAccount(tdb.db, { accountId: s.account, zones: 1, start: 500 });
    const late = await discover(s, 'pre_revocation');
    expect(late).toMatchObject({ total: 26, added: 2, addedSample: [`${s.account}-000500.example`] });
    const page = await createAccountItemStore(tdb.db).page(s.caseId, { limit: 500 });
    expect(page.total).toBe(26);
    expect(page.items.slice(-2)).toEqual([
      expect.objectContaining({ name: `${s.account}-000500.example`, foundBy: 'pre_revocation', kind: 'proxy_host' }),
      expect.objectContaining({ name: `${s.account}-000500.example`, foundBy: 'pre_revocation', kind: 'zone' }),
    ]);
    expect(page.items.every((i) => i.accountId === s.account)).toBe(true);
  });
});

describe('revokeAccountBatch', () => {
  it('revokes in name-ordered batches with heartbeats, snapshots each item, and a restore puts a batch back', async () => {
    const s = await setup(25);
    await discover(s, 'intake');
    const beats: AccountRevocationProgress[] = [];
    s.env.on('heartbeat', (d: unknown) => beats.push(d as AccountRevocationProgress));
    const first = await batch(s, 20);
    expect(first).toMatchObject({ done: 20, failed: 0, remaining: 30, revokedInBatch: 20, failedSample: [] });
    // One beat once the batch is pictured and snapshotted, then one per item.
    expect(beats.map((b) => b.remaining)).toEqual([50, ...Array.from({ length: 20 }, (_, i) => 49 - i)]);
    let last = first;
    while (last.remaining > 0) last = await batch(s, 20);
    expect(last).toMatchObject({ done: 50, failed: 0, remaining: 0 });
    expect(await batch(s, 20)).toMatchObject({ done: 50, remaining: 0, revokedInBatch: 0 });
    expect([...s.edge.deletes.values()].every((c) => c === 1)).toBe(true);
    expect(s.edge.deletes.size).toBe(25);
    expect([...s.edge.removes.values()].every((c) => c === 1)).toBe(true);
    expect(await createSandboxDnsProvider(tdb.db).listZones()).not.toContainEqual(
      expect.objectContaining({ account: s.account }),
    );

    const ids = await accountSnapshotIds(tdb.db, s.caseId);
    expect(ids).toHaveLength(3);
    const pictured = await Promise.all(ids.map((id) => getSnapshot(tdb.db, id)));
    expect(pictured.flatMap((p) => p!.content.zones.map((z) => z.name)).sort()).toEqual(
      [...s.edge.deletes.keys()].sort(),
    );
    const rows = await tdb.db.query<{ snapshot_id: string; changed: boolean }>(
      'SELECT DISTINCT snapshot_id, changed FROM case_items WHERE case_id = $1',
      [s.caseId],
    );
    expect(rows.every((r) => r.changed)).toBe(true);
    const snapshotId = rows[0]!.snapshot_id;
    const snapshot = await getSnapshot(tdb.db, snapshotId);
    expect(snapshot?.content.zones.length).toBeGreaterThan(0);
    const edgeActivities = createEdgeActivities({
      db: tdb.db,
      providers: s.edge.providers,
      verifier: { dnsServed: () => Promise.resolve(false), proxyServed: () => Promise.resolve(false) },
    });
    const restored = await run(s.env, edgeActivities.restoreSnapshot, {
      idempotencyKey: `${s.caseId}:restore`,
      caseId: s.caseId,
      snapshotId,
    });
    expect(restored.restoredZones).toEqual(snapshot!.content.zones.map((z) => z.name));
    expect(await createSandboxDnsProvider(tdb.db).getZone(restored.restoredZones[0]!)).toEqual(
      snapshot!.content.zones[0],
    );
  });

  it('resumes after the worker died mid-batch: every zone is deleted on the edge exactly once', async () => {
    const s = await setup(30);
    await discover(s, 'intake');
    // The database goes away right after the 7th deletion reached the edge (the row is not marked yet).
    let deletions = 0;
    let down = false;
    const dying: Database = {
      query: (sql, params) =>
        down ? Promise.reject(new Error('connection terminated unexpectedly')) : tdb.db.query(sql, params),
      transaction: (fn) => tdb.db.transaction(fn),
      close: () => Promise.resolve(),
    };
    const edge = countedSandbox(tdb.db, {
      deleteZone: () => {
        if (++deletions === 7) down = true;
      },
    });
    const crashing = createAccountActivities({ db: dying, providers: edge.providers, clock });
    const err = await failure(
      run(new MockActivityEnvironment(), crashing.revokeAccountBatch, {
        caseId: s.caseId,
        accountIds: [s.account],
        services: ['dns', 'proxy'],
        batchSize: 40,
      }),
    );
    expect(err.message).toMatch(/connection terminated/);
    const afterCrash = Object.values(await statuses(s.caseId));
    expect(afterCrash.filter((x) => x === 'pending').length).toBeGreaterThan(50);

    const resumed = createAccountActivities({ db: tdb.db, providers: edge.providers, clock });
    let progress: AccountRevocationProgress;
    do {
      progress = await run(new MockActivityEnvironment({ attempt: 2 }), resumed.revokeAccountBatch, {
        caseId: s.caseId,
        accountIds: [s.account],
        services: ['dns', 'proxy'],
        batchSize: 40,
      });
    } while (progress.remaining > 0);
    expect(progress).toMatchObject({ done: 60, failed: 0, remaining: 0 });
    expect(edge.deletes.size).toBe(30);
    expect([...edge.deletes.values()].every((c) => c === 1)).toBe(true);
    expect([...edge.removes.values()].every((c) => c === 1)).toBe(true);
    const changed = await tdb.db.query<{ changed: boolean; n: string }>(
      `SELECT changed, count(*) AS n FROM case_items WHERE case_id = $1 AND kind = 'zone' GROUP BY changed`,
      [s.caseId],
    );
    // The zones deleted before the crash but not yet marked are done without a second call (changed: false).
    const unchanged = Number(changed.find((c) => !c.changed)?.n ?? 0);
    expect(unchanged).toBeGreaterThanOrEqual(1);
    expect(unchanged + Number(changed.find((c) => c.changed)?.n ?? 0)).toBe(30);
  });

  it('marks a zone gone before revocation absent, a zone now of another account and a refused one failed', async () => {
    const s = await setup(4);
    await discover(s, 'intake');
    const [z0, z1, z2] = [0, 1, 2].map((i) => `${s.account}-00000${i}.example`);
    await createSandboxDnsProvider(tdb.db).deleteZone(z0!);
    await tdb.db.query(`UPDATE sandbox_zones SET account_id = 'acct-other' WHERE realm = 'edge' AND name = $1`, [z1]);
    const rejecting = createAccountActivities({
      db: tdb.db,
      clock,
      providers: {
        ...s.edge.providers,
        dns: {
          ...s.edge.providers.dns,
          deleteZone: (name) =>
            name === z2
              ? Promise.reject(ApplicationFailure.nonRetryable('PowerDNS answered 422', FailureType.ProviderRejected))
              : s.edge.providers.dns.deleteZone(name),
        },
      },
    });
    const progress = await run(s.env, rejecting.revokeAccountBatch, {
      caseId: s.caseId,
      accountIds: [s.account],
      services: ['dns'],
      batchSize: 10,
    });
    expect(progress).toMatchObject({ done: 2, failed: 2, remaining: 0, revokedInBatch: 2 });
    expect(progress.failedSample).toEqual([
      { name: z1, error: expect.stringMatching(/now belongs to acct-other/) },
      { name: z2, error: 'PowerDNS answered 422' },
    ]);
    const st = await statuses(s.caseId);
    expect(st[`zone ${z0}`]).toBe('absent');
    expect(st[`proxy_host ${z0}`]).toBe('pending');
    expect(await run(s.env, s.a.retryFailedAccountItems, { caseId: s.caseId })).toEqual({ requeued: 2 });
    expect((await statuses(s.caseId))[`zone ${z2}`]).toBe('pending');
  });

  it('retries the batch on an unreachable provider at first, and fails only the item from the third attempt', async () => {
    const s = await setup(3);
    await discover(s, 'intake');
    const down = Object.assign(new Error('PowerDNS API delete zone timed out after 5000 ms'), {
      name: 'ProviderUnavailable',
    });
    const unreachable = (attempt: number) =>
      run(
        new MockActivityEnvironment({ attempt }),
        createAccountActivities({
          db: tdb.db,
          clock,
          providers: { ...s.edge.providers, dns: { ...s.edge.providers.dns, deleteZone: () => Promise.reject(down) } },
        }).revokeAccountBatch,
        { caseId: s.caseId, accountIds: [s.account], services: ['dns'], batchSize: 10 },
      );
    expect((await failure(unreachable(1))).message).toMatch(/timed out/);
    expect(Object.values(await statuses(s.caseId)).filter((x) => x === 'pending')).toHaveLength(6);
    expect(await unreachable(3)).toMatchObject({ failed: 3, remaining: 0, done: 0 });
  });

  it('removes hostnames one by one on a proxy that cannot remove many in one change', async () => {
    const s = await setup(3);
    await discover(s, 'intake');
    const { removeHosts: _many, ...oneByOne } = createSandboxProxyProvider(tdb.db);
    const removed: string[] = [];
    const a = createAccountActivities({
      db: tdb.db,
      clock,
      providers: {
        dns: s.edge.providers.dns,
        proxy: {
          ...oneByOne,
          removeHost(id, host) {
            removed.push(host);
            return oneByOne.removeHost(id, host);
          },
        },
      },
    });
    const progress = await run(s.env, a.revokeAccountBatch, {
      caseId: s.caseId,
      accountIds: [s.account],
      services: ['proxy'],
      batchSize: 10,
    });
    expect(progress).toMatchObject({ done: 3, remaining: 0, failed: 0 });
    expect(removed.sort()).toEqual([0, 1, 2].map((i) => `${s.account}-00000${i}.example`));
    expect(Object.values(await statuses(s.caseId)).sort()).toEqual([
      'done',
      'done',
      'done',
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('refuses bad input as InvalidInput', async () => {
    const s = await setup(1);
    const err = await failure(batch(s, 0));
    expect([err.type, err.message]).toEqual([FailureType.InvalidInput, expect.stringMatching(/batchSize/)]);
  });
});

describe('excludeAccountItem and the item store', () => {
  it('excludes a pending name with its reason, refuses one no longer pending or unknown, and never revokes it', async () => {
    const s = await setup(3);
    await discover(s, 'intake');
    const name = `${s.account}-000001.example`;
    const exclusion = { by: 'legal-1', at: '2026-12-07T12:30:00.000Z', reason: 'sold to another company in 2025' };
    const item = await run(s.env, s.a.excludeAccountItem, { caseId: s.caseId, name, ...exclusion });
    expect(item).toMatchObject({ name, kind: 'zone', status: 'excluded', exclusion });
    const again = await failure(run(s.env, s.a.excludeAccountItem, { caseId: s.caseId, name, ...exclusion }));
    expect([again.type, again.message]).toEqual([FailureType.Conflict, expect.stringMatching(/not pending/)]);
    const unknown = await failure(
      run(s.env, s.a.excludeAccountItem, { caseId: s.caseId, name: 'other.example', ...exclusion }),
    );
    expect(unknown.type).toBe(FailureType.NotFound);

    await batch(s, 100);
    const store = createAccountItemStore(tdb.db);
    expect(await store.counts(s.caseId)).toEqual({ pending: 0, done: 4, failed: 0, excluded: 2, absent: 0 });
    expect(s.edge.deletes.has(name)).toBe(false);
    const done = `${s.account}-000002.example`;
    expect((await failure(store.exclude(s.caseId, done, exclusion))).type).toBe(FailureType.Conflict);
    expect((await store.page(s.caseId, { limit: 10, status: 'excluded' })).items.map((i) => i.kind)).toEqual([
      'proxy_host',
      'zone',
    ]);
  });

  it('pages with a cursor that neither repeats nor skips rows while discoveries insert new ones', async () => {
    const s = await setup(40);
    await discover(s, 'intake');
    const store = createAccountItemStore(tdb.db);
    const seen: string[] = [];
    let cursor: string | undefined;
    let round = 0;
    do {
      const page = await store.page(s.caseId, { limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => `${i.foundBy} ${i.kind} ${i.name}`));
      cursor = page.nextCursor;
      // Between pages, names land before and after the reader's position (a late intake, a pre-revocation find).
      round++;
      const between = `${s.account}-${String(round * 3).padStart(6, '0')}x`;
      await seedSandboxAccount(tdb.db, { accountId: s.account, zones: 1, start: round, prefix: between });
      await discover(s, round % 2 ? 'intake' : 'pre_revocation', `${s.caseId}:paging-${round}`);
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const original = Array.from({ length: 40 }, (_, i) => `${s.account}-${String(i).padStart(6, '0')}.example`);
    for (const name of original) {
      expect(seen.filter((x) => x.endsWith(` ${name}`))).toHaveLength(2);
    }
    const sortKey = (x: string) => `${x.startsWith('intake') ? 0 : 1} ${x.split(' ')[2]} ${x.split(' ')[1]}`;
    expect(seen.map(sortKey)).toEqual([...seen.map(sortKey)].sort());
    expect((await failure(store.page(s.caseId, { limit: 7, cursor: 'not-a-cursor' }))).type).toBe(
      FailureType.InvalidInput,
    );
    expect((await failure(store.page(s.caseId, { limit: 501 }))).type).toBe(FailureType.InvalidInput);
  });
});
