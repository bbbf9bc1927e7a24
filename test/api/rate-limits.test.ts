// Rate limits on opening cases and on destructive actions: per principal, fixed windows in the database, 429 with
// Retry-After, audited as denials, and the refused request never reaches the case service.
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { FakeCaseService, KNOWN_CASE } from '../support/api/fake-case-service';
import { openBody } from '../support/api/route-table';

let h: ApiHarness;
let fake: FakeCaseService;
// A fixed clock 45 s into a one-minute window: Retry-After must be the 15 s left in it.
let now = Date.parse('2026-03-01T08:00:45Z');

beforeAll(async () => {
  fake = new FakeCaseService();
  h = await startApiHarness({
    cases: fake,
    now: () => now,
    config: { openRate: { limit: 2, windowMs: 60_000 }, destructiveRate: { limit: 3, windowMs: 60_000 } },
  });
});
afterAll(() => h?.stop());

const opens = () => fake.calls.filter((c) => c.method === 'open').length;

it('limits opening cases per principal and says when to retry', async () => {
  expect((await h.call('POST', '/cases', { as: 'rita', body: openBody('acct-r1') })).status).toBe(201);
  expect((await h.call('POST', '/cases', { as: 'rita', body: openBody('acct-r2') })).status).toBe(201);
  const third = await h.call('POST', '/cases', { as: 'rita', body: openBody('acct-r3') });
  expect(third.status).toBe(429);
  expect(third.contentType).toContain('application/problem+json');
  expect(third.headers.get('retry-after')).toBe('15');
  expect(third.body.retryAfterSeconds).toBe(15);
  expect(opens()).toBe(2);
  // Another principal has its own budget; invalid requests do not spend it.
  expect(
    (await h.call('POST', '/cases', { as: 'ivan', body: { ...openBody('acct-i1'), category: 'nope' } })).status,
  ).toBe(400);
  expect((await h.call('POST', '/cases', { as: 'ivan', body: openBody('acct-i1') })).status).toBe(201);
  const audit = await h.db.query<{ result: string; status: number }>(
    "SELECT result, status FROM api_audit_log WHERE principal_id = 'rita' AND action = 'case.open' ORDER BY api_audit_log.id",
  );
  expect(audit.map((r) => `${r.result}:${r.status}`)).toEqual(['ok:201', 'ok:201', 'denied:429']);
  // The next window admits again, and the ended window's counters are gone.
  const windows = async () =>
    (
      await h.db.query<{ start: string }>(
        `SELECT DISTINCT window_start::text AS start FROM api_rate_windows WHERE bucket = 'open' ORDER BY 1`,
      )
    ).map((r) => r.start);
  expect(await windows()).toHaveLength(1);
  now += 60_000;
  expect((await h.call('POST', '/cases', { as: 'rita', body: openBody('acct-r4') })).status).toBe(201);
  const [current] = await windows();
  expect(await windows()).toEqual([current]);
  expect(Date.parse(current!.replace(' ', 'T').replace(/\+00$/, 'Z'))).toBe(Date.parse('2026-03-01T08:01:00Z'));
});

it('limits destructive actions but not the others', async () => {
  const withdraw = () => h.call('POST', `/cases/${KNOWN_CASE}/withdraw`, { as: 'tom', body: { reasons: 'r' } });
  const alias = () =>
    h.call('POST', `/cases/${KNOWN_CASE}/aliases`, { as: 'tom', body: { domain: 'm.example', reasons: 'r' } });
  for (let i = 0; i < 3; i++) expect((await withdraw()).status).toBe(200);
  const acts = fake.calls.filter((c) => c.method === 'act').length;
  const refused = await withdraw();
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  // Expedite and approvals share the destructive budget; adding an alias is not destructive.
  expect((await h.call('POST', `/cases/${KNOWN_CASE}/expedite`, { as: 'tom', body: { reasons: 'r' } })).status).toBe(
    429,
  );
  expect(fake.calls.filter((c) => c.method === 'act').length).toBe(acts);
  for (let i = 0; i < 5; i++) expect((await alias()).status).toBe(200);
});
