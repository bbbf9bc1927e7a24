import type { DecisionGround } from './vocabularies';
import type { ServiceKind } from './case-types';

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
