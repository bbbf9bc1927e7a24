// The embedded stack's /sandbox routes (the demo's way to make a customer reappear on a competitor): admin only,
// validated, audited, writing the sandbox tables the DNS server and proxy read; absent when no sandbox is given.
import type { Client } from '@temporalio/client';
import { createApiApp } from '../../src/api/app';
import { getSandboxRoute } from '../../src/adapters/sandbox/route-repository';
import { getSandboxZone } from '../../src/adapters/sandbox/zone-repository';
import { loadPolicy } from '../../src/config/policy';
import { createSandboxControl } from '../../src/dev/sandbox-control';
import { seedSandbox } from '../../src/dev/seed-sandbox';
import type { Role } from '../../src/domain/case-types';
import { bootstrapPrincipal } from '../../src/services/access/principal-store';
import { createToken } from '../../src/services/access/token-store';
import { startTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let withSandbox: ReturnType<typeof createApiApp>;
let without: ReturnType<typeof createApiApp>;
const ROLES = ['admin', 'operator', 'legal'] as const satisfies Role[];
const tokens = {} as Record<(typeof ROLES)[number], string>;

beforeAll(async () => {
  database = await startTestDatabase();
  await seedSandbox(database.db);
  const common = { client: undefined as unknown as Client, db: database.db, taskQueue: 'unused', policy: loadPolicy() };
  withSandbox = createApiApp({ ...common, sandbox: createSandboxControl(database.db) });
  without = createApiApp(common);
  for (const role of ROLES) {
    const id = `sandbox-${role}`;
    await bootstrapPrincipal(database.db, { id, person: `${id}@test.invalid`, roles: [role] }, 'database');
    tokens[role] = (
      await createToken(database.db, { principal: `sandbox-${role}`, roles: [role], createdBy: 'test' })
    ).token;
  }
});
afterAll(() => database?.stop());

async function call(app: typeof withSandbox, method: string, path: string, as?: keyof typeof tokens, body?: unknown) {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${tokens[as]}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

it('moves a domain to a competitor: its zone at their nameservers and its site behind their front', async () => {
  const moved = await call(withSandbox, 'POST', '/sandbox/moves', 'admin', {
    domain: 'Forum.Example.',
    provider: 'ddos-guard',
  });
  expect(moved).toEqual({
    status: 200,
    body: { id: 'ddos-guard', name: 'DDoS-Guard', nameservers: ['ns1.ddos-guard.net', 'ns2.ddos-guard.net'] },
  });
  const zone = await getSandboxZone(database.db, 'internet', 'forum.example');
  expect(zone?.rrsets.find((r) => r.type === 'NS')?.records).toEqual(['ns1.ddos-guard.net.', 'ns2.ddos-guard.net.']);
  expect((await getSandboxRoute(database.db, 'internet', 'www.forum.example'))?.provider).toBe('ddos-guard');
  const audit = await database.db.query<{ action: string; target: string; result: string }>(
    "SELECT action, target, result FROM api_audit_log WHERE action = 'sandbox.move'",
  );
  expect(audit).toEqual([{ action: 'sandbox.move', target: 'domain:forum.example', result: 'ok' }]);
});

it('refuses callers without the admin role, unknown providers and extra fields', async () => {
  const body = { domain: 'forum.example', provider: 'njalla' };
  expect((await call(withSandbox, 'POST', '/sandbox/moves', undefined, body)).status).toBe(401);
  expect((await call(withSandbox, 'POST', '/sandbox/moves', 'operator', body)).status).toBe(403);
  expect((await call(withSandbox, 'POST', '/sandbox/moves', 'legal', body)).status).toBe(403);
  const unknown = await call(withSandbox, 'POST', '/sandbox/moves', 'admin', { ...body, provider: 'bitmitigate' });
  expect(unknown.status).toBe(400);
  expect(JSON.stringify(unknown.body)).toContain('provider');
  const extra = await call(withSandbox, 'POST', '/sandbox/moves', 'admin', { ...body, realm: 'edge' });
  expect(extra.status).toBe(400);
  // Nothing refused changed the internet: forum.example is still where the first test put it.
  expect((await getSandboxRoute(database.db, 'internet', 'forum.example'))?.provider).toBe('ddos-guard');
  const listed = await call(withSandbox, 'GET', '/sandbox/providers', 'operator');
  expect((listed.body.providers as { id: string }[]).map((p) => p.id)).toEqual(
    expect.arrayContaining(['ddos-guard', 'cloudflare', 'njalla', 'self-hosted']),
  );
});

it('resets the demo customers: back on our edge, off every competitor', async () => {
  await database.db.query("DELETE FROM sandbox_routes WHERE realm = 'edge' AND host = 'forum.example'");
  expect(await getSandboxRoute(database.db, 'edge', 'forum.example')).toBeNull();
  expect((await call(withSandbox, 'POST', '/sandbox/reset', 'operator')).status).toBe(403);
  const reset = await call(withSandbox, 'POST', '/sandbox/reset', 'admin');
  expect(reset.status).toBe(200);
  expect(reset.body.domains).toEqual(expect.arrayContaining(['forum.example', 'forum-mirror.example']));
  expect(await getSandboxZone(database.db, 'internet', 'forum.example')).toBeNull();
  expect(await getSandboxRoute(database.db, 'internet', 'www.forum.example')).toBeNull();
  expect((await getSandboxRoute(database.db, 'edge', 'forum.example'))?.account).toBe('acct-demo');
});

it('puts an account of many zones on our edge (admin only, bounded, audited), each zone also a proxied host', async () => {
  const body = { accountId: 'acct-bulk-test', zones: 25 };
  expect((await call(withSandbox, 'POST', '/sandbox/accounts', 'operator', body)).status).toBe(403);
  const tooMany = await call(withSandbox, 'POST', '/sandbox/accounts', 'admin', { ...body, zones: 5001 });
  expect(tooMany.status).toBe(400);
  expect(JSON.stringify(tooMany.body)).toContain('zones');
  const badId = await call(withSandbox, 'POST', '/sandbox/accounts', 'admin', { ...body, accountId: 'no spaces' });
  expect(badId.status).toBe(400);
  expect(JSON.stringify(badId.body)).toContain('accountId');
  const seeded = await call(withSandbox, 'POST', '/sandbox/accounts', 'admin', body);
  expect(seeded).toEqual({
    status: 200,
    body: {
      accountId: 'acct-bulk-test',
      zones: 25,
      first: 'acct-bulk-test-000000.example',
      last: 'acct-bulk-test-000024.example',
    },
  });
  const late = await call(withSandbox, 'POST', '/sandbox/accounts', 'admin', { ...body, zones: 2, start: 25 });
  expect(late.body.first).toBe('acct-bulk-test-000025.example');
  const zones = await database.db.query<{ n: string }>(
    "SELECT count(*) AS n FROM sandbox_zones WHERE realm = 'edge' AND account_id = 'acct-bulk-test'",
  );
  expect(Number(zones[0]!.n)).toBe(27);
  expect((await getSandboxRoute(database.db, 'edge', 'acct-bulk-test-000026.example'))?.account).toBe('acct-bulk-test');
  const audit = await database.db.query<{ target: string }>(
    "SELECT target FROM api_audit_log WHERE action = 'sandbox.account' AND result = 'ok'",
  );
  expect(audit.map((a) => a.target)).toEqual(['account:acct-bulk-test', 'account:acct-bulk-test']);
});

it('does not exist outside the embedded stack', async () => {
  const moved = await call(without, 'POST', '/sandbox/moves', 'admin', { domain: 'forum.example', provider: 'njalla' });
  expect(moved.status).toBe(404);
  const doc = (await (await without.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths).filter((p) => p.startsWith('/sandbox'))).toEqual([]);
  const docWith = (await (await withSandbox.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
  expect(
    Object.keys(docWith.paths)
      .filter((p) => p.startsWith('/sandbox'))
      .sort(),
  ).toEqual(['/sandbox/accounts', '/sandbox/moves', '/sandbox/providers', '/sandbox/reset']);
});
