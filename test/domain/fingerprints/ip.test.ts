import { cidrContains, isNonPublicAddress, parseCidr, parseIp } from '../../../src/domain/fingerprints/ip';

const inRange = (cidr: string, ip: string) => cidrContains(parseCidr(cidr)!, parseIp(ip)!);

describe('ip arithmetic', () => {
  it.each([
    ['104.16.0.0/13', '104.23.255.255', true],
    ['104.16.0.0/13', '104.24.0.0', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['2606:4700::/32', '2606:4700:3030::6815:304', true],
    ['2606:4700::/32', '2606:4701::1', false],
    ['2a06:98c0::/29', '2a06:98c7:ffff::1', true],
    ['2a06:98c0::/29', '2a06:98c8::1', false],
    ['190.115.16.0/20', '::ffff:190.115.18.20', true],
    ['10.0.0.0/8', '2606:4700::1', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(inRange(cidr, ip)).toBe(expected);
  });

  it.each(['1.2.3', '1.2.3.256', '1::2::3', '12345::', 'gggg::1', '1:2:3:4:5:6:7:8:9', ''])('rejects %p', (text) => {
    expect(parseIp(text)).toBeNull();
  });

  it('parses embedded IPv4 and full forms to the same value', () => {
    expect(parseIp('::ffff:1.2.3.4')).toEqual(parseIp('1.2.3.4'));
    expect(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')?.value).toBe(parseIp('2001:db8::1')?.value);
  });

  it.each([['1.2.3.4/33'], ['::/129'], ['1.2.3.4/x'], ['1.2.3.4/8/1']])('rejects the CIDR %s', (text) => {
    expect(parseCidr(text)).toBeNull();
  });

  it('knows which addresses are not on the public internet', () => {
    expect(
      ['127.0.0.1', '10.1.2.3', '192.168.1.1', '::1', 'fd00::1', '0.0.0.0', 'not-an-ip'].every(isNonPublicAddress),
    ).toBe(true);
    expect(
      ['1.1.1.1', '2606:4700::1111', '88.198.10.20', '198.51.100.44', '2001:db8::1'].some(isNonPublicAddress),
    ).toBe(false);
  });

  it.each([
    ['::ffff:10.0.0.1', true],
    ['::ffff:1.1.1.1', false],
    ['64:ff9b::a00:1', true],
    ['64:ff9b::808:808', false],
    ['2002:c0a8:101::1', true],
    ['2002:808:808::1', false],
    // Teredo: server 65.54.227.120, client 192.168.1.1 stored inverted (3f57:fefe).
    ['2001:0:4136:e378:8000:63bf:3f57:fefe', true],
    // Teredo client 8.8.8.8 (inverted f7f7:f7f7).
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', false],
  ])('judges %s by the IPv4 address it carries (non-public: %s)', (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });
});
