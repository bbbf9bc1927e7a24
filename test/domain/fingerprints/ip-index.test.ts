import { buildIpIndex, lookupIp, parseCidr, parseIp, type ParsedCidr } from '../../../src/domain/fingerprints';

const entry = (cidr: string, provider: string) => ({
  cidr: parseCidr(cidr) as ParsedCidr,
  provider,
  sources: [`src-${provider}`],
});
const index = buildIpIndex([
  entry('10.0.0.0/8', 'a'),
  entry('10.1.0.0/16', 'b'),
  entry('10.1.2.0/24', 'c'),
  entry('10.1.2.0/24', 'c'),
  entry('10.2.0.0/16', 'd'),
  entry('10.3.0.0/16', 'e'),
  entry('2001:db8::/32', 'f'),
  entry('2001:db8:1::/48', 'g'),
]);
const who = (ip: string) => lookupIp(index, parseIp(ip)!).map((c) => c.provider);

describe('sorted-interval IP index', () => {
  it.each([
    ['9.255.255.255', []],
    ['10.0.0.1', ['a']],
    ['10.1.0.1', ['a', 'b']],
    ['10.1.2.255', ['a', 'b', 'c']],
    ['10.1.3.0', ['a', 'b']],
    ['10.2.255.255', ['a', 'd']],
    ['10.3.0.0', ['a', 'e']],
    ['10.4.0.0', ['a']],
    ['11.0.0.0', []],
    ['2001:db8:1::5', ['f', 'g']],
    ['2001:db8:2::5', ['f']],
    ['2001:db9::', []],
    ['::ffff:10.1.2.3', ['a', 'b', 'c']],
  ])('%s is claimed by %j (least specific first)', (ip, expected) => {
    expect(who(ip)).toEqual(expected);
  });

  it('merges duplicate claims and keeps their sources', () => {
    expect(index.size).toBe(7);
    expect(lookupIp(index, parseIp('10.1.2.3')!).at(-1)).toEqual({
      provider: 'c',
      cidr: '10.1.2.0/24',
      prefix: 24,
      sources: ['src-c'],
    });
  });
});
