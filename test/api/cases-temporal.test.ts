// The API over the real Temporal-backed service: the shared dev server (visibility, search attributes), a worker
// running the real case workflow (instant stand-ins for mail and edge), the archive in the test database. Every
// case route succeeds here; 404, 409 (second open case), the four-eyes rules, per-case access, list filters and the
// transparency figures are checked against what the workflow really did.
import type { CaseView } from '../../src/domain/case/case-state';
import type { TransparencyReport } from '../../src/services/case/transparency';
import { providerChangedSignal } from '../../src/workflows/case/messages';
import { uniqueId } from '../support/temporal-env';
import { startApiHarness, type ApiHarness, type Person } from '../support/api/api-harness';
import { caseOfPuid, dsaPuid } from '../../src/domain/dsa/dsa-puid';
import { validateDsaStatement } from '../../src/domain/dsa/dsa-validate';
import { openBody } from '../support/api/route-table';

let h: ApiHarness;
const startedAt = new Date(Date.now() - 60_000).toISOString();

beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
}, 120_000);
afterAll(() => h?.stop());

jest.setTimeout(90_000);

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 45_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 1500)}`);
}

const view = async (id: string) => (await h.call<CaseView>('GET', `/cases/${id}`, { as: 'otto' })).body;
const stage = (id: string, s: string) =>
  eventually(
    () => view(id),
    (v) => v.stage === s,
    `${id} at ${s}`,
  );
const post = (as: Person, id: string, path: string, body: Record<string, unknown>) =>
  h.call<CaseView & { detail?: string }>('POST', `/cases/${id}${path}`, { as, body });

function intake(account: string, overrides: Record<string, unknown> = {}) {
  return { ...openBody(account), ...overrides };
}
const soon = (ms: number) => ({ kind: 'instant', at: new Date(Date.now() + ms).toISOString() });

const acct = { a: uniqueId('a'), b: uniqueId('b'), c: uniqueId('c'), d: uniqueId('d'), f: uniqueId('f') };
const id = (k: keyof typeof acct) => `case-${acct[k]}`;

it('opens cases (201 with the view), refuses a second open case for an account (409) and unknown cases (404)', async () => {
  const a = await h.call<{ caseId: string; view: CaseView }>('POST', '/cases', {
    as: 'rita',
    body: intake(acct.a, { category: 'csam', cutoff: soon(4000) }),
  });
  expect(a.status).toBe(201);
  expect(a.headers.get('location')).toBe(`/cases/${id('a')}`);
  expect(a.body.view.stage).toBe('investigating');
  expect(a.body.view.intake.requestedBy).toBe('rita');
  expect(a.body.view.domains).toEqual({ primary: `${acct.a}.example`, aliases: [`www.${acct.a}.example`] });

  const again = await h.call('POST', '/cases', { as: 'ivan', body: intake(acct.a) });
  expect(again.status).toBe(409);
  expect(again.contentType).toContain('application/problem+json');

  for (const [who, k, extra] of [
    ['root', 'b', {}],
    ['rita', 'c', { cutoff: soon(30 * 86_400_000) }],
    ['rita', 'd', {}],
    ['rex', 'f', {}],
  ] as const) {
    expect((await h.call('POST', '/cases', { as: who, body: intake(acct[k], extra) })).status).toBe(201);
  }
  expect((await h.call('GET', '/cases/case-nope-404', { as: 'otto' })).status).toBe(404);
  expect((await post('ivan', 'case-nope-404', '/findings', { facts: 'f', reasons: 'r' })).status).toBe(404);
});

it('drives case A from findings to monitoring with distinct principals', async () => {
  const f = await post('ivan', id('a'), '/findings', {
    facts: 'Material found',
    evidence: ['https://e.example/1'],
    reasons: 'hash match',
  });
  expect(f.status).toBe(200);
  expect(f.body.findings?.by).toBe('ivan');
  await stage(id('a'), 'legal_review');
  const legal = await post('lena', id('a'), '/legal-decision', { decision: 'approve', reasons: 'AUP 2.1' });
  expect(legal.status).toBe(200);
  expect(legal.body.pendingApproverRoles).toEqual(['tns_lead']);
  expect((await post('tom', id('a'), '/second-approval', { decision: 'approve', reasons: 'agree' })).status).toBe(200);
  const monitoring = await stage(id('a'), 'monitoring');
  expect(monitoring.outcome).toBe('terminated');
  expect(monitoring.revokedAt).toEqual(expect.any(String));
});

it('enforces the four-eyes rules at the API (and names the rule)', async () => {
  // Rex (requester and T&S lead) opened case F: he may not approve it.
  await post('ivan', id('f'), '/findings', { facts: 'f', reasons: 'r' });
  await stage(id('f'), 'legal_review');
  expect((await post('dana', id('f'), '/legal-decision', { decision: 'approve', reasons: 'ok' })).status).toBe(200);
  const own = await post('rex', id('f'), '/second-approval', { decision: 'approve', reasons: 'mine' });
  expect(own.status).toBe(403);
  expect(own.body.detail).toContain('four-eyes');
  // Dana approved as legal: she may not give the second approval as T&S lead.
  const twice = await post('dana', id('f'), '/second-approval', {
    decision: 'approve',
    reasons: 'again',
    role: 'tns_lead',
  });
  expect(twice.status).toBe(403);
  expect(twice.body.detail).toContain('two distinct approvers');
  // Legal decided once: a second legal decision is a conflict.
  expect((await post('leo', id('f'), '/legal-decision', { decision: 'reject', reasons: 'no' })).status).toBe(409);
});

it('rejects case B (legal) and withdraws case D (its requester only)', async () => {
  await post('ivan', id('b'), '/findings', { facts: 'f', reasons: 'r' });
  await stage(id('b'), 'legal_review');
  expect((await post('leo', id('b'), '/legal-decision', { decision: 'reject', reasons: 'not enough' })).status).toBe(
    200,
  );
  expect((await stage(id('b'), 'closed')).outcome).toBe('rejected');

  const stranger = await post('randy', id('d'), '/withdraw', { reasons: 'not mine' });
  expect(stranger.status).toBe(404);
  expect(stranger.body.detail).toBe(`no case ${id('d')}`);
  expect((await post('rita', id('d'), '/withdraw', { reasons: 'customer fixed it' })).status).toBe(200);
  expect((await stage(id('d'), 'closed')).outcome).toBe('withdrawn');
  // Closed: a new case for the account may open (one open case at a time, not one ever).
  expect((await h.call('GET', `/cases/${id('d')}/statement`, { as: 'lena' })).status).toBe(409);
});

it('holds, expedite with two approvers, appeal upheld: case C is reinstated', async () => {
  await post('ivan', id('c'), '/findings', { facts: 'f', reasons: 'r' });
  await stage(id('c'), 'legal_review');
  await post('dana', id('c'), '/legal-decision', { decision: 'approve', reasons: 'ok' });
  await post('tom', id('c'), '/second-approval', { decision: 'approve', reasons: 'ok' });
  await stage(id('c'), 'awaiting_cutoff');
  const held = await post('lena', id('c'), '/holds', {
    kind: 'do_not_terminate',
    reference: 'FBI-42',
    agencyContact: 'SA Doe',
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    reasons: 'investigation',
  });
  expect(held.status).toBe(200);
  const hold = held.body.activeHolds[0]!;
  expect(hold).toMatchObject({ kind: 'do_not_terminate', reference: 'FBI-42', active: true });
  expect((await post('lena', id('c'), `/holds/${hold.id}/release`, { reasons: 'agency agreed' })).status).toBe(200);
  expect((await post('lena', id('c'), '/expedite', { reasons: 'attack tonight' })).status).toBe(200);
  const again = await post('lena', id('c'), '/expedite', { reasons: 'again' });
  expect(again.status).toBe(403);
  expect(again.body.detail).toContain('different approver');
  expect((await post('tom', id('c'), '/expedite', { reasons: 'confirmed' })).status).toBe(200);
  await stage(id('c'), 'monitoring');
  expect(
    (await post('ivan', id('c'), '/aliases', { domain: `new.${acct.c}.example`, reasons: 'new mirror' })).status,
  ).toBe(200);
  const appeal = await post('ada', id('c'), '/appeals', { text: 'We removed the threads.' });
  expect(appeal.status).toBe(200);
  const appealId = appeal.body.openAppeal!.id;
  expect(
    (await post('ada', id('c'), `/appeals/${appealId}/decision`, { outcome: 'upheld', reasons: 'fixed' })).status,
  ).toBe(200);
  expect((await stage(id('c'), 'closed')).outcome).toBe('reinstated');
});

it('lists and filters cases through visibility, and a requester lists only its own cases', async () => {
  type Page = { cases: { caseId: string; stage: string; outcome: string | null; category: string }[] };
  const list = (q: string, as: Person = 'otto') => h.call<Page>('GET', `/cases?${q}`, { as });
  const ids = (p: Page) => p.cases.map((c) => c.caseId).sort();
  await eventually(
    () => list('stage=monitoring').then((r) => ids(r.body)),
    (v) => v.join() === id('a'),
    'A alone in monitoring',
  );
  await eventually(
    () => list('outcome=rejected').then((r) => ids(r.body)),
    (v) => v.join() === id('b'),
    'B rejected',
  );
  expect(ids((await list('category=csam')).body)).toEqual([id('a')]);
  expect(ids((await list(`account=${acct.c}`)).body)).toEqual([id('c')]);
  await eventually(
    () => list(`domain=new.${acct.c}.example`).then((r) => ids(r.body)),
    (v) => v.join() === id('c'),
    'alias filter',
  );
  expect(ids((await list(`domain=www.${acct.a}.example`)).body)).toEqual([id('a')]);
  const all = (await list('limit=100')).body;
  expect(ids(all)).toEqual(
    Object.keys(acct)
      .map((k) => id(k as keyof typeof acct))
      .sort(),
  );
  const page = (await list('limit=2')).body as Page & { nextCursor?: string };
  expect(page.cases).toHaveLength(2);
  const rest = (await list(`limit=100&cursor=${encodeURIComponent(page.nextCursor!)}`)).body;
  expect([...ids(page), ...ids(rest)].sort()).toEqual(ids(all));
  expect(ids((await list('limit=100', 'rita')).body)).toEqual([id('a'), id('c'), id('d')].sort());
  expect((await list('limit=100', 'randy')).body.cases).toEqual([]);
});

it('serves the record and the DSA statement (single and batch), provisional while open', async () => {
  const rec = await h.call<{
    archived: boolean;
    record: { outcome: string; recordId: string; caseId: string; caseRef: string; dsa?: { puid: string } };
  }>('GET', `/cases/${id('a')}/record`, { as: 'lena' });
  const puidOfA = dsaPuid(rec.body.record.caseId, rec.body.record.caseRef);
  expect(rec.status).toBe(200);
  expect(rec.body.archived).toBe(false);
  expect(rec.body.record.outcome).toBe('terminated');
  const sor = await h.call<Record<string, unknown>>('GET', `/cases/${id('a')}/statement`, { as: 'lena' });
  expect(sor.status).toBe(200);
  expect(sor.body).toMatchObject({
    decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
    category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
    decision_account: 'DECISION_ACCOUNT_TERMINATED',
    puid: puidOfA,
  });
  expect(validateDsaStatement(sor.body)).toEqual({});
  const batch = await h.call<{ statements: { puid: string }[]; skipped: { caseId: string }[] }>(
    'POST',
    '/statements/batch',
    {
      as: 'lena',
      body: { caseIds: [id('a'), id('b'), id('c')] },
    },
  );
  expect(batch.status).toBe(200);
  const puids = batch.body.statements.map((s) => s.puid);
  expect(puids).toHaveLength(2);
  expect(puids).toContain(puidOfA);
  expect(caseOfPuid(puids.find((p) => p !== puidOfA)!)?.caseId).toBe(id('c'));
  expect(new Set(batch.body.statements.map((s) => s.puid)).size).toBe(2);
  expect(batch.body.skipped.map((s) => s.caseId)).toEqual([id('b')]);
  // Closed cases come from the archive.
  const archived = await h.call<{ archived: boolean; record: { outcome: string } }>('GET', `/cases/${id('c')}/record`, {
    as: 'otto',
  });
  expect(archived.body).toMatchObject({ archived: true, record: { outcome: 'reinstated' } });
});

it('computes transparency figures from the archive and the open cases', async () => {
  // Where A's primary domain reappeared, as the watch would signal it.
  const a = h.env!.client.workflow.getHandle(id('a'));
  await a.signal(providerChangedSignal, {
    domain: `${acct.a}.example`,
    state: 'hostingco',
    provider: 'hostingco',
    confidence: 0.9,
    at: new Date().toISOString(),
  });
  await eventually(
    () => view(id('a')),
    (v) => v.providerChain.length === 1,
    'provider change recorded',
  );
  const to = new Date(Date.now() + 3_600_000).toISOString();
  const r = await h.call<TransparencyReport>(
    'GET',
    `/transparency?from=${encodeURIComponent(startedAt)}&to=${encodeURIComponent(to)}`,
    {
      as: 'otto',
    },
  );
  expect(r.status).toBe(200);
  const t = r.body;
  expect(t.sources).toEqual({ archivedCases: 3, openCases: 2, openCasesNotRead: 0 });
  expect(t.cases).toEqual({ opened: 5, closed: 3 });
  expect(t.decisions.byOutcome).toEqual({ terminated: 2, rejected: 1, withdrawn: 1, reinstated: 1 });
  expect(t.decisions.byCategory).toEqual([
    {
      category: 'csam',
      dsaCategory: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
      terminated: 1,
      rejected: 0,
      withdrawn: 0,
      reinstated: 0,
    },
    {
      category: 'violent_extremism',
      dsaCategory: 'STATEMENT_CATEGORY_VIOLENCE',
      terminated: 1,
      rejected: 1,
      withdrawn: 1,
      reinstated: 1,
    },
  ]);
  expect(t.noticePeriods).toMatchObject({ count: 2, expedited: 1, withoutDeliveredNotice: 0 });
  expect(t.appeals).toEqual({ filed: 1, decided: 1, upheld: 1, denied: 0, reversals: 1, pending: 0 });
  expect(t.holds).toEqual({
    placed: 1,
    byKind: { preservation: 0, do_not_terminate: 1, non_disclosure: 0 },
    released: 1,
  });
  expect(t.reappearance).toMatchObject({
    domainsRevoked: 4,
    count: 1,
    stillDark: 3,
    byProvider: [{ provider: 'hostingco', count: 1 }],
  });
  expect(t.reappearance.minHours).toBeGreaterThanOrEqual(0);
});

it('ends monitoring: the case closes, is archived, and its view and statement come from the archive', async () => {
  expect((await post('tom', id('a'), '/end-monitoring', { reasons: 'parked for good' })).status).toBe(200);
  const closed = await stage(id('a'), 'closed');
  expect(closed.outcome).toBe('terminated');
  // The stage turns closed as the archive activity starts; the record is archived once it completes.
  let rec = await h.call<{ archived: boolean }>('GET', `/cases/${id('a')}/record`, { as: 'otto' });
  for (let i = 0; i < 100 && !rec.body.archived; i++) {
    await new Promise((r) => setTimeout(r, 100));
    rec = await h.call<{ archived: boolean }>('GET', `/cases/${id('a')}/record`, { as: 'otto' });
  }
  expect(rec.body.archived).toBe(true);
  const rows = await h.db.query<{ outcome: string }>('SELECT outcome FROM case_records WHERE case_id = $1', [id('a')]);
  expect(rows).toEqual([{ outcome: 'terminated' }]);
  expect((await h.call('GET', `/cases/${id('a')}/statement`, { as: 'otto' })).status).toBe(200);
  expect((await post('tom', id('a'), '/withdraw', { reasons: 'too late' })).status).toBe(409);
  // A closed account may have a new case.
  expect((await h.call('POST', '/cases', { as: 'rita', body: intake(acct.d) })).status).toBe(201);
});
