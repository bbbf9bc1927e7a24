// HTTP concerns of the API over a fake case service: authentication, the role matrix, validation problems naming
// fields, the acting principal, per-case access, rate limits, the audit log, problem documents, docs and OpenAPI.
import SwaggerParser from '@apidevtools/swagger-parser';
import { hashToken } from '../../src/services/access/token-store';
import type { Role } from '../../src/domain/case-types';
import { BY_ROLE, startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { FakeCaseService, KNOWN_CASE } from '../support/api/fake-case-service';
import { ALL, openBody, ROUTES, type RouteSpec } from '../support/api/route-table';

let h: ApiHarness;
let fake: FakeCaseService;

beforeAll(async () => {
  fake = new FakeCaseService();
  h = await startApiHarness({ cases: fake });
});
afterAll(() => h?.stop());

const send = (r: RouteSpec, as?: (typeof BY_ROLE)[Role], body: unknown = r.body, path = r.path) =>
  h.call(r.method, path, { ...(as ? { as } : {}), ...(r.method === 'POST' ? { body: body ?? {} } : {}) });

const expectProblem = (a: { status: number; contentType: string; body: Record<string, unknown> }, status: number) => {
  expect(a.status).toBe(status);
  expect(a.contentType).toContain('application/problem+json');
  expect(a.body).toMatchObject({
    status,
    type: expect.stringContaining('/problems/') as unknown,
    title: expect.any(String) as unknown,
  });
  expect(typeof a.body.detail).toBe('string');
};

describe('authentication', () => {
  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: 401 without a token, recorded as a denial', async (_n, r) => {
    const before = fake.calls.length;
    const a = await send(r);
    expectProblem(a, 401);
    expect(a.headers.get('www-authenticate')).toBe('Bearer realm="terminus"');
    expect(fake.calls.length).toBe(before);
    const rows = await h.db.query<{ result: string; status: number; principal_id: string | null; remote_addr: string }>(
      'SELECT result, status, principal_id, remote_addr FROM api_audit_log WHERE path = $1 ORDER BY id DESC LIMIT 1',
      [r.path.split('?')[0]],
    );
    expect(rows[0]).toEqual({ result: 'denied', status: 401, principal_id: null, remote_addr: 'in-process' });
  });

  it.each([
    ['a token of the wrong shape', 'not-a-token'],
    ['an unknown token', `tmn_${'A'.repeat(43)}`],
    ['a basic scheme', 'Basic dXNlcjpwYXNz'],
  ])('refuses %s', async (_why, token) => {
    const a = await h.call('GET', '/whoami', {
      headers: { authorization: token.startsWith('Basic') ? token : `Bearer ${token}` },
    });
    expectProblem(a, 401);
  });

  /** A principal created through the audited path (operator needs no second admin). */
  const principal = async (id: string, roles: string[] = ['operator']) =>
    expect(
      (await h.call('POST', '/principals', { as: 'root', body: { id, person: `${id}@example.org`, roles } })).status,
    ).toBe(201);

  it('refuses a revoked token', async () => {
    await principal('temp');
    const a = await h.call('POST', '/tokens', { as: 'root', body: { principal: 'temp', roles: ['operator'] } });
    expect(a.status).toBe(201);
    const token = a.body.token as string;
    expect((await h.call('GET', '/whoami', { token })).status).toBe(200);
    await h.db.query('UPDATE api_tokens SET revoked_at = now() WHERE token_sha256 = $1', [hashToken(token)]);
    expectProblem(await h.call('GET', '/whoami', { token }), 401);
  });

  it('stamps the last use of a token it accepts; refuses an expired token and a disabled principal', async () => {
    const create = async (id: string) => {
      await principal(id);
      const a = await h.call('POST', '/tokens', { as: 'root', body: { principal: id, roles: ['operator'] } });
      expect(a.status).toBe(201);
      return a.body.token as string;
    };
    const lastUsed = async (token: string) =>
      (
        await h.db.query<{ used: string | null }>(
          'SELECT last_used_at::text AS used FROM api_tokens WHERE token_sha256 = $1',
          [hashToken(token)],
        )
      )[0]?.used;
    const expiring = await create('temp-expiring');
    expect(await lastUsed(expiring)).toBeNull();
    expect((await h.call('GET', '/whoami', { token: expiring })).status).toBe(200);
    expect(await lastUsed(expiring)).toEqual(expect.any(String));
    await h.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE token_sha256 = $1`, [
      hashToken(expiring),
    ]);
    expectProblem(await h.call('GET', '/whoami', { token: expiring }), 401);

    const disabled = await create('temp-disabled');
    expect((await h.call('POST', '/principals/temp-disabled/disable', { as: 'root' })).status).toBe(200);
    expectProblem(await h.call('GET', '/whoami', { token: disabled }), 401);
    expect(await lastUsed(disabled)).toBeNull();
  });

  it('denies by default: an unknown path is 401 without a token and 404 with one', async () => {
    expectProblem(await h.call('GET', '/admin/secret'), 401);
    expectProblem(await h.call('GET', '/admin/secret', { as: 'root' }), 404);
  });
});

describe('roles', () => {
  const denied = ROUTES.flatMap((r) =>
    ALL.filter((role) => !r.roles.includes(role)).map((role) => [r.name, role, r] as const),
  );
  const allowed = ROUTES.flatMap((r) => r.roles.map((role) => [r.name, role, r] as const));

  it('covers a 403 case for most routes', () => expect(denied.length).toBeGreaterThan(60));

  it.each(denied)('%s: 403 for %s, before validation, without reaching the service', async (_n, role, r) => {
    const before = fake.calls.length;
    const a = await send(r, BY_ROLE[role], { bogus: true });
    expectProblem(a, 403);
    expect(a.body.detail).toContain(BY_ROLE[role]);
    expect(fake.calls.length).toBe(before);
  });

  it.each(allowed)('%s: %s gets through', async (_n, role, r) => {
    const a = await send(r, BY_ROLE[role]);
    expect([200, 201, 409]).toContain(a.status);
  });
});

describe('validation', () => {
  const cases = ROUTES.flatMap((r) => r.invalid.map((i) => [r.name, i.why, r, i] as const));
  it.each(cases)('%s: %s -> 400 naming the field', async (_n, _why, r, i) => {
    const before = fake.calls.filter((c) => c.method !== 'view').length;
    const a = await send(r, BY_ROLE[r.roles[0]!], i.body ?? r.body, i.path ?? r.path);
    expectProblem(a, 400);
    const named = [
      String(a.body.detail),
      ...((a.body.errors as { field: string }[] | undefined) ?? []).map((e) => e.field),
    ];
    expect(named.some((s) => s.includes(i.field))).toBe(true);
    expect(fake.calls.filter((c) => c.method !== 'view').length).toBe(before);
  });

  it('answers malformed JSON, a wrong media type and an oversized body with problems', async () => {
    const auth = { authorization: `Bearer ${h.tokens.ivan}` };
    const path = `/cases/${KNOWN_CASE}/findings`;
    const malformed = await h.call('POST', path, {
      rawBody: '{"facts":',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expectProblem(malformed, 400);
    expect(malformed.body.detail).toContain('not valid JSON');
    expectProblem(
      await h.call('POST', path, { rawBody: 'facts=1', headers: { ...auth, 'content-type': 'text/plain' } }),
      415,
    );
    const huge = await h.call('POST', path, { body: { facts: 'x'.repeat(70_000), reasons: 'r' }, as: 'ivan' });
    expectProblem(huge, 413);
  });
});

describe('acting principal and per-case access', () => {
  it('takes the principal and role from the token, never from the body', async () => {
    const a = await h.call('POST', `/cases/${KNOWN_CASE}/second-approval`, {
      as: 'dana',
      body: { decision: 'approve', reasons: 'agree', role: 'tns_lead' },
    });
    expect(a.status).toBe(200);
    const call = fake.calls.filter((c) => c.method === 'act').pop()!;
    expect(call.args[1]).toBe('second-approval');
    expect(call.args[2]).toEqual({
      decision: 'approve',
      reasons: 'agree',
      principal: { id: 'dana', roles: ['legal', 'tns_lead'] },
      role: 'tns_lead',
    });
    const opened = await h.call('POST', '/cases', { as: 'ivan', body: openBody('acct-ivan') });
    expect(opened.status).toBe(201);
    const open = fake.calls.filter((c) => c.method === 'open').pop()!;
    expect((open.args[0] as { requestedBy: string }).requestedBy).toBe('ivan');
  });

  it('refuses a role the token does not hold', async () => {
    const a = await h.call('POST', `/cases/${KNOWN_CASE}/second-approval`, {
      as: 'dana',
      body: { decision: 'approve', reasons: 'r', role: 'admin' },
    });
    expectProblem(a, 403);
    expect(a.body.detail).toContain('"admin"');
  });

  it('lets a requester see the cases it opened; another case answers exactly as one that does not exist', async () => {
    expect((await h.call('GET', `/cases/${KNOWN_CASE}`, { as: 'rita' })).status).toBe(200);
    for (const sub of ['', '/record', '/statement']) {
      const other = await h.call('GET', `/cases/${KNOWN_CASE}${sub}`, { as: 'randy' });
      expectProblem(other, 404);
      expect(other.body).toEqual({
        type: 'https://terminus.invalid/problems/not-found',
        title: 'Not found',
        status: 404,
        detail: `no case ${KNOWN_CASE}`,
      });
    }
  });

  it('shows agency contacts of holds to legal only', async () => {
    const legal = await h.call<{ holds: { agencyContact: string }[] }>('GET', `/cases/${KNOWN_CASE}`, { as: 'lena' });
    const operator = await h.call<{ holds: { agencyContact: string }[] }>('GET', `/cases/${KNOWN_CASE}`, {
      as: 'otto',
    });
    expect(legal.body.holds[0]!.agencyContact).toBe('Special Agent Doe');
    expect(operator.body.holds[0]!.agencyContact).toBe('[restricted]');
  });

  it('maps service failures to problems: 404 unknown case, 409 second open case', async () => {
    expectProblem(await h.call('GET', '/cases/case-unknown', { as: 'otto' }), 404);
    const second = await h.call('POST', '/cases', { as: 'rita', body: openBody('acct-1') });
    expectProblem(second, 409);
    expect(second.body.detail).toContain('already open');
  });
});

describe('tokens', () => {
  it('creates a token once, stores only its SHA-256, and the token works', async () => {
    const made = await h.call('POST', '/principals', {
      as: 'root',
      body: { id: 'nora.k', person: 'nora.k@example.org', roles: ['investigator', 'appeals'] },
    });
    expect(made.status).toBe(201);
    const a = await h.call<{ token: string; principal: string; roles: string[] }>('POST', '/tokens', {
      as: 'root',
      body: { principal: 'nora.k', roles: ['investigator', 'appeals'], label: 'test' },
    });
    expect(a.status).toBe(201);
    expect(a.headers.get('cache-control')).toBe('no-store');
    expect(a.body.token).toMatch(/^tmn_[A-Za-z0-9_-]{43}$/);
    const me = await h.call('GET', '/whoami', { token: a.body.token });
    expect(me.body).toEqual({ principal: 'nora.k', roles: ['investigator', 'appeals'] });
    const rows = await h.db.query<{ token_sha256: string }>(
      "SELECT token_sha256 FROM api_tokens WHERE principal_id = 'nora.k'",
    );
    expect(rows).toEqual([{ token_sha256: hashToken(a.body.token) }]);
    const leaks = await h.db.query(
      `SELECT 1 FROM api_audit_log WHERE coalesce(detail, '') || path || coalesce(target, '') LIKE $1`,
      [`%${a.body.token}%`],
    );
    expect(leaks).toEqual([]);
  });
});

describe('audit log', () => {
  it('records who, what, when, from where and the result of actions and denials', async () => {
    await h.call('POST', `/cases/${KNOWN_CASE}/withdraw`, { as: 'rita', body: { reasons: 'customer fixed it' } });
    await h.call('POST', `/cases/${KNOWN_CASE}/withdraw`, { as: 'otto', body: { reasons: 'nope' } });
    const a = await h.call<{ entries: Record<string, unknown>[] }>('GET', `/audit?target=${KNOWN_CASE}&limit=2`, {
      as: 'root',
    });
    expect(a.status).toBe(200);
    const [denied, done] = a.body.entries;
    expect(denied).toMatchObject({
      principalId: 'otto',
      action: 'case.withdraw',
      result: 'denied',
      status: 403,
      remoteAddr: 'in-process',
    });
    expect(done).toMatchObject({
      principalId: 'rita',
      roles: ['requester'],
      action: 'case.withdraw',
      result: 'ok',
      status: 200,
      method: 'POST',
    });
    expect(Date.parse(String(done!.at))).toBeGreaterThan(Date.now() - 60_000);
    expect(done!.finishedAt).toEqual(expect.any(String));
  });

  it('records a read in one row, written before the answer leaves; no row, no answer', async () => {
    const read = await h.call('GET', `/cases/${KNOWN_CASE}`, { as: 'otto' });
    expect(read.status).toBe(200);
    const rows = await h.db.query<{ result: string; status: number; finished: boolean }>(
      `SELECT result, status, finished_at IS NOT NULL AS finished FROM api_audit_log
       WHERE principal_id = 'otto' AND action = 'case.view' AND target = $1 ORDER BY id DESC LIMIT 1`,
      [KNOWN_CASE],
    );
    expect(rows).toEqual([{ result: 'ok', status: 200, finished: true }]);

    await h.db.query('ALTER TABLE api_audit_log RENAME TO api_audit_log_away');
    try {
      const withheld = await h.call<{ detail: string }>('GET', `/cases/${KNOWN_CASE}`, { as: 'otto' });
      expectProblem(withheld, 503);
      expect(withheld.body.detail).toContain('audit log');
      expect(JSON.stringify(withheld.body)).not.toContain('"stage"');
    } finally {
      await h.db.query('ALTER TABLE api_audit_log_away RENAME TO api_audit_log');
    }
  });
});

describe('documentation', () => {
  it('serves a valid OpenAPI document that lists every route', async () => {
    const a = await h.call<Record<string, unknown>>('GET', '/openapi.json');
    expect(a.status).toBe(200);
    const doc = JSON.parse(JSON.stringify(a.body)) as Parameters<typeof SwaggerParser.validate>[0];
    await expect(SwaggerParser.validate(doc)).resolves.toBeTruthy();
    const paths = a.body.paths as Record<string, Record<string, unknown>>;
    const listed = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const expected = ROUTES.map(
      (r) =>
        `${r.method} ${r.path.split('?')[0]!.replace(KNOWN_CASE, '{caseId}').replace('appeal-1', '{appealId}').replace('hold-1', '{holdId}')}`,
    );
    const others = [
      'GET /health',
      'GET /health/deep',
      'POST /principals/{principalId}/activate',
      'POST /principals/{principalId}/disable',
      'POST /enrol',
      'GET /openapi.json',
      'GET /docs',
    ];
    for (const route of [...expected, ...others]) expect(listed).toContain(route);
    expect(listed).toHaveLength(expected.length + others.length);
  });

  it('serves the docs page and its assets locally (no CDN)', async () => {
    const page = await h.call<string>('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const srcs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.length).toBeGreaterThanOrEqual(4);
    for (const src of srcs) {
      expect(src.startsWith('/docs/')).toBe(true);
      const asset = await h.app.request(src);
      expect(asset.status).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });
});
