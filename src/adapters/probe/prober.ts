import { isNonPublicAddress } from '../../domain/fingerprints/ip';
import type { Observation } from '../../domain/fingerprints/observation';
import { isProbeableAddress } from './address-policy';
import { createDnsClient } from './dns-client';
import { probeDns } from './dns-probe';
import { type ConnectTo, probeHttp } from './http-probe';
import { parseResolverAddress, type ResolverAddress, systemResolvers } from './resolver-address';

/**
 * Observes a domain from outside, as a visitor would: the delegation (NS, SOA), addresses and CNAME chain
 * through a configurable resolver, then HTTP(S) at the first public address. Every step has an explicit
 * timeout, so one observation takes at most about `dnsTimeoutMs * dnsAttempts * (1 + CNAME hops)` plus
 * `httpTimeoutMs`; it never throws for what the network does (that is recorded as unknown).
 */

/** How to observe. Defaults: system resolvers, 2 s per DNS attempt, 2 attempts, 5 s per HTTP request. */
export interface ProberOptions {
  /** `host:port` strings or parsed addresses; empty or absent = the system's resolvers. */
  resolvers?: (string | ResolverAddress)[];
  dnsTimeoutMs?: number;
  dnsAttempts?: number;
  httpTimeoutMs?: number;
  /** Schemes to request, in order; `[]` turns HTTP probing off. */
  schemes?: ('http' | 'https')[];
  /**
   * Connect here instead of the resolved address (the sandbox proxy); per scheme or for both. Without it the
   * probe connects only to addresses the IANA special-purpose policy allows (`address-policy.ts`); with it the
   * connection goes to this configured host, and a resolved address only has to look public the way the
   * classifier judges it (documentation ranges, the sandbox's addresses, count).
   */
  connectTo?: ConnectTo | { http?: ConnectTo; https?: ConnectTo };
  now?: () => Date;
}

/** Observes domains. */
export interface Prober {
  observe(domain: string): Promise<Observation>;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** Lower-cases and checks a domain; throws naming it when it cannot be a host name. */
export function normalizeDomain(input: string): string {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN.test(domain)) throw new Error(`"${input}" is not a domain name`);
  return domain;
}

function connectFor(options: ProberOptions, scheme: 'http' | 'https'): ConnectTo | undefined {
  const c = options.connectTo;
  if (!c) return undefined;
  if ('host' in c) return c;
  return c[scheme];
}

/** Builds a prober; throws at once on a malformed resolver. */
export function createProber(options: ProberOptions = {}): Prober {
  const given = (options.resolvers ?? []).map((r) => (typeof r === 'string' ? parseResolverAddress(r) : r));
  const client = createDnsClient({
    servers: given.length > 0 ? given : systemResolvers(),
    timeoutMs: options.dnsTimeoutMs ?? 2000,
    attempts: options.dnsAttempts ?? 2,
  });
  const schemes = options.schemes ?? ['https', 'http'];
  const now = options.now ?? (() => new Date());
  return {
    async observe(input) {
      const domain = normalizeDomain(input);
      const observedAt = now().toISOString();
      const dns = await probeDns(client, domain);
      const addresses = [dns.a, dns.aaaa]
        .flatMap((x) => (x.status === 'ok' ? x.records : []))
        .filter(options.connectTo ? (a) => !isNonPublicAddress(a) : isProbeableAddress);
      const address = addresses[0];
      const http =
        address === undefined
          ? []
          : await Promise.all(
              schemes.map((scheme) =>
                probeHttp({
                  domain,
                  scheme,
                  address,
                  connectTo: connectFor(options, scheme),
                  timeoutMs: options.httpTimeoutMs ?? 5000,
                }),
              ),
            );
      return { domain, observedAt, ...dns, http };
    },
  };
}
