import ipaddr from 'ipaddr.js';
import ipv4Registry from '../../../data/iana-special-purpose/ipv4.json';
import ipv6Registry from '../../../data/iana-special-purpose/ipv6.json';

/**
 * Which addresses the migration probe may connect to: a customer controls what its name resolves to, so without
 * this a DNS answer could point the worker at our own network (server-side request forgery). Built from the IANA
 * IPv4 and IPv6 Special-Purpose Address Registries (`data/iana-special-purpose/`, with sources and the rules in
 * its README): the most specific block decides by its "Globally Reachable" column, and addresses that carry an
 * IPv4 address (mapped, NAT64, 6to4, Teredo) are judged by the IPv4 address they lead to.
 */

/** Whether the probe may connect, and if not, why (the block's name and RFC). */
export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

type Embedding = 'mapped' | 'nat64' | '6to4' | 'teredo';

interface RegistryEntry {
  block: string;
  name: string;
  rfc: string;
  globallyReachable: boolean | null;
  embedsIpv4?: string;
}

interface Block {
  range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  entry: RegistryEntry;
}

function blocks(entries: readonly RegistryEntry[]): Block[] {
  return entries.map((entry) => ({ range: ipaddr.parseCIDR(entry.block), entry }));
}

const V4_BLOCKS = blocks([...ipv4Registry.entries, ...ipv4Registry.alsoRefused]);
const V6_BLOCKS = blocks([...ipv6Registry.entries, ...ipv6Registry.alsoRefused]);
const GLOBAL_UNICAST = ipaddr.parseCIDR(ipv6Registry.globalUnicast.block);

/** The most specific registry block holding `address`, if any. */
function mostSpecific(address: ipaddr.IPv4 | ipaddr.IPv6, list: readonly Block[]): RegistryEntry | undefined {
  let best: Block | undefined;
  for (const b of list) {
    if (b.range[0].kind() !== address.kind() || !address.match(b.range)) continue;
    if (!best || b.range[1] > best.range[1]) best = b;
  }
  return best?.entry;
}

const refused = (address: string, entry: RegistryEntry): AddressVerdict => ({
  allowed: false,
  reason: `${address} is in ${entry.block} (${entry.name}, ${entry.rfc}): not globally reachable`,
});

function ipv4From(bytes: readonly number[], offset: number, invert = false): ipaddr.IPv4 {
  const octets = bytes.slice(offset, offset + 4).map((b) => (invert ? b ^ 0xff : b));
  return new ipaddr.IPv4(octets);
}

/** The IPv4 addresses an IPv6 address of an embedding block leads to (Teredo: server and client). */
function embeddedIpv4(address: ipaddr.IPv6, how: Embedding): ipaddr.IPv4[] {
  const bytes = address.toByteArray();
  switch (how) {
    case 'mapped':
    case 'nat64':
      return [ipv4From(bytes, 12)];
    case '6to4':
      return [ipv4From(bytes, 2)];
    case 'teredo':
      return [ipv4From(bytes, 4), ipv4From(bytes, 12, true)];
  }
}

function judgeIpv4(address: ipaddr.IPv4, shown: string): AddressVerdict {
  const entry = mostSpecific(address, V4_BLOCKS);
  return !entry || entry.globallyReachable === true ? { allowed: true } : refused(shown, entry);
}

function judgeIpv6(address: ipaddr.IPv6, shown: string): AddressVerdict {
  const entry = mostSpecific(address, V6_BLOCKS);
  if (entry?.embedsIpv4) {
    for (const v4 of embeddedIpv4(address, entry.embedsIpv4 as Embedding)) {
      const verdict = judgeIpv4(v4, v4.toString());
      if (!verdict.allowed) {
        return {
          allowed: false,
          reason: `${shown} (${entry.name}, ${entry.rfc}) leads to ${v4.toString()}: ${verdict.reason}`,
        };
      }
    }
    return { allowed: true };
  }
  if (entry) return entry.globallyReachable === true ? { allowed: true } : refused(shown, entry);
  if (!address.match(GLOBAL_UNICAST)) {
    return {
      allowed: false,
      reason: `${shown} is outside the IPv6 global unicast space ${ipv6Registry.globalUnicast.block} (${ipv6Registry.globalUnicast.rfc})`,
    };
  }
  return { allowed: true };
}

/** Judges one address as a DNS answer gives it (a zone suffix such as `%eth0` is refused: never from DNS). */
export function probeAddressVerdict(text: string): AddressVerdict {
  const shown = text.trim();
  if (!ipaddr.isValid(shown) || shown.includes('%'))
    return { allowed: false, reason: `"${text}" is not an IP address` };
  const address = ipaddr.parse(shown);
  if (address.kind() === 'ipv4') {
    if (!ipaddr.IPv4.isValidFourPartDecimal(shown)) {
      return { allowed: false, reason: `"${text}" is not a dotted-quad IPv4 address` };
    }
    return judgeIpv4(address as ipaddr.IPv4, shown);
  }
  return judgeIpv6(address as ipaddr.IPv6, shown);
}

/** True when the probe may connect to `text`. */
export const isProbeableAddress = (text: string): boolean => probeAddressVerdict(text).allowed;
