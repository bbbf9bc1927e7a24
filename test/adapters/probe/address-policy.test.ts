import ipaddr from 'ipaddr.js';
import { isProbeableAddress, probeAddressVerdict } from '../../../src/adapters/probe/address-policy';
import ipv4Registry from '../../../data/iana-special-purpose/ipv4.json';
import ipv6Registry from '../../../data/iana-special-purpose/ipv6.json';

/** The first address of a block. */
const firstOf = (block: string): string => block.split('/')[0] ?? block;
/** The last address of a block: inside it, and outside the more specific blocks nested at its start. */
const lastOf = (block: string): string =>
  (block.includes(':') ? ipaddr.IPv6 : ipaddr.IPv4).broadcastAddressFromCIDR(block).toString();

describe('probe address policy (IANA special-purpose registries)', () => {
  it.each([...ipv4Registry.entries, ...ipv4Registry.alsoRefused, ...ipv6Registry.entries, ...ipv6Registry.alsoRefused])(
    'judges $block ($name) by its Globally Reachable column',
    (entry) => {
      const verdict = probeAddressVerdict(lastOf(entry.block));
      if ('embedsIpv4' in entry && entry.embedsIpv4) {
        // The last address of an embedding block carries 255.255.255.255 (Limited Broadcast): refused.
        expect(verdict.allowed).toBe(false);
        expect(verdict.allowed ? '' : verdict.reason).toMatch(new RegExp(entry.rfc.split(';')[0] ?? ''));
      } else if (entry.globallyReachable === true) {
        expect(verdict).toEqual({ allowed: true });
      } else {
        // Blocks nest (0.0.0.0/32 in 0.0.0.0/8, 255.255.255.255/32 in 240.0.0.0/4): the first or the last address
        // is attributed to the block itself, and both are refused.
        const verdicts = [firstOf(entry.block), lastOf(entry.block)].map(probeAddressVerdict);
        expect(verdicts.map((v) => v.allowed)).toEqual([false, false]);
        expect(verdicts.some((v) => !v.allowed && v.reason.includes(` ${entry.block} `))).toBe(true);
      }
    },
  );

  it.each([
    ['8.8.8.8'],
    ['2606:4700::1111'],
    ['192.0.0.9'], // PCP anycast, globally reachable inside the IETF block 192.0.0.0/24
    ['::ffff:8.8.8.8'],
    ['64:ff9b::808:808'],
    ['2002:808:808::1'],
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7'], // Teredo: server 65.54.227.120, client 8.8.8.8
  ])('allows the public address %s', (address) => {
    expect(isProbeableAddress(address)).toBe(true);
  });

  it.each([
    ['::ffff:10.0.0.1', /IPv4-mapped.*10\.0\.0\.1.*RFC 1918/],
    ['::ffff:7f00:1', /IPv4-mapped.*127\.0\.0\.1.*Loopback/],
    ['64:ff9b::a00:1', /RFC 6052.*10\.0\.0\.1.*Private-Use/],
    ['64:ff9b::192.168.1.1', /RFC 6052.*192\.168\.1\.1/],
    ['64:ff9b::a9fe:a9fe', /169\.254\.169\.254.*Link Local/],
    ['64:ff9b:1::808:808', /64:ff9b:1::\/48.*RFC 8215/],
    ['2002:a00:1::1', /6to4.*10\.0\.0\.1/],
    ['2002:7f00:1::', /6to4.*127\.0\.0\.1/],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', /TEREDO.*10\.0\.0\.1/],
    ['2001:0:a00:1:8000:63bf:f7f7:f7f7', /TEREDO.*10\.0\.0\.1/], // private Teredo server
    ['10.1.2.3', /RFC 1918/],
    ['100.64.0.1', /Shared Address Space/],
    ['169.254.169.254', /Link Local/],
    ['192.0.2.10', /TEST-NET-1/],
    ['198.18.0.1', /Benchmarking/],
    ['240.0.0.1', /Reserved/],
    ['255.255.255.255', /Limited Broadcast/],
    ['239.1.2.3', /Multicast/],
    ['::1', /Loopback/],
    ['fd00::1', /Unique-Local/],
    ['fe80::1', /Link-Local/],
    ['fec0::1', /Site-Local/],
    ['ff02::1', /Multicast/],
    ['2001:db8::1', /Documentation/],
    ['3fff::1', /RFC 9637/],
    ['100::1', /Discard-Only/],
    ['4000::1', /outside the IPv6 global unicast space 2000::\/3/],
    ['::7f00:1', /outside the IPv6 global unicast space/], // deprecated IPv4-compatible form
    ['fe80::1%eth0', /not an IP address/],
    ['0x7f.0.0.1', /not a dotted-quad/],
    ['127.1', /not a dotted-quad/],
    ['forum.example', /not an IP address/],
  ])('refuses %s with the reason', (address, reason) => {
    const verdict = probeAddressVerdict(address);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed ? '' : verdict.reason).toMatch(reason);
  });

  it('records its source in the data files', () => {
    for (const registry of [ipv4Registry, ipv6Registry]) {
      expect(registry.source).toMatch(/^https:\/\/www\.iana\.org\/assignments\//);
      expect(registry.transcribed).toMatch(/hand-written/);
    }
  });
});
