// A console sign-in is held to terminus's principal registry: the identity provider says who someone is, the
// registry whether (and with which roles) they may act. Over a real database with the registry's own functions.
import { checkPrincipal } from '../../src/console/principal-check';
import { SessionStore } from '../../src/console/session-store';
import {
  activatePrincipal,
  bootstrapPrincipal,
  disablePrincipal,
  proposePrincipal,
} from '../../src/services/access/principal-store';
import { startTestDatabase, type TestDatabase } from '../support/database';

let t: TestDatabase;

beforeAll(async () => {
  t = await startTestDatabase();
  await bootstrapPrincipal(t.db, { id: 'root', person: 'root@test.invalid', roles: ['admin'] }, 'database');
  await bootstrapPrincipal(t.db, { id: 'root2', person: 'root2@test.invalid', roles: ['admin'] }, 'database');
  await bootstrapPrincipal(t.db, { id: 'lena', person: 'lena@test.invalid', roles: ['legal'] }, 'database');
  await proposePrincipal(t.db, { id: 'tom', person: 'tom@test.invalid', roles: ['tns_lead'] }, 'root');
  await proposePrincipal(t.db, { id: 'ivan', person: 'ivan@test.invalid', roles: ['investigator'] }, 'root');
  await disablePrincipal(t.db, 'ivan', 'root');
});
afterAll(() => t.stop());

describe('the principal behind a console sign-in', () => {
  it('refuses an identity that is no principal, naming how one is made', async () => {
    const checked = await checkPrincipal(t.db, 'mallory', ['legal']);
    expect(checked).toEqual({
      refusal: expect.objectContaining({ detail: 'signed in at the provider but is not a principal' }),
    });
    expect('refusal' in checked && checked.refusal.message).toMatch(/mallory .* is not a terminus principal/);
  });

  it('refuses a principal awaiting activation, and a disabled one, saying which', async () => {
    const proposed = await checkPrincipal(t.db, 'tom', ['tns_lead']);
    expect('refusal' in proposed && proposed.refusal.message).toMatch(/waits for a second admin to activate it/);
    const disabled = await checkPrincipal(t.db, 'ivan', ['investigator']);
    expect('refusal' in disabled && disabled.refusal.message).toMatch(/was disabled by an admin/);
  });

  it('keeps only the roles the registry grants too: the provider cannot add one', async () => {
    expect(await checkPrincipal(t.db, 'lena', ['legal', 'tns_lead'])).toEqual({ roles: ['legal'] });
    await activatePrincipal(t.db, 'tom', 'root2');
    expect(await checkPrincipal(t.db, 'tom', ['tns_lead'])).toEqual({ roles: ['tns_lead'] });
  });
});

describe('the session keeps the ID token for sign-out', () => {
  it('hands it back once when the session closes', async () => {
    const store = new SessionStore(t.db);
    const id = await store.open('lena', ['legal'], 60_000, 'eyJ.id.token');
    expect(await store.close(id)).toEqual({ idToken: 'eyJ.id.token' });
    expect(await store.close(id)).toEqual({});
    expect(await store.find(id)).toBeNull();
  });
});
