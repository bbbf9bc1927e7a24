import type { DecisionGround } from '../vocabularies';
import type { Role } from '../case-types';
import type { DsaCategory, DsaKeyword } from '../dsa/dsa-schema';

/**
 * The policy document as data: what makes decisions consistent and explainable. It is parsed and validated at
 * the edge (`src/config/policy.ts`); workflows only ever see a {@link CasePolicy} resolved by an activity, so a
 * policy change never alters a running case's history on replay.
 */

/** The transparency database's categories and keywords a policy category maps to (one versioned list). */
export { DSA_CATEGORIES, type DsaCategory, type DsaKeyword } from '../dsa/dsa-schema';

/** DSA Art. 17(3)(d)/(e): illegal under a law, or incompatible with our terms. */
export type { DecisionGround };

/** How a local cutoff time that does not exist (spring-forward gap) is settled. */
export type NonexistentLocalTimeRule = 'shift_forward' | 'reject';
/** How a local cutoff time that happens twice (fall-back overlap) is settled. */
export type AmbiguousLocalTimeRule = 'earlier' | 'later';

/** A duration as written in the document (ISO 8601) and as milliseconds (what workflow arithmetic uses). */
export interface PolicyDuration {
  iso: string;
  ms: number;
}

/** The clause a decision is taken under, quoted in the statement of reasons. */
export interface PolicyClause {
  id: string;
  text: string;
}

/** One category as written in the policy document. */
export interface CategoryPolicy {
  id: string;
  title: string;
  dsaCategory: DsaCategory;
  /** Keywords of {@link dsaCategory} (`category_specification`) that describe the category more closely. */
  dsaKeywords?: DsaKeyword[];
  ground: DecisionGround;
  /** The law relied on when the ground is illegal content (the statement's legal ground), unless legal states
   * another in the case. Required by the loader for an `illegal_content` category. */
  legalGround?: string;
  clause: PolicyClause;
  /** The customer always gets at least this long between the notice and the cutoff (unless expedited). */
  minimumNotice: PolicyDuration;
  /** One approval per role, each by a distinct principal, none of them the requester. */
  requiredApproverRoles: Role[];
  /** Whether an imminent threat may cut service now (still two distinct approvers). */
  expediteAllowed: boolean;
  /** Appeals are accepted from the notice until this long after it. */
  appealWindow: PolicyDuration;
  /** How long the domains are watched after the cutoff. */
  followUpPeriod: PolicyDuration;
  /** Whether service may end when the notice could not be delivered (otherwise a human must act). */
  revokeWithoutDeliveredNotice: boolean;
}

/** Legal-review reminders: a durable timer, not a cron job. */
export interface LegalReviewReminders {
  firstAfter: PolicyDuration;
  every: PolicyDuration;
  /** Bounded so a forgotten case cannot grow its history without end. */
  maxReminders: number;
}

/** The whole document, validated. */
export interface PolicyDocument {
  version: string;
  effectiveFrom: string;
  legalReview: LegalReviewReminders;
  cutoff: {
    nonexistentLocalTime: NonexistentLocalTimeRule;
    ambiguousLocalTime: AmbiguousLocalTimeRule;
    /** How far ahead a requested cutoff may lie (absent in documents and cases from before it: 90 days). */
    maxAhead?: PolicyDuration;
  };
  /** Where customers are told to appeal (a URL or an address), quoted in every notice. */
  appealInstructions: string;
  /** How revocation runs; absent in documents from before account cases (their default applies). */
  revocation?: RevocationPolicy;
  categories: CategoryPolicy[];
}

/** How an account case's names are revoked: how many one heartbeating batch activity takes. */
export interface RevocationPolicy {
  accountBatchSize: number;
}

/**
 * What one case is decided under: one category of one document version, copied into the case at intake so the
 * case record says exactly which version and clause applied.
 */
export interface CasePolicy {
  version: string;
  category: CategoryPolicy;
  legalReview: LegalReviewReminders;
  cutoff: PolicyDocument['cutoff'];
  appealInstructions: string;
  revocation?: RevocationPolicy;
}
