import { parse } from 'tldts';
import { normalizeDomainName } from './footprint/domain-name';

/**
 * A customer's domain as a case stores it. One spelling (trimmed, case- and Unicode-folded, one trailing dot
 * dropped, IDN labels in punycode by the domain's own RFC 3492 encoder, so the API, the CLI and the workflow
 * compute the same string without `node:url`), and only names one customer can own: IP literals, special-use
 * names (`.local`, `.onion`, ...), public suffixes (ICANN and private sections of the Public Suffix List shipped with
 * `tldts`) and names with no registrable domain are refused with the reason. Pure and deterministic: the workflow's validators run it.
 */

/** Either the stored spelling or why the name cannot be a customer's domain. */
export type CustomerDomain = { ok: true; name: string } | { ok: false; reason: string };

/** Checks `raw` as a customer's domain; `name` is what the case stores. */
export function checkCustomerDomain(raw: unknown): CustomerDomain {
  if (typeof raw !== 'string') return { ok: false, reason: 'a domain name is required' };
  const shown = JSON.stringify(raw);
  if (isIpLiteral(raw)) return { ok: false, reason: `${shown} is an IP address, not a domain name` };
  const base = normalizeDomainName(raw);
  if (!base.ok) return { ok: false, reason: base.problem.message };
  const name = base.name;
  const special = specialUseName(name);
  if (special) return { ok: false, reason: `${shown} is ${special}: no customer can hold it on the public DNS` };
  const psl = parse(name, { allowPrivateDomains: true, extractHostname: false });
  if (psl.isIp) return { ok: false, reason: `${shown} is an IP address, not a domain name` };
  if (psl.publicSuffix === name) {
    const section = psl.isPrivate ? 'private' : 'ICANN';
    return {
      ok: false,
      reason: `${shown} is a public suffix (${section} section of the Public Suffix List): unrelated customers register names under it`,
    };
  }
  if (!psl.domain) return { ok: false, reason: `${shown} has no registrable domain under a public suffix` };
  return { ok: true, name };
}

/**
 * Names reserved for uses other than the public DNS, which the Public Suffix List's default rule would take for
 * ordinary top-level domains (IANA Special-Use Domain Names registry, and ICANN's reservation of `internal`).
 * `example` and `test` (RFC 6761) stay accepted: they are the names documentation, the sandbox internet and the
 * tests use for "a customer somewhere". Written by hand from the registry
 * (https://www.iana.org/assignments/special-use-domain-names) and ICANN's public comment proceeding "Proposed
 * Top-Level Domain String for Private Use" (2024); each entry names its source.
 */
const SPECIAL_USE: readonly (readonly [suffix: string, what: string])[] = [
  ['localhost', 'a loopback name (RFC 6761)'],
  ['invalid', 'a name reserved to be invalid (RFC 6761)'],
  ['local', 'a multicast DNS name (RFC 6762)'],
  ['onion', 'a Tor onion service name (RFC 7686)'],
  ['alt', 'a name outside the DNS namespace (RFC 9476)'],
  ['home.arpa', 'a home network name (RFC 8375)'],
  ['internal', 'a private-use name (SAC113; reserved by ICANN in 2024, never delegated)'],
];

/** What `name` is reserved for when it is under a special-use suffix, or null. */
function specialUseName(name: string): string | null {
  const hit = SPECIAL_USE.find(([suffix]) => name === suffix || name.endsWith(`.${suffix}`));
  return hit ? hit[1] : null;
}

/** An IPv4 or IPv6 literal, bracketed or not (`::1`, `[2001:db8::1]`, `192.0.2.1.`). */
function isIpLiteral(raw: string): boolean {
  const bare = raw
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  return parse(bare, { extractHostname: false }).isIp === true;
}

/** Why `raw` cannot be a customer's domain, or `null` when it can. */
export function domainNameProblem(raw: unknown): string | null {
  const result = checkCustomerDomain(raw);
  return result.ok ? null : result.reason;
}

/**
 * The stored spelling of a name already checked; a name that fails the check keeps a best-effort spelling
 * (trimmed, lower-case, one trailing dot dropped) so a transition never throws.
 */
export function normaliseDomain(raw: string): string {
  const result = checkCustomerDomain(raw);
  if (result.ok) return result.name;
  return typeof raw === 'string' ? raw.trim().toLowerCase().replace(/\.$/, '') : '';
}
