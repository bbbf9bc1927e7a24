// Issue 15, finding 3: one admin could mint a token for any principal with any role, then approve as legal with one
// token and as T&S lead with another. Principals now come from an audited path, tokens only carry roles their
// principal holds, nobody mints another approver's or admin's token, and an approving principal needs two admins.
import { bootstrapPrincipal } from '../../src/services/access/principal-store';
import { createToken } from '../../src/services/access/token-store';
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { FakeCaseService } from '../support/api/fake-case-service';

let h: ApiHarness;
/** A second admin, so four eyes on identity can be exercised. */
let ruth: string;

beforeAll(async () => {
  h = await startApiHarness({ cases: new FakeCaseService() });
  await bootstrapPrincipal(h.db, { id: 'ruth', person: 'ruth@test.invalid', roles: ['admin'] }, 'database');
  ruth = (await createToken(h.db, { principal: 'ruth', createdBy: 'test' })).token;
});
afterAll(() => h?.stop());

type Change = {
  principal: { id: string; status: string; roles: string[] };
  enrolmentCode?: string;
  detail?: string;
};

const propose = (id: string, roles: string[], person = `${id}@example.org`) =>
  h.call<Change>('POST', '/principals', { as: 'root', body: { id, person, roles } });

describe('finding 3: one admin cannot act as two approvers', () => {
  it('refuses to mint tokens of existing approvers, of unknown principals, or with roles not held', async () => {
    for (const principal of ['lena', 'tom']) {
      const a = await h.call('POST', '/tokens', { as: 'root', body: { principal, roles: ['legal'] } });
      expect(a.status).toBe(403);
      expect(a.body.detail).toContain('only it mints its own tokens');
    }
    const unknown = await h.call('POST', '/tokens', { as: 'root', body: { principal: 'nobody', roles: ['legal'] } });
    expect(unknown.status).toBe(404);
    expect((await propose('ines', ['investigator'])).status).toBe(201);
    const beyond = await h.call('POST', '/tokens', { as: 'root', body: { principal: 'ines', roles: ['legal'] } });
    expect(beyond.status).toBe(400);
    expect(beyond.body.detail).toContain('does not hold legal');
  });

  it('never lets a principal hold admin with an approving role', async () => {
    for (const roles of [
      ['admin', 'legal'],
      ['admin', 'tns_lead'],
    ]) {
      const a = await propose('both', roles);
      expect(a.status).toBe(400);
      expect(a.body.detail).toContain('admin cannot be held with');
    }
    await expect(h.db.query(`UPDATE api_principals SET roles = '{admin,legal}' WHERE id = 'root'`)).rejects.toThrow(
      /api_principals_admin_approves_nothing/,
    );
  });

  it('one admin alone cannot create an approver (or another admin): a second one activates it', async () => {
    for (const [id, roles] of [
      ['fake-legal', ['legal']],
      ['fake-lead', ['tns_lead']],
      ['fake-admin', ['admin']],
    ] as const) {
      const proposed = await propose(id, [...roles]);
      expect(proposed.status).toBe(201);
      expect(proposed.body.principal.status).toBe('proposed');
      // No token while proposed, and not by the proposer either.
      expect((await h.call('POST', '/tokens', { as: 'root', body: { principal: id } })).status).toBe(403);
      const self = await h.call('POST', `/principals/${id}/activate`, { as: 'root' });
      expect(self.status).toBe(403);
      expect(self.body.detail).toContain('four eyes on identity');
    }
  });

  it('a second admin activates; the person enrols with both codes, once; neither admin can mint its token', async () => {
    const proposed = await propose('lara', ['legal'], 'Lara@Example.org');
    const activated = await h.call<Change>('POST', '/principals/lara/activate', { token: ruth });
    expect(activated.status).toBe(200);
    expect(activated.body.principal).toMatchObject({ status: 'active', roles: ['legal'] });
    const codes = [activated.body.enrolmentCode!, proposed.body.enrolmentCode!];
    for (const token of [h.tokens.root, ruth]) {
      expect((await h.call('POST', '/tokens', { token, body: { principal: 'lara' } })).status).toBe(403);
    }
    // One code alone, or a code twice, is not enough.
    const half = await h.call('POST', '/enrol', { body: { principal: 'lara', codes: [codes[0], codes[0]] } });
    expect(half.status).toBe(401);
    const enrolled = await h.call<{ token: string; roles: string[] }>('POST', '/enrol', {
      body: { principal: 'lara', codes },
    });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.roles).toEqual(['legal']);
    expect((await h.call('GET', '/whoami', { token: enrolled.body.token })).body).toEqual({
      principal: 'lara',
      roles: ['legal'],
    });
    expect((await h.call('POST', '/enrol', { body: { principal: 'lara', codes } })).status).toBe(401);
    // Lara mints her own tokens.
    const own = await h.call('POST', '/tokens', { token: enrolled.body.token, body: { label: 'laptop' } });
    expect(own.status).toBe(201);

    const audit = await h.db.query<{ action: string; principal_id: string | null; status: number }>(
      `SELECT action, principal_id, status FROM api_audit_log WHERE target = 'principal:lara' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'principal.create', principal_id: 'root', status: 201 },
      { action: 'principal.activate', principal_id: 'ruth', status: 200 },
      { action: 'token.create', principal_id: 'root', status: 403 },
      { action: 'token.create', principal_id: 'ruth', status: 403 },
      { action: 'principal.enrol', principal_id: null, status: 401 },
      { action: 'principal.enrol', principal_id: null, status: 201 },
      { action: 'principal.enrol', principal_id: null, status: 401 },
      { action: 'token.create', principal_id: 'lara', status: 201 },
    ]);
  });

  it('gives one person one principal (person keys compare case-insensitively)', async () => {
    expect((await propose('pat', ['requester'], 'pat@example.org')).status).toBe(201);
    const again = await propose('pat-legal', ['legal'], 'PAT@example.org');
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('already has principal pat');
    expect((await propose('pat', ['requester'], 'other@example.org')).status).toBe(409);
  });

  it('a token never grants more than its principal, nor mints a broader one', async () => {
    expect((await propose('olga', ['operator', 'appeals'])).status).toBe(201);
    const narrow = await h.call<{ token: string }>('POST', '/tokens', {
      as: 'root',
      body: { principal: 'olga', roles: ['operator'] },
    });
    const wider = await h.call('POST', '/tokens', { token: narrow.body.token, body: { roles: ['appeals'] } });
    expect(wider.status).toBe(403);
    // Narrowing the principal narrows its live tokens at once.
    await h.db.query(`UPDATE api_principals SET roles = '{appeals}' WHERE id = 'olga'`);
    expect((await h.call('GET', '/whoami', { token: narrow.body.token })).status).toBe(401);
  });

  it('disabling a principal revokes its tokens; a disabled principal gets none', async () => {
    expect((await propose('dora', ['investigator'])).status).toBe(201);
    const t = await h.call<{ token: string }>('POST', '/tokens', { as: 'root', body: { principal: 'dora' } });
    expect((await h.call('GET', '/whoami', { token: t.body.token })).status).toBe(200);
    expect((await h.call('POST', '/principals/dora/disable', { as: 'root' })).body).toMatchObject({
      status: 'disabled',
    });
    expect((await h.call('GET', '/whoami', { token: t.body.token })).status).toBe(401);
    const revoked = await h.db.query(`SELECT 1 FROM api_tokens WHERE principal_id = 'dora' AND revoked_at IS NULL`);
    expect(revoked).toEqual([]);
    expect((await h.call('POST', '/tokens', { as: 'root', body: { principal: 'dora' } })).status).toBe(409);
    expect((await h.call('POST', '/principals/root/disable', { as: 'root' })).status).toBe(409);
  });

  it('lists principals for admins only', async () => {
    const list = await h.call<{ principals: { id: string }[] }>('GET', '/principals', { as: 'root' });
    expect(list.status).toBe(200);
    expect(list.body.principals.map((p) => p.id)).toEqual(expect.arrayContaining(['root', 'lena', 'lara']));
    expect((await h.call('GET', '/principals', { as: 'lena' })).status).toBe(403);
  });
});

it('lets enrolment codes expire a week after activation', async () => {
  const proposed = await propose('late', ['tns_lead']);
  const activated = await h.call<Change>('POST', '/principals/late/activate', { token: ruth });
  await h.db.query(`UPDATE api_principals SET activated_at = now() - interval '8 days' WHERE id = 'late'`);
  const codes = [proposed.body.enrolmentCode!, activated.body.enrolmentCode!];
  const stale = await h.call('POST', '/enrol', { body: { principal: 'late', codes } });
  expect(stale.status).toBe(401);
  expect(stale.body.detail).toContain('within 7 days of activation');
});
