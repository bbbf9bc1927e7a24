import { signInRefusal } from '../../src/console/auth-routes';

describe('console sign-in: the identity provider is held to the API registry rules', () => {
  it('opens a session for staff with one kind of power', () => {
    expect(signInRefusal('lena', ['legal'])).toBeNull();
    expect(signInRefusal('tom', ['tns_lead', 'appeals'])).toBeNull();
    expect(signInRefusal('root', ['admin', 'operator'])).toBeNull();
  });

  it('refuses a requester, naming why', () => {
    expect(signInRefusal('rita', ['requester'])?.message).toMatch(/rita holds no staff role \(requester\)/);
  });

  it('refuses admin granted together with an approving role, naming the roles', () => {
    const refusal = signInRefusal('max', ['admin', 'legal', 'tns_lead']);
    expect(refusal?.detail).toBe('the provider grants admin together with an approving role');
    expect(refusal?.message).toMatch(/max is granted admin together with legal and tns_lead/);
  });
});
