import { getServers } from 'node:dns';

/** A DNS server to send queries to. */
export interface ResolverAddress {
  host: string;
  port: number;
}

/**
 * Parses `host`, `host:port`, `[v6]` or `[v6]:port` (port 53 when absent). Throws naming the bad value: a
 * resolver typo must stop `terminus probe` or the worker at once, not make every probe "unknown".
 */
export function parseResolverAddress(text: string): ResolverAddress {
  const trimmed = text.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(trimmed);
  const plain = /^([^\s:[\]]+)(?::(\d{1,5}))?$/.exec(trimmed);
  const bareV6 = /^[0-9a-fA-F:]+$/.test(trimmed) && trimmed.includes('::') ? [trimmed, trimmed, undefined] : null;
  const match = bracketed ?? plain ?? bareV6;
  if (!match || !match[1]) throw new Error(`resolver "${text}": expected host:port (e.g. 127.0.0.1:5353 or [::1]:53)`);
  const port = match[2] === undefined ? 53 : Number(match[2]);
  if (port < 1 || port > 65535) throw new Error(`resolver "${text}": port ${port} is out of range`);
  return { host: match[1], port };
}

/** The system's configured resolvers (`/etc/resolv.conf` on Linux), as Node sees them. */
export function systemResolvers(): ResolverAddress[] {
  return getServers().map(parseResolverAddress);
}
