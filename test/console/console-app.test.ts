// The console in-process (Hono `app.request`) over the fake case service and a real database: sessions, CSRF,
// role checks from the action table, the confirmation of destructive actions, audit rows and HTML escaping. The
// sign-in through a real provider is covered in Chromium (console.test.ts).
import { loadConsoleConfig, type ConsoleConfig } from '../../src/config/oidc';
import { createConsoleApp } from '../../src/console/console-app';
import { rolesFromClaims } from '../../src/console/oidc-client';
import { SessionStore } from '../../src/console/session-store';
import type { Role } from '../../src/domain/case-types';
import { AuditLog } from '../../src/services/access/audit-log';
import { FakeCaseService, KNOWN_CASE } from '../support/api/fake-case-service';
import { startTestDatabase, type TestDatabase } from '../support/database';

const config = loadConsoleConfig({
  OIDC_ISSUER: 'https://id.example.org/realms/staff',
  OIDC_CLIENT_ID: 'terminus-console',
  TERMINUS_CONSOLE_URL: 'http://127.0.0.1:8787/console',
  TERMINUS_TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
})!;

let t: TestDatabase;
let cases: FakeCaseService;
let app: ReturnType<typeof createConsoleApp>;

beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(() => t.stop());
beforeEach(() => {
  cases = new FakeCaseService();
  app = createConsoleApp({
    db: t.db,
    cases,
    audit: new AuditLog(t.db),
    config,
    destructiveRate: { limit: 2, windowMs: 3_600_000 },
  });
});

/** A signed-in session of `principal` with `roles`: its cookie and CSRF token. */
async function session(principal: string, roles: Role[]): Promise<{ cookie: string; csrf: string }> {
  const store = new SessionStore(t.db);
  const id = await store.open(principal, roles, 60_000);
  return { cookie: `terminus_console=${id}`, csrf: (await store.find(id))!.csrfToken };
}

const post = (path: string, cookie: string, form: Record<string, string>) =>
  app.request(path, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

async function auditRows(action: string) {
  return t.db.query<{ principal_id: string; result: string; status: number; detail: string | null }>(
    `SELECT principal_id, result, status, detail FROM api_audit_log WHERE action = $1 ORDER BY id`,
    [action],
  );
}

describe('sessions', () => {
  it('sends a visitor without a session to sign-in, keeping where they were going', async () => {
    const res = await app.request('/console/cases/case-acct-1?x=1');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `/console/sign-in?return=${encodeURIComponent('/console/cases/case-acct-1?x=1')}`,
    );
  });

  it('refuses a POST without a session (401), and an expired or forged cookie is no session', async () => {
    const res = await post(`/console/cases/${KNOWN_CASE}/actions/findings`, 'terminus_console=forged', { csrf: 'x' });
    expect(res.status).toBe(401);
    expect(cases.calls.filter((c) => c.method === 'act')).toHaveLength(0);
  });

  it('signs out: the session ends and its cookie is cleared', async () => {
    const s = await session('demo-legal', ['legal']);
    const out = await post('/console/sign-out', s.cookie, { csrf: s.csrf });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/terminus_console=;.*Max-Age=0/);
    expect((await app.request('/console/queues', { headers: { cookie: s.cookie } })).status).toBe(302);
  });
});

describe('signed out', () => {
  it('shows the signed-out page (where the provider sends the browser back) without a session', async () => {
    const res = await app.request('/console/signed-out');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are signed out of the console and of the identity provider.');
  });
});

