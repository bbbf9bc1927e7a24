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
