import type { AccountItem } from '../../src/domain/case/account-items';
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { FakeCaseService, KNOWN_CASE, sampleIntake } from '../support/api/fake-case-service';
import {
  fakeAccountActivities,
  fakeAccountItemStore,
  newAccountWorld,
  type AccountWorld,
} from '../support/fakes/account-fakes';

interface Page {
  items: AccountItem[];
  nextCursor?: string;
  total: number;
  counts: Record<string, number>;
}

describe('API: paged lists of a case (account items, timeline, evidence)', () => {
  let api: ApiHarness;
  let cases: FakeCaseService;
  const worlds = new Map<string, AccountWorld>();

  beforeAll(async () => {
    const world = newAccountWorld({
      'acct-1': Array.from({ length: 250 }, (_, i) => `z${String(i).padStart(3, '0')}.example`),
    });
    worlds.set(KNOWN_CASE, world);
    const account = fakeAccountActivities(worlds);
    await account.discoverAccountItems({
      idempotencyKey: 'k',
      caseId: KNOWN_CASE,
      accountIds: ['acct-1'],
      phase: 'intake',
    });
    for (const row of [...world.rows.get(KNOWN_CASE)!.values()].slice(0, 40)) row.status = 'done';
    cases = new FakeCaseService();
    api = await startApiHarness({ cases, items: fakeAccountItemStore(worlds) });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('pages every item once, in order, with the counts per status', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await api.call<Page>(
        'GET',
        `/cases/${KNOWN_CASE}/items?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { as: 'ivan' },
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(100);
      expect(res.body.total).toBe(250);
      expect(res.body.counts).toMatchObject({ done: 40, pending: 210, failed: 0 });
      names.push(...res.body.items.map((i) => i.name));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
    expect(names).toEqual([...names].sort());
  });

  it('filters by status', async () => {
    const res = await api.call<Page>('GET', `/cases/${KNOWN_CASE}/items?status=done&limit=500`, { as: 'otto' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(40);
    expect(res.body.items.every((i) => i.status === 'done')).toBe(true);
    expect(res.body.nextCursor).toBeUndefined();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['status=gone', 'status'],
    ['cursor=not%20a%20cursor', 'cursor'],
    ['cursor=bm90LWEtbnVtYmVy', 'cursor'],
    ['colour=blue', 'colour'],
  ])('answers 400 naming the bad parameter (%s)', async (query, field) => {
    const res = await api.call<{ detail: string }>('GET', `/cases/${KNOWN_CASE}/items?${query}`, { as: 'ivan' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(field);
  });

  it('answers 404 for a case that does not exist, and 401 without a token', async () => {
    expect((await api.call('GET', '/cases/case-nobody/items', { as: 'ivan' })).status).toBe(404);
    expect((await api.call('GET', `/cases/${KNOWN_CASE}/items`)).status).toBe(401);
  });

  it('pages the timeline of the view', async () => {
    const first = await api.call<{ items: { kind: string }[]; nextCursor?: string; total: number }>(
      'GET',
      `/cases/${KNOWN_CASE}/timeline?limit=1`,
      { as: 'lena' },
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([expect.objectContaining({ kind: 'opened' })]);
    expect(first.body.total).toBeGreaterThanOrEqual(1);
    const bad = await api.call<{ detail: string }>('GET', `/cases/${KNOWN_CASE}/evidence?cursor=x`, { as: 'lena' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('cursor');
  });

  it('opens an account case with linked accounts, and refuses linked accounts on a domain case', async () => {
    const { requestedBy: _by, ...intake } = sampleIntake({
      account: { id: 'acct-77', name: 'Op', noticeContacts: ['a@op.example'] },
    });
    const linked = [{ id: 'acct-78', reason: 'same payment card', evidenceRefs: ['sha256:' + 'c'.repeat(64)] }];
    const opened = await api.call('POST', '/cases', {
      as: 'rita',
      body: { ...intake, scope: 'account', linkedAccounts: linked },
    });
    expect(opened.status).toBe(201);
    const sent = cases.calls.filter((c) => c.method === 'open').at(-1)!.args[0];
    expect(sent).toMatchObject({ scope: 'account', linkedAccounts: linked });
    const refused = await api.call<{ detail: string }>('POST', '/cases', {
      as: 'rita',
      body: { ...intake, linkedAccounts: linked },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('linkedAccounts');
  });
});
