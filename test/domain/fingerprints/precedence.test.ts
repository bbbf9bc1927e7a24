import {
  compileFingerprints,
  identify,
  type ProviderFingerprint,
  type Signals,
} from '../../../src/domain/fingerprints';

// Overlapping claims on one address: the most specific listing wins (a CDN node inside a cloud), a service beats
// its parent on an equal claim (CloudFront in AWS), and unrelated equal claims (Akamai and Linode) are reported as
// ambiguous with both candidates and the reason, unless other evidence tells them apart.
const provider = (p: Partial<ProviderFingerprint> & { id: string }): ProviderFingerprint => ({
  name: p.id,
  roles: ['hosting'],
  nameservers: [],
  cnameSuffixes: [],
  ipRanges: [],
  headers: [],
  cookies: [],
  source: [{ url: 'https://example.org' }],
  ...p,
});
const db = compileFingerprints({
  version: 't',
  providers: [
    provider({ id: 'aws', ipRanges: ['52.64.0.0/12', '13.224.0.0/14'] }),
    provider({ id: 'cloudfront', roles: ['proxy_cdn'], partOf: 'aws', ipRanges: ['13.224.0.0/14'] }),
    provider({ id: 'gocache', roles: ['proxy_cdn'], ipRanges: ['52.67.255.165/32'] }),
    provider({ id: 'akamai', roles: ['proxy_cdn'], ipRanges: ['172.104.0.0/15'], cnameSuffixes: ['edgekey.net'] }),
    provider({ id: 'linode', ipRanges: ['172.104.0.0/15', '2600:3c00::/32'] }),
  ],
});
const signals = (s: Partial<Signals>): Signals => ({
  nameservers: [],
  soaPrimaries: [],
  cnames: [],
  addresses: [],
  asns: [],
  responses: [],
  ...s,
});

describe('overlapping address claims', () => {
  it('names the more specific listing and keeps the containing network as context', () => {
    const found = identify(signals({ addresses: ['52.67.255.165'] }), db);
    expect(found).toMatchObject({ provider: 'gocache', role: 'proxy_cdn', ambiguous: false });
    expect(found.roles.hosting).toBeUndefined();
    expect(found.evidence).toEqual([
      expect.objectContaining({ provider: 'gocache', matched: '52.67.255.165/32', generic: false }),
      expect.objectContaining({
        provider: 'aws',
        matched: '52.64.0.0/12',
        generic: true,
        note: expect.stringMatching(/^less specific than 52\.67\.255\.165\/32 \(gocache\)/),
      }),
    ]);
    expect(identify(signals({ addresses: ['52.67.255.166'] }), db).provider).toBe('aws');
  });

  it('prefers a service to its parent on an equal claim', () => {
    const found = identify(signals({ addresses: ['13.224.5.6'] }), db);
    expect(found).toMatchObject({ provider: 'cloudfront', ambiguous: false });
    expect(found.evidence.find((e) => e.provider === 'aws')).toMatchObject({
      generic: true,
      note: expect.stringContaining('parent'),
    });
  });

  it('reports unrelated equal claims as ambiguous, with both and the reason', () => {
    const found = identify(signals({ addresses: ['172.105.1.2'] }), db);
    expect(found).toMatchObject({ ambiguous: true, candidates: ['akamai', 'linode'] });
    expect(found.reason).toContain('172.105.1.2 is listed as precisely by akamai and linode');
    expect(found.confidence).toBeLessThan(0.5);
    expect(found.evidence.map((e) => [e.provider, e.contestedWith])).toEqual([
      ['akamai', ['linode']],
      ['linode', ['akamai']],
    ]);
  });

  it('lets other evidence settle such a tie', () => {
    const viaCname = identify(signals({ addresses: ['172.105.1.2'], cnames: ['e1.a.edgekey.net'] }), db);
    expect(viaCname).toMatchObject({ provider: 'akamai', ambiguous: false });
    const viaOtherAddress = identify(signals({ addresses: ['172.105.1.2', '2600:3c00::1'] }), db);
    expect(viaOtherAddress).toMatchObject({ provider: 'linode', role: 'hosting', ambiguous: false });
    expect(viaOtherAddress.evidence.find((e) => e.provider === 'akamai')).toMatchObject({ generic: true });
  });
});
