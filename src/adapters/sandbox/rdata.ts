import { isIPv4, isIPv6 } from 'node:net';
import type { Answer } from 'dns-packet';

/**
 * Presentation-format record contents (the PowerDNS spelling the sandbox stores) turned into `dns-packet`
 * answers. The sandbox refuses on write what it could not serve, as PowerDNS does, so a bad record is found when
 * it is put, not when a probe asks.
 */

/** The record types the sandbox serves. */
export const SANDBOX_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'NS', 'MX', 'TXT', 'SOA', 'SRV', 'CAA', 'PTR'] as const;

function host(text: string | undefined, what: string): string {
  if (!text || !/^[A-Za-z0-9_*.-]+$/.test(text)) throw new Error(`${what} "${text ?? ''}" is not a host name`);
  const bare = text.endsWith('.') ? text.slice(0, -1) : text;
  return bare.toLowerCase();
}

function int(text: string | undefined, what: string, max = 0xffffffff): number {
  const n = Number(text);
  if (!text || !/^\d+$/.test(text) || n > max) throw new Error(`${what} "${text ?? ''}" is not a number up to ${max}`);
  return n;
}

/** Splits TXT content into its quoted character-strings (`"a b" "c"` -> [`a b`, `c`]), honouring `\"` and `\\`. */
export function parseTxt(content: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  let rest = content;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    out.push((m[1] ?? '').replace(/\\(["\\])/g, '$1'));
    rest = rest.replace(m[0], '');
  }
  if (out.length === 0 || rest.trim() !== '')
    throw new Error(`TXT content ${JSON.stringify(content)} must be quoted strings`);
  return out;
}

/** The `dns-packet` answer for one record; throws a message naming the problem when the content is malformed. */
export function toAnswer(name: string, type: string, ttl: number, content: string): Answer {
  const f = content.trim().split(/\s+/);
  switch (type) {
    case 'A':
      if (!isIPv4(content.trim())) throw new Error(`A content "${content}" is not an IPv4 address`);
      return { name, type, ttl, data: content.trim() };
    case 'AAAA':
      if (!isIPv6(content.trim())) throw new Error(`AAAA content "${content}" is not an IPv6 address`);
      return { name, type, ttl, data: content.trim() };
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return { name, type, ttl, data: host(f[0], `${type} target`) };
    case 'MX':
      return {
        name,
        type,
        ttl,
        data: { preference: int(f[0], 'MX preference', 65535), exchange: host(f[1], 'MX exchange') },
      };
    case 'TXT':
      return { name, type, ttl, data: parseTxt(content) };
    case 'SRV':
      return {
        name,
        type,
        ttl,
        data: {
          priority: int(f[0], 'SRV priority', 65535),
          weight: int(f[1], 'SRV weight', 65535),
          port: int(f[2], 'SRV port', 65535),
          target: host(f[3], 'SRV target'),
        },
      };
    case 'CAA': {
      const tag = f[1];
      if (tag !== 'issue' && tag !== 'issuewild' && tag !== 'iodef')
        throw new Error(`CAA tag "${tag ?? ''}" is unknown`);
      const value = parseTxt(f.slice(2).join(' ')).join('');
      return { name, type, ttl, data: { flags: int(f[0], 'CAA flags', 255), tag, value } };
    }
    case 'SOA':
      if (f.length !== 7) throw new Error(`SOA content "${content}" must have 7 fields`);
      return {
        name,
        type,
        ttl,
        data: {
          mname: host(f[0], 'SOA mname'),
          rname: host(f[1], 'SOA rname'),
          serial: int(f[2], 'SOA serial'),
          refresh: int(f[3], 'SOA refresh'),
          retry: int(f[4], 'SOA retry'),
          expire: int(f[5], 'SOA expire'),
          minimum: int(f[6], 'SOA minimum'),
        },
      };
    default:
      throw new Error(
        `record type ${type} is not served by the sandbox (supported: ${SANDBOX_RECORD_TYPES.join(', ')})`,
      );
  }
}
