import { COMPETITOR_PROFILES, moveToProvider } from '../../src/adapters/sandbox/competitors';
import { putSandboxRoute } from '../../src/adapters/sandbox/route-repository';
import { putSandboxZone } from '../../src/adapters/sandbox/zone-repository';
import { SANDBOX_NAMESERVERS } from '../../src/config/edge';
import type { Database } from '../../src/db/database';
import { mapConcurrent } from './watches';

/**
 * The population of domains the watches follow, in the sandbox internet: a few still on our edge, some dark
 * (nobody serves them: the registry answers NXDOMAIN), the rest spread over the competitor profiles customers
 * move to. Deterministic for a given size, so two runs watch the same world.
 */

/** Where one domain is served when the watches start. */
export type DomainPlacement = { kind: 'edge' } | { kind: 'dark' } | { kind: 'competitor'; provider: string };

/** One watched domain. */
export interface PlannedDomain {
  domain: string;
  placement: DomainPlacement;
}

/** Shares of the population (the rest goes to competitors, evenly). */
export interface DomainMix {
  edgeShare: number;
  darkShare: number;
}

/** A few hundred of 10,000 on our edge, 7% dark, the rest at competitors. */
export const DEFAULT_MIX: DomainMix = { edgeShare: 0.03, darkShare: 0.07 };

/** The domain name of watch `i` (under the sandbox's `example` registry, which answers NXDOMAIN for the dark). */
export function benchDomain(i: number): string {
  return `w${String(i).padStart(5, '0')}.bench.example`;
}

/** Plans `count` domains: edge first, then dark, then competitors in turn. */
export function planDomains(count: number, mix: DomainMix = DEFAULT_MIX): PlannedDomain[] {
  const edge = Math.round(count * mix.edgeShare);
  const dark = Math.round(count * mix.darkShare);
  return Array.from({ length: count }, (_, i): PlannedDomain => {
    const domain = benchDomain(i);
    if (i < edge) return { domain, placement: { kind: 'edge' } };
    if (i < edge + dark) return { domain, placement: { kind: 'dark' } };
    const profile = COMPETITOR_PROFILES[(i - edge - dark) % COMPETITOR_PROFILES.length];
    return { domain, placement: { kind: 'competitor', provider: profile?.id ?? 'cloudflare' } };
  });
}

/** How many of each placement (for the results file). */
export function countPlacements(domains: PlannedDomain[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of domains) {
    const key = d.placement.kind === 'competitor' ? d.placement.provider : d.placement.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Puts a domain on our sandbox edge (zone with our nameservers, and a proxied site), as a customer of ours. */
export async function putOnEdge(db: Database, domain: string, index: number): Promise<void> {
  const ns = SANDBOX_NAMESERVERS.map((n) => `${n}.`);
  const address = `192.0.2.${(index % 250) + 1}`;
  await putSandboxZone(db, 'edge', {
    name: domain,
    account: `acct-bench-${index}`,
    kind: 'Native',
    rrsets: [
      {
        name: domain,
        type: 'SOA',
        ttl: 3600,
        records: [`${ns[0]} hostmaster.${domain}. 2024010101 10800 3600 604800 300`],
      },
      { name: domain, type: 'NS', ttl: 3600, records: ns },
      { name: domain, type: 'A', ttl: 300, records: [address] },
      { name: `www.${domain}`, type: 'CNAME', ttl: 300, records: [`${domain}.`] },
    ],
  });
  await putSandboxRoute(db, {
    realm: 'edge',
    host: domain,
    account: `acct-bench-${index}`,
    provider: null,
    originUrl: null,
    title: `bench customer ${index}`,
  });
}

/**
 * Seeds the plan through the sandbox's own repositories (the same rows the demo and the case workflow use), at most
 * `concurrency` domains at a time (each domain's rows in order; the embedded PostgreSQL takes several connections).
 */
export async function seedDomains(
  db: Database,
  domains: PlannedDomain[],
  progress?: (done: number) => void,
  concurrency = 1,
): Promise<void> {
  let done = 0;
  await mapConcurrent(domains, Math.max(1, concurrency), async (d, i) => {
    if (d.placement.kind === 'edge') await putOnEdge(db, d.domain, i);
    else if (d.placement.kind === 'competitor') await moveToProvider(db, d.domain, d.placement.provider);
    if (++done % 1000 === 0) progress?.(done);
  });
}
