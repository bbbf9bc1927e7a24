import { edgeProvider, loadFingerprintDatabase } from '../../../src/config/fingerprints';
import { classify, compileFingerprints, type Observation } from '../../../src/domain/fingerprints';
import { observation, UNLISTED_IP } from '../../support/fixtures/observations';
import { PROVIDER_FIXTURES } from '../../support/fixtures/provider-fixtures';

const EDGE = {
  nameservers: ['ns*.edge.terminus.test'],
  ipRanges: ['185.236.200.0/24'],
  cnameSuffixes: ['edge.terminus.test'],
  headers: [{ name: 'x-terminus-edge' }],
};
const database = loadFingerprintDatabase({ edge: EDGE });
const db = compileFingerprints(database);
const verdictOf = (o: Observation) => classify(o, db);

describe('classifier: one realistic observation per provider in the database', () => {
  it('has no fixture for a provider that is gone (every provider is sampled in provider-accuracy.test.ts)', () => {
    const ids = database.providers.map((p) => p.id);
    expect(Object.keys(PROVIDER_FIXTURES).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it.each(Object.entries(PROVIDER_FIXTURES))('recognises %s', (id, { spec, role }) => {
    const verdict = verdictOf(observation(spec));
    expect(verdict.provider).toBe(id);
    expect(verdict.role).toBe(role);
    expect(verdict.state).toBe(id === 'ours' ? 'ours' : 'elsewhere');
    expect(verdict.ambiguous).toBe(false);
    expect(verdict.confidence).toBeGreaterThan(0.5);
    expect(verdict.evidence.some((e) => e.provider === id && !e.generic)).toBe(true);
    expect(verdict.databaseVersion).toBe(database.version);
  });
});

describe('classifier: ambiguous and generic signals', () => {
  it('never decides on generic headers alone (Via: varnish, X-Cache)', () => {
    const verdict = verdictOf(observation({ headers: { via: '1.1 varnish', 'x-cache': 'HIT', server: 'nginx' } }));
    expect(verdict.state).toBe('elsewhere');
    expect(verdict.provider).toBe('unknown');
    expect(verdict.confidence).toBe(0);
    expect(verdict.evidence.map((e) => [e.provider, e.generic])).toEqual([
      ['fastly', true],
      ['fastly', true],
    ]);
  });

  it('does not attribute `Via: 1.1 google` alone to Google', () => {
    const verdict = verdictOf(observation({ headers: { via: '1.1 google' } }));
    expect(verdict.provider).toBe('unknown');
    expect(verdict.roles.proxy_cdn).toBeUndefined();
  });

  it('flags two providers with equally weak evidence as ambiguous and lowers the confidence', () => {
    const clean = verdictOf(observation({ headers: { server: 'cloudflare' } }));
    const mixed = verdictOf(observation({ headers: { server: 'cloudflare' }, cookies: ['__ddg1_'] }));
    expect(clean.ambiguous).toBe(false);
    expect(mixed.ambiguous).toBe(true);
    expect(mixed.provider).toBe('cloudflare');
    expect(mixed.roles.proxy_cdn?.ambiguousWith).toEqual(['ddos-guard']);
    expect(mixed.confidence).toBeLessThan(clean.confidence);
    expect(mixed.reason).toContain('could also be ddos-guard');
  });

  it('prefers the front-most strong evidence over headers forwarded from an origin behind it', () => {
    const verdict = verdictOf(
      observation({ a: ['104.21.3.4'], headers: { server: 'cloudflare', 'x-amz-cf-id': 'abc' } }),
    );
    expect(verdict.provider).toBe('cloudflare');
    expect(verdict.ambiguous).toBe(false);
    expect(verdict.evidence.some((e) => e.provider === 'cloudfront')).toBe(true);
  });

  it('separates roles: DNS at one provider, the site hosted at another', () => {
    const verdict = verdictOf(observation({ ns: ['lara.ns.cloudflare.com'], a: ['88.198.10.20'] }));
    expect(verdict.provider).toBe('hetzner');
    expect(verdict.role).toBe('hosting');
    expect(verdict.roles.dns?.provider).toBe('cloudflare');
    expect(verdict.reason).toContain('DNS at cloudflare');
  });

  it('reports the DNS host with less confidence when the server itself is unknown', () => {
    const dnsOnly = verdictOf(observation({ ns: ['1-you.njalla.no'] }));
    const full = verdictOf(observation({ ns: ['ns1.ddos-guard.net'], a: ['185.178.208.20'] }));
    expect(dnsOnly.role).toBe('dns');
    expect(dnsOnly.confidence).toBeLessThan(full.confidence);
  });

  it('says ours while our edge still plays any role, whatever else is seen', () => {
    const verdict = verdictOf(observation({ ns: ['ns1.edge.terminus.test'], a: ['88.198.10.20'] }));
    expect(verdict.state).toBe('ours');
    expect(verdict.provider).toBe('ours');
  });
});

describe('classifier: facts versus unknowns', () => {
  it('NXDOMAIN is dark (a fact)', () => {
    const o = observation(
      {},
      { ns: { status: 'nxdomain' }, a: { status: 'nxdomain' }, aaaa: { status: 'nxdomain' }, http: [] },
    );
    expect(verdictOf(o)).toMatchObject({ state: 'dark', provider: null });
  });

  it('NODATA for both address types is dark', () => {
    const o = observation(
      { ns: ['ns1.ddos-guard.net'] },
      { a: { status: 'nodata' }, aaaa: { status: 'nodata' }, http: [] },
    );
    const verdict = verdictOf(o);
    expect(verdict.state).toBe('dark');
    expect(verdict.reason).toContain('DNS at ddos-guard');
  });

  it('a Tor-only site (name pointing at loopback) is dark, with the DNS host kept as evidence', () => {
    const verdict = verdictOf(observation({ ns: ['1-you.njalla.no'], a: ['127.0.0.1'], aaaa: ['::1'] }, { http: [] }));
    expect(verdict.state).toBe('dark');
    expect(verdict.roles.dns?.provider).toBe('njalla');
  });

  it.each([
    ['servfail', { status: 'unknown', reason: 'servfail' }],
    ['timeout', { status: 'unknown', reason: 'timeout' }],
    ['refused', { status: 'unknown', reason: 'refused' }],
  ] as const)('an address lookup %s is unknown, never dark', (_name, failed) => {
    const verdict = verdictOf(observation({}, { a: failed, aaaa: { status: 'nodata' }, http: [] }));
    expect(verdict.state).toBe('unknown');
    expect(verdict.provider).toBeNull();
  });

  it('one failed address family does not hide the other', () => {
    const verdict = verdictOf(observation({ aaaa: ['2606:4700::1'] }, { a: { status: 'unknown', reason: 'timeout' } }));
    expect(verdict.state).toBe('elsewhere');
    expect(verdict.provider).toBe('cloudflare');
  });

  it('HTTP timeouts everywhere are unknown; refusals everywhere are dark', () => {
    const timeouts = observation(
      {},
      {
        http: [
          { scheme: 'https', status: 'unknown', reason: 'timeout' },
          { scheme: 'http', status: 'unknown', reason: 'timeout' },
        ],
      },
    );
    const refused = observation(
      {},
      {
        http: [
          { scheme: 'https', status: 'refused' },
          { scheme: 'http', status: 'refused' },
        ],
      },
    );
    expect(verdictOf(timeouts).state).toBe('unknown');
    expect(verdictOf(refused).state).toBe('dark');
  });

  it('a site answering from an address nobody lists is elsewhere(unknown)', () => {
    const verdict = verdictOf(observation({ a: [UNLISTED_IP] }));
    expect(verdict).toMatchObject({ state: 'elsewhere', provider: 'unknown', role: null });
  });
});

describe('edge provider', () => {
  it('matches nothing when nothing is configured', () => {
    const empty = compileFingerprints({
      version: 'x',
      providers: [edgeProvider({ nameservers: [], ipRanges: [], cnameSuffixes: [], headers: [] })],
    });
    expect(classify(observation({ ns: ['ns1.edge.terminus.test'] }), empty).provider).toBe('unknown');
  });
});
