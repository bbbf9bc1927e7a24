import {
  canonicalProviderName,
  isAtOrBelow,
  normalizeDomainName,
  selfAndAncestors,
} from '../../../src/domain/footprint/domain-name';
import { punycodeDecode, punycodeEncode } from '../../../src/domain/footprint/punycode';

function name(input: string): string {
  const r = normalizeDomainName(input);
  if (!r.ok) throw new Error(`expected ${input} to normalise: ${r.problem.message}`);
  return r.name;
}

function problem(input: string, extra: string[] = []) {
  const r = normalizeDomainName(input, extra);
  if (r.ok) throw new Error(`expected ${input} to be refused, got ${r.name}`);
  return r.problem;
}

describe('normalizeDomainName', () => {
  it.each([
    ['forum.example', 'forum.example'],
    ['  Forum.EXAMPLE.  ', 'forum.example'],
    ['www.forum.example.', 'www.forum.example'],
    ['ｆｏｒｕｍ．example', 'forum.example'],
    ['forum。example', 'forum.example'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['BÜCHER.example', 'xn--bcher-kva.example'],
    ['XN--BCHER-KVA.example', 'xn--bcher-kva.example'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['a-b.example', 'a-b.example'],
  ])('%j -> %s', (input, expected) => {
    expect(name(input)).toBe(expected);
  });

  it('spells a decomposed Unicode name the same as the composed one', () => {
    expect(name('bu\u0308cher.example')).toBe(name('b\u00fccher.example'));
  });

  it.each(['*.forum.example', 'forum.*', '*', '＊.forum.example', '*forum.example'])(
    'refuses the wildcard %j',
    (input) => {
      const p = problem(input);
      expect(p).toMatchObject({ code: 'wildcard', kind: 'footprint' });
      expect(p.message).toContain('wildcard');
    },
  );

  it.each([
    ['example', 'single_label'],
    ['example.', 'single_label'],
    ['COM', 'single_label'],
    ['co.uk', 'public_suffix'],
    ['Co.UK.', 'public_suffix'],
    ['github.io', 'public_suffix'],
    ['127.0.0.1', 'ip_address'],
  ])('refuses %j as %s (reaches beyond one customer)', (input, code) => {
    expect(problem(input)).toMatchObject({ code, kind: 'footprint' });
  });

  it('refuses a public suffix the deployment configured', () => {
    expect(problem('customers.hosting.example', ['customers.hosting.example']).code).toBe('public_suffix');
    expect(name('shop.customers.hosting.example')).toBe('shop.customers.hosting.example');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['forum..example', 'syntax'],
    ['.forum.example', 'syntax'],
    ['forum.example..', 'syntax'],
    ['-forum.example', 'syntax'],
    ['forum-.example', 'syntax'],
    ['for_um.example', 'syntax'],
    ['forum example', 'syntax'],
    ['forum%2eexample', 'syntax'],
    ['http://forum.example', 'syntax'],
    ['user@forum.example', 'syntax'],
    ['forum.example/path', 'syntax'],
    ['xn--zz-.example', 'bad_idn'],
    ['xn--abc.example', 'bad_idn'],
    ['xn--bcher-kva.example'.replace('kva', 'kvb'), 'bad_idn'],
    ['emoji\u{1F600}.example', 'bad_idn'],
    ['zero\u200dwidth.example', 'bad_idn'],
  ])('refuses %j as %s input', (input, code) => {
    expect(problem(input)).toMatchObject({ code, kind: 'invalid_input' });
  });

  it('refuses labels and names past the DNS limits', () => {
    expect(problem(`${'a'.repeat(64)}.example`).code).toBe('syntax');
    expect(name(`${'a'.repeat(63)}.example`)).toHaveLength(71);
    const long = Array.from({ length: 50 }, () => 'abcd').join('.') + '.example';
    expect(problem(long).code).toBe('too_long');
  });

  it('names the offending input in its message', () => {
    expect(problem('forum..example').message).toContain('"forum..example"');
  });
});

describe('punycode', () => {
  it.each([
    ['bücher', 'bcher-kva'],
    ['münchen', 'mnchen-3ya'],
    ['ü', 'tda'],
    ['例え', 'r8jz45g'],
  ])('encodes %s as %s and back', (unicode, encoded) => {
    expect(punycodeEncode(unicode)).toBe(encoded);
    expect(punycodeDecode(encoded)).toBe(unicode);
  });

  it('rejects malformed input', () => {
    expect(punycodeDecode('bcher-kv!')).toBeNull();
    expect(punycodeDecode('ü-abc')).toBeNull();
  });
});

describe('name relations', () => {
  it('knows what lies at or below a name, and not look-alike suffixes', () => {
    expect(isAtOrBelow('www.forum.example', 'forum.example')).toBe(true);
    expect(isAtOrBelow('forum.example', 'forum.example')).toBe(true);
    expect(isAtOrBelow('myforum.example', 'forum.example')).toBe(false);
    expect(selfAndAncestors('a.b.c')).toEqual(['a.b.c', 'b.c', 'c']);
  });

  it('makes provider names comparable without refusing them', () => {
    expect(canonicalProviderName('Forum.Example.')).toBe('forum.example');
    expect(canonicalProviderName('*.Bücher.example')).toBe('*.xn--bcher-kva.example');
  });
});
