/**
 * Every closed vocabulary of terminus, once, as `as const` lists with their types derived from them. The workflow,
 * the API's zod enums and OpenAPI document, the CLI's choices and the policy loader all import these lists, so a
 * value added here is accepted everywhere at once and a value removed is refused everywhere at once.
 */

/** Roles a principal can hold (DESIGN.md, "Who uses it"); checked by the API and again in the update validators. */
export const ROLES = ['requester', 'investigator', 'legal', 'tns_lead', 'appeals', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see every case; a principal holding only `requester` sees the cases it opened. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'requester');

/** Roles a policy may require as approvers of a termination (legal first, then the others). */
export const APPROVER_ROLES = ['legal', 'tns_lead'] as const satisfies readonly Role[];

/** Where a case stands, in order; also the `TerminusStage` search attribute. */
export const STAGES = [
  'investigating',
  'legal_review',
  'notifying',
  'awaiting_cutoff',
  'revoking',
  'monitoring',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

/** How a case ended; also the `TerminusOutcome` search attribute. */
export const OUTCOMES = ['terminated', 'rejected', 'withdrawn', 'reinstated'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The services a provider can end for a customer. */
export const SERVICE_KINDS = ['dns', 'proxy'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** Law-enforcement hold kinds (DESIGN.md, "Law-enforcement holds"). */
export const HOLD_KINDS = ['preservation', 'do_not_terminate', 'non_disclosure'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

/** Urgency at intake; `imminent` allows expedite where policy does. */
export const URGENCIES = ['standard', 'imminent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Customer-facing messages; each is sent at most once per case. */
export const CUSTOMER_MESSAGE_KINDS = [
  'termination_notice',
  'appeal_received',
  'appeal_decided',
  'reinstatement',
] as const;
export type CustomerMessageKind = (typeof CUSTOMER_MESSAGE_KINDS)[number];

/** Staff alerts: internal messages that need a person; the kind leads the subject so mail rules can route them. */
export const STAFF_ALERT_KINDS = [
  'legal_review_overdue',
  'hold_expiring',
  'notice_undeliverable',
  'migration_detected',
  'revocation_stuck',
  'dsa_statement_rejected',
] as const;
export type StaffAlertKind = (typeof STAFF_ALERT_KINDS)[number];

/** The ground of a decision stated to the customer (DSA Art. 17(3)(d)/(e)). */
export const DECISION_GROUNDS = ['illegal_content', 'incompatible_content'] as const;
export type DecisionGround = (typeof DECISION_GROUNDS)[number];

/** What an approver answers: legal and the further approvers approve or reject. */
export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** What an appeals reviewer decides: upheld restores service, denied keeps it ended. */
export const APPEAL_OUTCOMES = ['upheld', 'denied'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
