import { createAccountItemStore } from '../../src/activities/account-items-store';
import type { AccountItem, AccountItemStore } from '../../src/domain/case/account-items';
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { FakeCaseService, KNOWN_CASE } from '../support/api/fake-case-service';

interface Page {
  items: AccountItem[];
  nextCursor?: string;
  total: number;
  counts: Record<string, number>;
}

/** GET /cases/{id}/items over the real `case_items` store (keyset cursors, PostgreSQL), 1,200 + 1 rows. */
describe('API: account items from the case_items table', () => {
  let api: ApiHarness;
  let store: AccountItemStore | undefined;
  const lazy: AccountItemStore = {
    page: (...a) => store!.page(...a),
    counts: (...a) => store!.counts(...a),
    exclude: (...a) => store!.exclude(...a),
  };

  beforeAll(async () => {
    api = await startApiHarness({ cases: new FakeCaseService(), items: lazy });
    store = createAccountItemStore(api.db);
    await api.db.query(
      `INSERT INTO case_items (case_id, name, kind, account_id, status, found_by, found_rank, found_at)
       SELECT $1, 'z' || lpad(i::text, 4, '0') || '.example', 'zone', 'acct-1',
              CASE WHEN i % 100 = 0 THEN 'failed' ELSE 'pending' END, 'intake', 0, now()
       FROM generate_series(1, 1200) AS i`,
      [KNOWN_CASE],
    );
    // Found by the pre-revocation discovery: pages after every name known at intake, whatever its name.
    await api.db.query(
      `INSERT INTO case_items (case_id, name, kind, account_id, found_by, found_rank, found_at)
       VALUES ($1, 'aaa-late.example', 'zone', 'acct-1', 'pre_revocation', 1, now())`,
      [KNOWN_CASE],
    );
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('pages every row once, the late addition last, with the counts per status', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const q = `limit=500${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api.call<Page>('GET', `/cases/${KNOWN_CASE}/items?${q}`, { as: 'tom' });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1201);
      expect(res.body.counts).toMatchObject({ pending: 1189, failed: 12, done: 0 });
      names.push(...res.body.items.map((i) => i.name));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(names).size).toBe(1201);
    expect(names.at(-1)).toBe('aaa-late.example');
  });

  it('filters by status, and refuses a cursor it did not issue with a 400 naming it', async () => {
    const failed = await api.call<Page>('GET', `/cases/${KNOWN_CASE}/items?status=failed`, { as: 'tom' });
    expect(failed.body.items.map((i) => i.name)).toEqual(
      Array.from({ length: 12 }, (_, i) => `z${String((i + 1) * 100).padStart(4, '0')}.example`),
    );
    const bad = await api.call<{ detail: string }>('GET', `/cases/${KNOWN_CASE}/items?cursor=bm90LWEtY3Vyc29y`, {
      as: 'tom',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/cursor/);
  });
});
