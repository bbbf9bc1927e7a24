import type { DecisionGround } from './vocabularies';
import type { ServiceKind } from './case-types';

/** What an account case ends, as the notice and the statement name it. */
export interface AffectedItems {
  accounts: string[];
  /** Zones and proxied hostnames the decision ends (found on our edge, less the exclusions). */
  items: number;
  /** The first names found. */
  sample: string[];
  /** Names staff left in service, with why. */
  exclusions: { name: string; reason: string }[];
}

/** One paragraph naming what an account case ends (the notice and the DSA statement's facts use it). */
export function describeAffected(a: AffectedItems): string {
  const some = a.sample.length ? `, including ${a.sample.join(', ')}` : '';
  const kept = a.exclusions.length
    ? ` Not affected: ${a.exclusions.map((e) => `${e.name} (${e.reason})`).join('; ')}.`
    : '';
  return `Every zone and proxied hostname of account(s) ${a.accounts.join(', ')} on our network: ${a.items} name(s)${some}.${kept}`;
}

/**
 * The statement of reasons for a decision, as data (EU DSA Art. 17 fields). The customer notice renders it;
 * the DSA transparency-database export maps it. Built by the case workflow from the case state.
 */
export interface StatementOfReasons {
  caseId: string;
  accountId: string;
  accountName: string;
  /** What ends: which services, for which domains. */
  decision: { services: ServiceKind[]; domains: string[] };
  /** Account cases: every zone and proxied hostname of these accounts ends, except the exclusions (named with their
   * reasons). Counts and the first names only: the full list is paged from the case's items. */
  affected?: AffectedItems;
  /** The facts and circumstances relied on (investigator findings summary). */
  facts: string;
  /** Where the case came from, for people (Art. 17(3)(b): whether a notice or an order led to the decision).
   * Absent in statements issued before sources were recorded. */
  source?: string;
  /** Evidence references shown to the customer (hashes or public URLs; never internal paths). */
  evidence: string[];
  /** `illegal_content` or `incompatible_content` (terms of service). */
  ground: DecisionGround;
  /** Legal ground or contractual clause, human readable. */
  groundExplanation: string;
  policy: { version: string; clause: string; category: string; dsaCategory: string };
  automatedDetection: boolean;
  automatedDecision: boolean;
  /** When service ends: the instant (UTC ISO) and the local rendering in the stated zone. */
  effective: { at: string; timeZone: string; localTime: string };
  /** How and until when the customer can appeal. */
  appeal: { until: string; how: string };
}
