import { createHash } from 'node:crypto';
import type { Database } from '../../db/database';
import type { RRset } from '../edge/provider';
import { deleteSandboxRoute, putSandboxRoute } from './route-repository';
import { deleteSandboxZone, putSandboxZone } from './zone-repository';

/**
 * "The rest of the internet" in the sandbox: providers a terminated customer typically moves to, with the
 * signals a migration probe fingerprints (nameserver names, address ranges, response headers, cookies). The
 * names and headers follow each provider's public behaviour; DDoS-Guard (185.178.208.0/23 and 45.10.240.0/22,
 * announced by AS57724) and Cloudflare (104.16.0.0/13, 172.64.0.0/13, 2606:4700::/32) addresses come from ranges
 * in the fingerprint database's sources, the others are documentation addresses (RFC 5737), so those providers
 * are recognised by their nameservers and headers.
 */

/** How a provider looks from outside. */
export interface CompetitorProfile {
  id: string;
  name: string;
  nameservers: string[];
  /** Addresses answered for the customer's names (picked per domain, stable). */
  ipv4: string[];
  ipv6: string[];
  /** Response headers of its HTTP front (lower-case names). */
  headers: Record<string, string>;
  /** Cookie set on every response (`name=value; attributes`), `{token}` replaced per response. */
  cookie: string | null;
}

/** Built-in profiles. */
export const COMPETITOR_PROFILES: readonly CompetitorProfile[] = [
  {
    id: 'ddos-guard',
    name: 'DDoS-Guard',
    nameservers: ['ns1.ddos-guard.net', 'ns2.ddos-guard.net'],
    ipv4: ['185.178.208.116', '45.10.241.71'],
    ipv6: [],
    headers: { server: 'ddos-guard', 'cache-control': 'no-cache' },
    cookie: '__ddg1_={token}; Domain=.{host}; HttpOnly; Path=/; Expires=Fri, 01-Jan-2100 00:00:00 GMT',
  },
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    nameservers: ['amy.ns.cloudflare.com', 'rob.ns.cloudflare.com'],
    ipv4: ['104.21.48.7', '172.67.154.12'],
    ipv6: ['2606:4700:3031::6815:3007'],
    headers: { server: 'cloudflare', 'cf-ray': '{token}-AMS', 'cf-cache-status': 'DYNAMIC' },
    cookie: '__cf_bm={token}; path=/; expires=Fri, 01-Jan-2100 00:00:00 GMT; domain=.{host}; HttpOnly; Secure',
  },
  {
    id: 'njalla',
    name: 'Njalla',
    nameservers: ['1-you.njalla.no', '2-can.njalla.in', '3-get.njalla.fo'],
    ipv4: ['198.51.100.44'],
    ipv6: [],
    headers: { server: 'nginx' },
    cookie: null,
  },
  {
    id: 'self-hosted',
    name: 'Self-hosted (unknown provider)',
    nameservers: ['ns1.{domain}', 'ns2.{domain}'],
    ipv4: ['203.0.113.80'],
    ipv6: [],
    headers: { server: 'Apache/2.4.62 (Debian)' },
    cookie: null,
  },
];

/** The profile with this id; throws naming the known ones. */
export function competitorProfile(id: string): CompetitorProfile {
  const p = COMPETITOR_PROFILES.find((c) => c.id === id);
  if (!p)
    throw new Error(`unknown competitor profile "${id}" (known: ${COMPETITOR_PROFILES.map((c) => c.id).join(', ')})`);
  return p;
}

function pick<T>(items: T[], domain: string): T | undefined {
  const n = createHash('sha256').update(domain).digest().readUInt32BE(0);
  return items[n % Math.max(items.length, 1)];
}

/** The zone a profile serves for `domain`: SOA, NS, apex and `www` addresses. */
export function competitorZone(domain: string, profile: CompetitorProfile): RRset[] {
  const ns = profile.nameservers.map((n) => n.replace('{domain}', domain));
  const v4 = pick(profile.ipv4, domain);
  const v6 = pick(profile.ipv6, domain);
  const rrsets: RRset[] = [
    { name: domain, type: 'SOA', ttl: 3600, records: [`${ns[0]}. hostmaster.${domain}. 1 7200 3600 1209600 300`] },
    { name: domain, type: 'NS', ttl: 3600, records: ns.map((n) => `${n}.`) },
    { name: `www.${domain}`, type: 'CNAME', ttl: 300, records: [`${domain}.`] },
  ];
  if (v4) rrsets.push({ name: domain, type: 'A', ttl: 300, records: [v4] });
  if (v6) rrsets.push({ name: domain, type: 'AAAA', ttl: 300, records: [v6] });
  if (profile.id === 'self-hosted' && v4) {
    rrsets.push(
      { name: `ns1.${domain}`, type: 'A', ttl: 300, records: [v4] },
      { name: `ns2.${domain}`, type: 'A', ttl: 300, records: [v4] },
    );
  }
  return rrsets;
}

/**
 * Puts `domain` on a competitor in the sandbox internet: its zone at the provider's nameservers and its site
 * (apex and `www`) behind the provider's front. Replaces any earlier move (a customer can move again).
 * Our own edge is untouched: revocation is the case's job.
 */
export async function moveToProvider(db: Database, domain: string, profileId: string): Promise<CompetitorProfile> {
  const profile = competitorProfile(profileId);
  await putSandboxZone(
    db,
    'internet',
    { name: domain, account: null, kind: 'Native', rrsets: competitorZone(domain, profile) },
    profile.id,
  );
  for (const host of [domain, `www.${domain}`]) {
    await putSandboxRoute(db, {
      realm: 'internet',
      host,
      account: null,
      provider: profile.id,
      originUrl: null,
      title: null,
    });
  }
  return profile;
}

/** Takes `domain` off the sandbox internet (the site goes dark everywhere but possibly on our edge). */
export async function removeFromInternet(db: Database, domain: string): Promise<void> {
  await deleteSandboxZone(db, 'internet', domain);
  for (const host of [domain, `www.${domain}`]) await deleteSandboxRoute(db, 'internet', host);
}