describe('actions', () => {
  it('refuses a form without the CSRF token (403), audited as a denial; nothing reaches the case', async () => {
    const s = await session('demo-investigator', ['investigator']);
    const res = await post(`/console/cases/${KNOWN_CASE}/actions/findings`, s.cookie, {
      facts: 'f',
      evidence: 'e',
      reasons: 'r',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('no valid');
    expect(cases.calls.filter((c) => c.method === 'act')).toHaveLength(0);
    expect(await auditRows('console.csrf')).toEqual([
      expect.objectContaining({ principal_id: 'demo-investigator', result: 'denied', status: 403 }),
    ]);
  });

  it('refuses an action the roles do not allow (an investigator approving), audited; nothing reaches the case', async () => {
    const s = await session('demo-investigator', ['investigator']);
    const res = await post(`/console/cases/${KNOWN_CASE}/actions/legal-decision`, s.cookie, {
      csrf: s.csrf,
      decision: 'approve',
      reasons: 'mine',
      confirmed: 'yes',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('may not legal-decision');
    expect(cases.calls.filter((c) => c.method === 'act')).toHaveLength(0);
    expect(await auditRows('case.legal-decision')).toEqual([
      expect.objectContaining({ principal_id: 'demo-investigator', result: 'denied', status: 403 }),
    ]);
  });

  it('takes an action as the signed-in principal in an allowed role, fields parsed from the form, audited', async () => {
    const s = await session('demo-investigator', ['investigator']);
    const res = await post(`/console/cases/${KNOWN_CASE}/actions/findings`, s.cookie, {
      csrf: s.csrf,
      facts: 'Attack manifestos',
      evidence: 'sha256:ab\r\n\r\nhttps://evidence.example/1\r\n',
      reasons: 'pattern',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/cases/${KNOWN_CASE}?done=findings`);
    const act = cases.calls.find((c) => c.method === 'act')!;
    expect(act.args).toEqual([
      KNOWN_CASE,
      'findings',
      {
        facts: 'Attack manifestos',
        evidence: ['sha256:ab', 'https://evidence.example/1'],
        reasons: 'pattern',
        principal: { id: 'demo-investigator', roles: ['investigator'] },
        role: 'investigator',
      },
    ]);
    expect(await auditRows('case.findings')).toEqual([
      expect.objectContaining({ principal_id: 'demo-investigator', result: 'ok', status: 200 }),
    ]);
  });

  it('names what is missing and keeps the values (400) when a required field is empty', async () => {
    const s = await session('demo-investigator', ['investigator']);
    const res = await post(`/console/cases/${KNOWN_CASE}/actions/findings`, s.cookie, {
      csrf: s.csrf,
      facts: 'kept <b>as text</b>',
      reasons: '',
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Evidence: required');
    expect(page).toContain('Reasons: required');
    expect(page).toContain('kept &lt;b&gt;as text&lt;/b&gt;');
    expect(cases.calls.filter((c) => c.method === 'act')).toHaveLength(0);
  });

  it('shows a confirmation naming the consequence before a destructive action, and acts only once confirmed', async () => {
    const s = await session('demo-legal', ['legal']);
    const form = { csrf: s.csrf, decision: 'approve', reasons: 'AUP 3.1 applies' };
    const first = await post(`/console/cases/${KNOWN_CASE}/actions/legal-decision`, s.cookie, form);
    expect(first.status).toBe(200);
    const page = await first.text();
    expect(page).toContain('once the T&amp;S lead also approves');
    expect(page).toContain('name="confirmed" value="yes"');
    expect(cases.calls.filter((c) => c.method === 'act')).toHaveLength(0);

    const confirmed = await post(`/console/cases/${KNOWN_CASE}/actions/legal-decision`, s.cookie, {
      ...form,
      confirmed: 'yes',
    });
    expect(confirmed.status).toBe(303);
    expect(cases.calls.filter((c) => c.method === 'act')).toHaveLength(1);
  });
  it('counts destructive actions against the per-principal limit the API uses (429 past it, audited)', async () => {
    const s = await session('demo-lead', ['tns_lead']);
    const form = { csrf: s.csrf, decision: 'approve', reasons: 'agree', confirmed: 'yes' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await post(`/console/cases/${KNOWN_CASE}/actions/second-approval`, s.cookie, form)).status);
    }
    expect(statuses).toEqual([303, 303, 429]);
    expect(cases.calls.filter((c) => c.method === 'act')).toHaveLength(2);
    expect((await auditRows('case.second-approval')).map((r) => r.status)).toEqual([200, 200, 429]);
  });
});

describe('pages', () => {
  it('renders the case with only the actions the roles allow, escaped, with the Web UI link and frame denial', async () => {
    const s = await session('demo-investigator', ['investigator']);
    const res = await app.request(`/console/cases/${KNOWN_CASE}`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const page = await res.text();
    expect(page).toContain('action="/console/cases/case-acct-1/actions/findings"');
    expect(page).not.toContain('actions/legal-decision"');
    expect(page).toContain('http://127.0.0.1:8233/namespaces/default/workflows/case-acct-1');
    expect(page).toContain('Subject: Notice of service termination for board.example');
    // The hold's agency contact is need-to-know (legal, admin): redacted for an investigator.
    expect(page).not.toContain('Special Agent Doe');
    expect(await auditRows('console.case.view')).toEqual([
      expect.objectContaining({ principal_id: 'demo-investigator', result: 'ok' }),
    ]);
  });

  it('escapes what a visitor typed when it is shown back', async () => {
    const s = await session('demo-legal', ['legal']);
    const res = await app.request(`/console/cases?q=${encodeURIComponent('"><script>alert(1)</script>')}`, {
      headers: { cookie: s.cookie },
    });
    const page = await res.text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('configuration and roles', () => {
  it('maps the roles claim and groups to roles, ignoring names that are not roles', () => {
    const withGroups: ConsoleConfig = loadConsoleConfig({
      OIDC_ISSUER: 'https://id.example.org',
      OIDC_CLIENT_ID: 'c',
      TERMINUS_CONSOLE_URL: 'https://terminus.example.org/console',
      OIDC_GROUP_ROLES: 'tns-leads=tns_lead, legal-team=legal+appeals',
    })!;
    expect(rolesFromClaims({ roles: ['investigator', 'root'], groups: ['legal-team', 'other'] }, withGroups)).toEqual([
      'investigator',
      'legal',
      'appeals',
    ]);
    expect(rolesFromClaims({ roles: 'legal tns_lead' }, withGroups)).toEqual(['legal', 'tns_lead']);
  });

  it('is off without an issuer, refuses plain http off loopback and bad group mappings, naming the variable', () => {
    expect(loadConsoleConfig({})).toBeUndefined();
    expect(() =>
      loadConsoleConfig({
        OIDC_ISSUER: 'http://id.example.org',
        OIDC_CLIENT_ID: 'c',
        TERMINUS_CONSOLE_URL: 'https://x.example/console',
      }),
    ).toThrow(/OIDC_ISSUER: https, or http on loopback only/);
    expect(() =>
      loadConsoleConfig({
        OIDC_ISSUER: 'https://id.example.org',
        OIDC_CLIENT_ID: 'c',
        TERMINUS_CONSOLE_URL: 'https://x.example/console',
        OIDC_GROUP_ROLES: 'ops=root',
      }),
    ).toThrow(/OIDC_GROUP_ROLES.*"ops=root": group=role/);
  });
});
