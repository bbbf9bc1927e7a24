import type { HoldKind, Principal, Role } from '../case-types';
import type { DecisionGround } from '../policy/policy-types';

/**
 * Inputs of the human decisions on a case (the `terminationCase` updates). Plain data, checked by the pure rules
 * in `case-rules.ts` from the workflow's update validators, so the same rules hold whatever the entry point.
 */

/**
 * Every update carries who acts and as which role. `principal` comes from the authenticated caller (the API
 * never takes it from a request body); `role` must be one of `principal.roles`.
 */
export interface Actor {
  principal: Principal;
  role: Role;
}

/** Investigator's findings; moves the case from `investigating` to `legal_review`. */
export interface SubmitFindingsInput extends Actor {
  facts: string;
  /** Evidence references (hashes from the evidence store, or public URLs). */
  evidence: string[];
  reasons: string;
}

/** Legal approves (with the ground) or rejects (the case closes as `rejected`). */
export interface LegalDecisionInput extends Actor {
  decision: 'approve' | 'reject';
  reasons: string;
  /** Required when approving: the ground stated to the customer. Defaults to the category's ground. */
  ground?: DecisionGround;
  groundExplanation?: string;
}

/** A further required approver (the T&S lead) confirms or refuses legal's approval. */
export interface SecondApprovalInput extends Actor {
  decision: 'approve' | 'reject';
  reasons: string;
}

/** An appeal on the customer's behalf (staff record it; the customer is not a principal). */
export interface FileAppealInput extends Actor {
  text: string;
}

/** An appeals reviewer who approved nothing in this case decides the open appeal. */
export interface DecideAppealInput extends Actor {
  appealId: string;
  outcome: 'upheld' | 'denied';
  reasons: string;
}

/** A law-enforcement hold arriving during the case. */
export interface PlaceHoldInput extends Actor {
  kind: HoldKind;
  reference: string;
  agencyContact: string;
  /** ISO instant; preservation holds at most 90 days after placement. */
  expiresAt: string;
  reasons: string;
}

/** Releases a hold before its expiry. */
export interface ReleaseHoldInput extends Actor {
  holdId: string;
  reasons: string;
}

/** One approval of an expedite (imminent threat: cut now); two distinct approvers make it effective. */
export interface ExpediteInput extends Actor {
  reasons: string;
}

/** Withdraws the case before service ends (outcome `withdrawn`). */
export interface WithdrawInput extends Actor {
  reasons: string;
}

/** Adds an alias or mirror to the domain family (revoked with the rest, or watched if already revoked). */
export interface AddDomainAliasInput extends Actor {
  domain: string;
  reasons: string;
}

/** After an undeliverable notice: try again, optionally with corrected contacts. */
export interface RetryNoticeInput extends Actor {
  contacts?: string[];
  reasons: string;
}

/** After a revocation step escalated to a human: try the failed steps again. */
export interface RetryRevocationInput extends Actor {
  reasons: string;
}

/** Staff end monitoring before the follow-up period does; the case then closes. */
export interface EndMonitoringInput extends Actor {
  reasons: string;
}
