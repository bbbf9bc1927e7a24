import fc from 'fast-check';
import { checkCustomerDomain, domainNameProblem, normaliseDomain } from '../../src/domain/domain-name';

describe('customer domain names (Public Suffix List via tldts)', () => {
  it.each([
    ['forum.example', 'forum.example'],
    ['  Forum.Example.  ', 'forum.example'],
    ['www.forum.example', 'www.forum.example'],
    ['foo.co.uk', 'foo.co.uk'],
    ['tenant.github.io', 'tenant.github.io'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['BÜCHER.de.', 'xn--bcher-kva.de'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('accepts %j and stores %j', (raw, stored) => {
    expect(checkCustomerDomain(raw)).toEqual({ ok: true, name: stored });
    expect(normaliseDomain(raw)).toBe(stored);
  });

  it.each([
    ['co.uk', /public suffix/],
    ['CO.UK.', /public suffix/],
    ['pvt.k12.ma.us', /public suffix \(ICANN section/],
    ['s3.amazonaws.com', /public suffix \(private section/],
    ['github.io', /public suffix/],
    ['com', /top-level domain/],
    ['localhost', /top-level domain/],
    ['192.0.2.1', /IP address/],
    ['192.0.2.1.', /IP address/],
    ['0x7f.1', /IP address/],
    ['::1', /IP address/],
    ['[2001:db8::1]', /IP address/],
    ['forum.example..', /empty label/],
    ['*.forum.example', /wildcard/],
    ['-bad.example', /letters, digits/],
    ['a b.example', /never appear/],
    ['', /empty/],
  ])('refuses %j with the reason', (raw, reason) => {
    const result = checkCustomerDomain(raw);
    expect(result.ok).toBe(false);
    expect(domainNameProblem(raw)).toMatch(reason);
  });

  it('refuses a non-string without throwing, and normalises it to an empty name', () => {
    expect(domainNameProblem(42)).toBe('a domain name is required');
    expect(normaliseDomain(undefined as unknown as string)).toBe('');
  });

  it('strips only one trailing dot', () => {
    expect(normaliseDomain('forum.example.')).toBe('forum.example');
    expect(domainNameProblem('forum.example..')).not.toBeNull();
  });
});

describe('customer domain names: special-use names', () => {
  it.each([
    ['printer.local', /multicast DNS name \(RFC 6762\)/],
    ['forumxyz2abc.onion', /Tor onion service name \(RFC 7686\)/],
    ['node.alt', /outside the DNS namespace \(RFC 9476\)/],
    ['nas.home.arpa', /home network name \(RFC 8375\)/],
    ['db.corp.internal', /private-use name/],
    ['shop.invalid', /reserved to be invalid/],
    ['app.localhost', /loopback name/],
  ])('refuses %s, naming what it is reserved for', (name, reason) => {
    const result = checkCustomerDomain(name);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
    expect(!result.ok && result.reason).toMatch(/no customer can hold it on the public DNS/);
  });

  it('keeps the documentation and testing names the sandbox uses', () => {
    expect(checkCustomerDomain('forum.example')).toEqual({ ok: true, name: 'forum.example' });
    expect(checkCustomerDomain('acct-1.test')).toEqual({ ok: true, name: 'acct-1.test' });
    expect(checkCustomerDomain('local.example')).toEqual({ ok: true, name: 'local.example' });
  });
});

describe('customer domain names: properties', () => {
  const label = fc.stringMatching(/^[a-zA-Z0-9ü]([a-zA-Z0-9ü-]{0,8}[a-zA-Z0-9ü])?$/);
  const name = fc
    .tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([labels, dot]) => `${labels.join('.')}${dot ? '.' : ''}`);

  it('never throws; an accepted name is canonical, stable, and neither an address nor a public suffix', () => {
    fc.assert(
      fc.property(fc.oneof(name, fc.string()), (raw) => {
        const result = checkCustomerDomain(raw);
        if (!result.ok) return typeof result.reason === 'string' && result.reason.length > 0;
        expect(result.name).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
        expect(checkCustomerDomain(result.name)).toEqual({ ok: true, name: result.name });
        expect(normaliseDomain(raw)).toBe(result.name);
        return true;
      }),
      { seed: 20261207, numRuns: 2000 },
    );
  });
});
