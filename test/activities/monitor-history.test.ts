// The provider history the group watch writes (watch_history): idempotent by (watch, domain, change index), in
// statements of bounded size, read back a page at a time.
import { createWatchGroupActivities } from '../../src/activities/monitor-group';
import { createCandidateEvidenceStore } from '../../src/activities/monitor-evidence';
import { pageWatchHistory } from '../../src/activities/monitor-history';
import { loadFingerprintDatabase } from '../../src/config/fingerprints';
import { compileFingerprints } from '../../src/domain/fingerprints';
import { startTestDatabase, type TestDatabase } from '../support/database';

const prober = { observe: () => Promise.reject(new Error('not used')) };

describe('watch history in the database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await startTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  const changesOf = (n: number, state: string, index: number, at: string) =>
    Array.from({ length: n }, (_, i) => ({
      domain: `z${String(i).padStart(4, '0')}.example`,
      state,
      provider: state === 'dark' ? null : state,
      confidence: 0.9,
      at,
      index,
    }));

  it('records each change once, however often the activity is retried, and pages it back', async () => {
    const activities = createWatchGroupActivities({
      db: t.db,
      probers: [{ resolver: 'r', prober }],
      fingerprints: compileFingerprints(loadFingerprintDatabase()),
    });
    const watchKey = 'watch-group-case-acct-1/run-1';
    const dark = changesOf(1200, 'dark', 0, '2026-12-01T00:15:00.000Z');
    expect(await activities.recordProviderChanges({ watchKey, caseId: 'case-acct', changes: dark })).toEqual({
      recorded: 1200,
    });
    expect(await activities.recordProviderChanges({ watchKey, caseId: 'case-acct', changes: dark })).toEqual({
      recorded: 0,
    });
    const moved = changesOf(3, 'ddos-guard', 1, '2026-12-04T00:20:00.000Z');
    expect((await activities.recordProviderChanges({ watchKey, caseId: 'case-acct', changes: moved })).recorded).toBe(
      3,
    );

    // One domain's chain, oldest first.
    const one = await pageWatchHistory(t.db, 'case-acct', { domain: 'z0001.example', limit: 10 });
    expect(one.entries.map((e) => [e.index, e.state, e.provider, e.at])).toEqual([
      [0, 'dark', null, '2026-12-01T00:15:00.000Z'],
      [1, 'ddos-guard', 'ddos-guard', '2026-12-04T00:20:00.000Z'],
    ]);
    expect(one.nextCursor).toBeUndefined();

    // The whole case, 500 rows a page at most, every row exactly once.
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await pageWatchHistory(t.db, 'case-acct', { limit: 1000, ...(cursor ? { cursor } : {}) });
      expect(page.entries.length).toBeLessThanOrEqual(500);
      seen.push(...page.entries.map((e) => `${e.domain}/${e.index}`));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(1203);
    expect(new Set(seen).size).toBe(1203);
    expect((await pageWatchHistory(t.db, 'another-case', { limit: 5 })).entries).toEqual([]);
  });

  it("pages an account case's revoked names, each name once (a zone and a proxied host of one name)", async () => {
    const activities = createWatchGroupActivities({
      db: t.db,
      probers: [{ resolver: 'r', prober }],
      fingerprints: compileFingerprints(loadFingerprintDatabase()),
    });
    const insert = (name: string, kind: string, status: string) =>
      t.db.query(
        `INSERT INTO case_items (case_id, name, kind, account_id, status, found_by, found_rank, found_at)
         VALUES ('case-items', $1, $2, 'acct', $3, 'intake', 0, now())`,
        [name, kind, status],
      );
    for (let i = 0; i < 25; i++) await insert(`n${String(i).padStart(2, '0')}.example`, 'zone', 'done');
    await insert('n03.example', 'proxy_host', 'done');
    await insert('pending.example', 'zone', 'pending');
    await insert('failed.example', 'zone', 'failed');
    const page = (n: number) => activities.loadCaseItemDomains({ caseId: 'case-items', page: n, size: 10 });
    const pages = [await page(1), await page(2), await page(3), await page(4)].map((p) => p.domains);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5, 0]);
    expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, i) => `n${String(i).padStart(2, '0')}.example`));
    await expect(activities.loadCaseItemDomains({ caseId: 'case-items', page: 0, size: 10 })).rejects.toMatchObject({
      type: 'InvalidInput',
    });
  });

  it('gives each change the newest evidence its probe kept for that domain and placement', async () => {
    const store = createCandidateEvidenceStore(t.db);
    const evidence = (domain: string, placement: string, observedAt: string, reason: string) => ({
      domain,
      placement,
      observation: {
        domain,
        observedAt,
        ns: { status: 'ok' as const, records: ['ns1.ddos-guard.net'] },
        soaPrimary: null,
        a: { status: 'nxdomain' as const },
        aaaa: { status: 'nxdomain' as const },
        cnameChain: [],
        http: [],
      },
      verdict: {
        state: 'elsewhere' as const,
        provider: placement,
        role: null,
        confidence: 0.9,
        ambiguous: false,
        roles: {},
        reason,
        evidence: [],
        databaseVersion: 'test',
      },
    });
    await store.keep([
      evidence('ev.example', 'ddos-guard', '2026-12-04T00:10:00.000Z', 'second'),
      evidence('ev.example', 'ddos-guard', '2026-12-04T00:05:00.000Z', 'first'),
    ]);
    // A late, older batch does not put its observation over the newer one.
    await store.keep([evidence('ev.example', 'ddos-guard', '2026-12-04T00:00:00.000Z', 'stale')]);
    const activities = createWatchGroupActivities({
      db: t.db,
      probers: [{ resolver: 'r', prober }],
      fingerprints: compileFingerprints(loadFingerprintDatabase()),
    });
    const change = (domain: string) => ({
      domain,
      state: 'ddos-guard',
      provider: 'ddos-guard',
      confidence: 0.9,
      at: '2026-12-04T00:10:01.000Z',
      index: 0,
    });
    await activities.recordProviderChanges({
      watchKey: 'watch-group-case-ev-1/run',
      caseId: 'case-ev',
      changes: [change('ev.example'), change('bare.example')],
    });
    const rows = await t.db.query<{ domain: string; verdict: { reason: string } | null; observation: unknown }>(
      `SELECT domain, verdict, observation FROM watch_history WHERE case_id = 'case-ev' ORDER BY domain`,
    );
    expect(rows.map((r) => [r.domain, r.verdict?.reason ?? null])).toEqual([
      ['bare.example', null],
      ['ev.example', 'second'],
    ]);
    expect(rows[1]!.observation).toMatchObject({ observedAt: '2026-12-04T00:10:00.000Z' });
  });

  it('refuses a malformed input or cursor, naming it', async () => {
    const activities = createWatchGroupActivities({
      db: t.db,
      probers: [{ resolver: 'r', prober }],
      fingerprints: compileFingerprints(loadFingerprintDatabase()),
    });
    await expect(activities.recordProviderChanges({ watchKey: ' ', caseId: 'c', changes: [] })).rejects.toMatchObject({
      type: 'InvalidInput',
      nonRetryable: true,
    });
    await expect(pageWatchHistory(t.db, 'case-acct', { limit: 5, cursor: 'bm9wZQ' })).rejects.toMatchObject({
      type: 'InvalidInput',
      message: 'cursor is not one this history returned',
    });
  });
});
