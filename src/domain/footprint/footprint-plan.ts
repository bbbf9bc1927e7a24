import type { ServiceKind } from '../case-types';
import { isAtOrBelow, isStrictlyBelow, selfAndAncestors } from './domain-name';
import { isPublicSuffix } from './public-suffixes';

/**
 * Decides which parts of the edge a case may touch. The edge's own records say who owns what (a zone's account,
 * a proxy route's account); the case names domains. Only what is provably the case account's, and whose removal
 * cannot break another customer, is planned; everything else is refused with a reason a person can act on.
 */

/** A zone on our edge and the account the provider records as its owner (null: nobody recorded). */
export interface OwnedZone {
  name: string;
  account: string | null;
}

/** A proxy host matcher on our edge (`forum.example` or `*.forum.example`), its route and owner. */
export interface OwnedHost {
  host: string;
  routeId: string;
  account: string | null;
}

/** What the providers report, in canonical names. */
export interface EdgeInventory {
  zones: OwnedZone[];
  hosts: OwnedHost[];
}

/** For one case domain: the zones to delete and the route hosts to remove. */
export interface DomainFootprint {
  domain: string;
  zones: string[];
  routes: { routeId: string; host: string }[];
}

/** The whole plan for a case; `notOnEdge` lists domains with nothing of the requested services on our edge. */
export interface FootprintPlan {
  domains: DomainFootprint[];
  notOnEdge: string[];
}

/** Why a case may not touch something. */
export interface FootprintViolation {
  domain: string;
  code:
    | 'zone_of_other_account'
    | 'zone_apex_not_in_case'
    | 'parent_of_other_customers'
    | 'host_of_other_account'
    | 'zone_is_public_suffix';
  message: string;
}

/** A plan, or every violation found (all of them, so a person fixes the case once). */
export type FootprintDecision = { ok: true; plan: FootprintPlan } | { ok: false; violations: FootprintViolation[] };

/** Input of {@link planFootprint}; `domains` must already be canonical (see `normalizeDomainName`). */
export interface PlanFootprintInput {
  accountId: string;
  domains: string[];
  services: ServiceKind[];
  inventory: EdgeInventory;
  extraPublicSuffixes?: readonly string[];
  /** Plan only these of `domains` (a revoke acts on one domain, but the rules still see the whole case). */
  only?: string[];
}

function ownerText(account: string | null): string {
  return account === null ? 'has no recorded owner' : `belongs to account ${account}`;
}

/** The base name a host matcher covers: `*.forum.example` covers names below `forum.example`. */
export function hostPatternBase(host: string): { base: string; wildcard: boolean } {
  return host.startsWith('*.') ? { base: host.slice(2), wildcard: true } : { base: host, wildcard: false };
}

function planDns(input: PlanFootprintInput, domain: string, violations: FootprintViolation[]): string[] {
  const { accountId, inventory } = input;
  const byName = new Map(inventory.zones.map((z) => [z.name, z]));
  const containing = selfAndAncestors(domain)
    .map((n) => byName.get(n))
    .find((z) => z !== undefined);
  const zones: OwnedZone[] = [];
  if (containing) {
    if (containing.account !== accountId) {
      violations.push({
        domain,
        code: 'zone_of_other_account',
        message: `${domain} is served from zone ${containing.name}, which ${ownerText(containing.account)}, not to ${accountId}`,
      });
      return [];
    }
    if (containing.name !== domain && !input.domains.includes(containing.name)) {
      violations.push({
        domain,
        code: 'zone_apex_not_in_case',
        message: `${domain} is served from zone ${containing.name}, which the case does not name; removing the zone would end more than the case asks (add ${containing.name} to the domain family, or change that record by hand)`,
      });
      return [];
    }
    zones.push(containing);
  }
  for (const z of inventory.zones) {
    if (z !== containing && isStrictlyBelow(z.name, domain) && z.account === accountId) zones.push(z);
  }
  for (const zone of zones) {
    if (isPublicSuffix(zone.name, input.extraPublicSuffixes) || !zone.name.includes('.')) {
      violations.push({
        domain,
        code: 'zone_is_public_suffix',
        message: `zone ${zone.name} is a public suffix or top-level domain; it is never removed by a case`,
      });
    }
    const others = inventory.zones.filter((z) => isStrictlyBelow(z.name, zone.name) && z.account !== accountId);
    for (const other of others) {
      violations.push({
        domain,
        code: 'parent_of_other_customers',
        message: `zone ${zone.name} is the parent of zone ${other.name}, which ${ownerText(other.account)}; removing it would break that customer`,
      });
    }
  }
  return zones.map((z) => z.name).sort();
}

function planProxy(input: PlanFootprintInput, domain: string, violations: FootprintViolation[]) {
  const routes: { routeId: string; host: string }[] = [];
  for (const h of input.inventory.hosts) {
    const { base, wildcard } = hostPatternBase(h.host);
    if (!isAtOrBelow(base, domain)) continue;
    if (h.account === input.accountId) {
      routes.push({ routeId: h.routeId, host: h.host });
    } else if (!wildcard && base === domain) {
      violations.push({
        domain,
        code: 'host_of_other_account',
        message: `proxy host ${domain} (route ${h.routeId}) ${ownerText(h.account)}, not to ${input.accountId}`,
      });
    }
  }
  return routes.sort((a, b) => (a.host + a.routeId).localeCompare(b.host + b.routeId));
}

/**
 * Plans a case's footprint: per domain, the zone serving it (when the account owns it and the case names its
 * apex) and the account's zones below it, and the account's proxy host matchers at or below it. Refuses a zone or host owned by someone else,
 * a zone that is the parent of another customer's zone, and public-suffix zones.
 */
export function planFootprint(input: PlanFootprintInput): FootprintDecision {
  const violations: FootprintViolation[] = [];
  const domains: DomainFootprint[] = [];
  const notOnEdge: string[] = [];
  const planned = input.only ? input.domains.filter((d) => input.only?.includes(d)) : input.domains;
  for (const domain of [...new Set(planned)]) {
    const zones = input.services.includes('dns') ? planDns(input, domain, violations) : [];
    const routes = input.services.includes('proxy') ? planProxy(input, domain, violations) : [];
    domains.push({ domain, zones, routes });
    if (zones.length === 0 && routes.length === 0) notOnEdge.push(domain);
  }
  return violations.length > 0 ? { ok: false, violations } : { ok: true, plan: { domains, notOnEdge } };
}
