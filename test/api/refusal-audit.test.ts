// Issue 15, finding 8 (last point): every refusal (401, 403, 404 on a protected resource, 409, 413, 429) leaves an
// audit row with the principal (or null), the route and the status. A body too large (413) used to leave none.
import { startApiHarness, type ApiHarness, type CallOptions } from '../support/api/api-harness';
import { FakeCaseService, KNOWN_CASE } from '../support/api/fake-case-service';
import { openBody } from '../support/api/route-table';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness({
    cases: new FakeCaseService(),
    config: { openRate: { limit: 1, windowMs: 3_600_000 }, maxBodyBytes: 4096 },
  });
});
afterAll(() => h?.stop());

/** Sends a request and returns its status and the audit rows it left. */
async function refused(method: string, path: string, options: CallOptions = {}) {
  const [last] = await h.db.query<{ max: string }>('SELECT coalesce(max(id), 0)::text AS max FROM api_audit_log');
  const a = await h.call(method, path, options);
  const rows = await h.db.query<{ principal_id: string | null; path: string; status: number; result: string }>(
    'SELECT principal_id, path, status, result FROM api_audit_log WHERE id > $1::bigint ORDER BY id',
    [last!.max],
  );
  return { status: a.status, rows };
}

it.each<[string, number, string, string, CallOptions, string | null, string]>([
  ['no token', 401, 'GET', '/cases', {}, null, 'denied'],
  ['a role the route does not allow', 403, 'GET', '/audit', { as: 'lena' }, 'lena', 'denied'],
  ['an unknown case', 404, 'GET', '/cases/case-unknown', { as: 'otto' }, 'otto', 'rejected'],
  ["another requester's case", 404, 'GET', `/cases/${KNOWN_CASE}`, { as: 'randy' }, 'randy', 'rejected'],
  ['an unknown route, with a token', 404, 'GET', '/admin/secret', { as: 'otto' }, 'otto', 'rejected'],
  [
    'a second open case for an account',
    409,
    'POST',
    '/cases',
    { as: 'rita', body: openBody('acct-1') },
    'rita',
    'rejected',
  ],
  [
    'a body too large',
    413,
    'POST',
    `/cases/${KNOWN_CASE}/findings`,
    {
      as: 'ivan',
      rawBody: JSON.stringify({ facts: 'x'.repeat(5000), reasons: 'r' }),
      headers: { 'content-type': 'application/json' },
    },
    'ivan',
    'rejected',
  ],
  [
    'a body too large, without a token',
    413,
    'POST',
    '/cases',
    { rawBody: 'x'.repeat(5000), headers: { 'content-type': 'application/json' } },
    null,
    'rejected',
  ],
])(
  'audits %s (%i) with principal, route and status, once',
  async (_why, status, method, path, options, who, result) => {
    const r = await refused(method, path, options);
    expect(r.status).toBe(status);
    expect(r.rows).toEqual([{ principal_id: who, path, status, result }]);
  },
);

it('audits a rate-limit refusal (429)', async () => {
  expect((await h.call('POST', '/cases', { as: 'ivan', body: openBody('acct-limit-1') })).status).toBe(201);
  const r = await refused('POST', '/cases', { as: 'ivan', body: openBody('acct-limit-2') });
  expect(r.status).toBe(429);
  expect(r.rows).toEqual([{ principal_id: 'ivan', path: '/cases', status: 429, result: 'denied' }]);
});

it('leaves a 404 of a public documentation asset out (no protected resource)', async () => {
  const r = await refused('GET', '/docs/nothing-here.js');
  expect(r.status).toBe(404);
  expect(r.rows).toEqual([]);
});
