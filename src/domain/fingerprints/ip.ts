/**
 * Address and CIDR arithmetic without Node's `net` module, so the classifier stays pure and importable
 * anywhere. Addresses become bigints; a CIDR matches when the leading `prefix` bits agree.
 */

/** A parsed address. */
export interface ParsedIp {
  version: 4 | 6;
  value: bigint;
}

/** A parsed CIDR (the network bits already masked). */
export interface ParsedCidr {
  version: 4 | 6;
  network: bigint;
  prefix: number;
  text: string;
}

/** Parses dotted-quad IPv4; null when malformed. */
export function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

/** Parses IPv6 (with `::` and an optional embedded IPv4 tail); null when malformed. */
export function parseIpv6(text: string): bigint | null {
  let input = text.toLowerCase();
  const zone = input.indexOf('%');
  if (zone >= 0) input = input.slice(0, zone);
  const lastColon = input.lastIndexOf(':');
  if (input.includes('.') && lastColon >= 0) {
    const v4 = parseIpv4(input.slice(lastColon + 1));
    if (v4 === null) return null;
    input = `${input.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = input.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (s: string): bigint[] | null => {
    if (s === '') return [];
    const groups: bigint[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      groups.push(BigInt(parseInt(g, 16)));
    }
    return groups;
  };
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const explicit = [...head, ...rest];
  const missing = 8 - explicit.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = halves.length === 2 ? [...head, ...new Array<bigint>(missing).fill(0n), ...rest] : explicit;
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an address of either family; null when it is neither. */
export function parseIp(text: string): ParsedIp | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { version: 4, value: v4 };
  if (!text.includes(':')) return null;
  const v6 = parseIpv6(text);
  if (v6 === null) return null;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address for matching purposes.
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

/** Parses `addr/prefix`; null when malformed or the prefix is out of range. */
export function parseCidr(text: string): ParsedCidr | null {
  const [addr, prefixText, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return null;
  const ip = parseIp(addr);
  if (ip === null) return null;
  const bits = ip.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return null;
  const shift = BigInt(bits - prefix);
  return { version: ip.version, network: (ip.value >> shift) << shift, prefix, text: text.trim() };
}

/** True when `ip` lies inside `cidr`. */
export function cidrContains(cidr: ParsedCidr, ip: ParsedIp): boolean {
  if (cidr.version !== ip.version) return false;
  const shift = BigInt((ip.version === 4 ? 32 : 128) - cidr.prefix);
  return ip.value >> shift === cidr.network >> shift;
}

const NON_PUBLIC = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/3',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
].map((c) => parseCidr(c) as ParsedCidr);

/**
 * True for addresses nobody on the internet can reach (unspecified, loopback, private, link-local, multicast). A
 * domain pointing only there is not served: a common stand-in while a site lives only behind Tor. Documentation
 * ranges (RFC 5737/3849) count as public: sandboxes and examples use them for "a server somewhere".
 */
export function isNonPublicAddress(text: string): boolean {
  const ip = parseIp(text);
  if (ip === null) return true;
  const nonPublic = (a: ParsedIp): boolean => NON_PUBLIC.some((c) => cidrContains(c, a));
  return nonPublic(ip) || embeddedIpv4(ip).some(nonPublic);
}

/** IPv6 forms that carry an IPv4 address, and where it sits (RFC 6052 NAT64, RFC 3056 6to4, RFC 4380 Teredo
 * client, stored inverted); IPv4-mapped addresses (RFC 4291) are already read as IPv4 by {@link parseIp}. */
const EMBEDDING = [
  { cidr: parseCidr('64:ff9b::/96') as ParsedCidr, at: (v: bigint) => v },
  { cidr: parseCidr('2002::/16') as ParsedCidr, at: (v: bigint) => v >> 80n },
  { cidr: parseCidr('2001::/32') as ParsedCidr, at: (v: bigint) => ~v },
];

/**
 * The IPv4 addresses an IPv6 address leads to: `64:ff9b::a00:1` or `2002:a00:1::` reach
 * 10.0.0.1, so a name answering with them is as dark (or as private) as one answering 10.0.0.1.
 */
function embeddedIpv4(ip: ParsedIp): ParsedIp[] {
  if (ip.version !== 6) return [];
  return EMBEDDING.filter((e) => cidrContains(e.cidr, ip)).map((e) => ({
    version: 4 as const,
    value: e.at(ip.value) & 0xffffffffn,
  }));
}
