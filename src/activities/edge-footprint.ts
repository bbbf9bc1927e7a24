import { ApplicationFailure } from '@temporalio/common';
import type { EdgeProviders, ProxyRoute } from '../adapters/edge/provider';
import type { ServiceKind } from '../domain/case-types';
import { FailureType } from '../domain/failures';
import { canonicalProviderName, normalizeDomainName } from '../domain/footprint/domain-name';
import {
  planFootprint,
  type EdgeInventory,
  type FootprintPlan,
  type FootprintViolation,
} from '../domain/footprint/footprint-plan';

/**
 * The edge activities' guard rails: names are normalised and checked before anything is read or changed, and the
 * footprint rules run on what the providers report now (ownership can change between snapshot and cutoff).
 * Refusals are non-retryable with the failure type the case workflow escalates on.
 */

/** Canonical names for the case's domains, or one failure listing every bad one. */
export function normalizeCaseDomains(domains: string[], extraPublicSuffixes: readonly string[]): string[] {
  const names: string[] = [];
  const invalid: string[] = [];
  const footprint: string[] = [];
  for (const d of domains) {
    const r = normalizeDomainName(d, extraPublicSuffixes);
    if (r.ok) names.push(r.name);
    else (r.problem.kind === 'footprint' ? footprint : invalid).push(r.problem.message);
  }
  if (footprint.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `refused: ${[...footprint, ...invalid].join('; ')}`,
      FailureType.FootprintViolation,
      {
        problems: [...footprint, ...invalid],
      },
    );
  }
  if (invalid.length > 0)
    throw ApplicationFailure.nonRetryable(`invalid domain: ${invalid.join('; ')}`, FailureType.InvalidInput, {
      problems: invalid,
    });
  return [...new Set(names)];
}

/** Refuses with every violation spelled out. */
export function footprintFailure(violations: FootprintViolation[]): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `refused, outside the customer's footprint: ${violations.map((v) => v.message).join('; ')}`,
    FailureType.FootprintViolation,
    {
      violations,
    },
  );
}

/** What the providers hold now, for the services asked (the other side is not read). */
export async function readInventory(
  providers: EdgeProviders,
  services: ServiceKind[],
): Promise<{ inventory: EdgeInventory; routes: ProxyRoute[] }> {
  const zones = services.includes('dns') ? await providers.dns.listZones() : [];
  const routes = services.includes('proxy') ? await providers.proxy.listRoutes() : [];
  return {
    inventory: {
      zones: zones.map((z) => ({ name: canonicalProviderName(z.name), account: z.account })),
      hosts: routes.flatMap((r) =>
        r.hosts.map((host) => ({ host: canonicalProviderName(host), routeId: r.id, account: r.account })),
      ),
    },
    routes,
  };
}

/** The footprint plan on live data (optionally for one domain of the case); refused on any violation. */
export function planOrRefuse(
  input: {
    accountId: string;
    domains: string[];
    services: ServiceKind[];
    inventory: EdgeInventory;
    extraPublicSuffixes: readonly string[];
  },
  onlyDomain?: string,
): FootprintPlan {
  const decision = planFootprint({ ...input, only: onlyDomain === undefined ? undefined : [onlyDomain] });
  if (!decision.ok) throw footprintFailure(decision.violations);
  return decision.plan;
}
