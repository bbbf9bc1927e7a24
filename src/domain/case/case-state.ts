import type { SnapshotRef } from '../footprint/snapshot-ref';
import type { ApprovalDecision, AppealOutcome, CustomerMessageKind } from '../vocabularies';
import type { ProviderChange } from '../watch/provider-change';
import type {
  Account,
  CutoffRequest,
  DomainFamily,
  Hold,
  HoldKind,
  Outcome,
  ResolvedCutoff,
  Role,
  ServiceKind,
  Stage,
  Urgency,
} from '../case-types';
import type { CasePolicy, DecisionGround } from '../policy/policy-types';
import type { StatementOfReasons } from '../statement-of-reasons';
import type { AccountItemsState, CaseScope, LinkedAccount } from './account-case';
import type { CaseSource } from './case-source';

/**
 * The state of one termination case. It lives in the workflow, crosses continue-as-new whole, and is what the
 * `caseView` query returns (plus derived fields), so it is JSON-safe throughout: ISO strings, arrays, no Maps.
 */

/** What the requester submits to open a case (validated at the API, re-checked in the workflow). */
export interface CaseIntake {
  account: Account;
  domains: DomainFamily;
  services: ServiceKind[];
  /** A policy category id from the policy document. */
  category: string;
  summary: string;
  /** References to evidence already gathered (hashes or URLs), never the evidence itself. */
  evidenceRefs: string[];
  cutoff: CutoffRequest;
  urgency: Urgency;
  /** The principal id that opened the case: never one of the approvers. */
  requestedBy: string;
  /** Where the case came from; absent (cases and clients from before sources existed) means own initiative. */
  source?: CaseSource;
  /** `account`: the case ends every zone and proxied hostname of the account (and linked accounts) on our edge,
   * found by discovery; absent or `domain`: the domain family alone (every case before accounts). */
  scope?: CaseScope;
  /** Account cases only: other accounts of the same operator, each with what links it. */
  linkedAccounts?: LinkedAccount[];
}

/** A human act on the case: who, as which role, when, why. */
export interface Decision {
  by: string;
  role: Role;
  at: string;
  reasons: string;
}

/** The investigator's findings: the facts the statement of reasons relies on. */
export interface Findings extends Decision {
  facts: string;
  evidence: string[];
}

/** Legal's decision; an approval carries the ground that the statement of reasons states. */
export interface LegalDecision extends Decision {
  decision: ApprovalDecision;
  ground: DecisionGround;
  groundExplanation: string;
}

/** An approval by another required role (the T&S lead), confirming or refusing legal's approval. */
export interface Approval extends Decision {
  decision: ApprovalDecision;
}

/** A customer appeal and, once decided, its decision. */
export interface Appeal {
  id: string;
  filedBy: string;
  filedAt: string;
  text: string;
  /** Whether service had already ended when the appeal was filed (an upheld appeal then restores it). */
  afterRevocation: boolean;
  decision?: Decision & { outcome: AppealOutcome };
}

/** One customer message attempt, as the mail server answered it. */
export interface NoticeRecord {
  key: string;
  kind: CustomerMessageKind;
  to: string[];
  at: string;
  delivered: boolean;
  nonDisclosure: boolean;
  messageId?: string;
  accepted: string[];
  rejected: string[];
  error?: string;
}

/** One revocation step of the saga (one service for one domain). */
export interface RevocationStep {
  domain: string;
  service: ServiceKind;
  status: 'pending' | 'done' | 'failed' | 'skipped';
  changed?: boolean;
  provider?: string;
  at?: string;
  error?: string;
}

/** The outside check that revocation took effect. */
export interface VerificationRecord {
  domain: string;
  dnsServed: boolean | null;
  proxyServed: boolean | null;
  checkedAt: string;
}

/** A child watch started for a domain. */
export interface WatchRecord {
  domain: string;
  workflowId: string;
  startedAt: string;
  /** Set when the case asked the watch to stop (or found it already stopped). */
  stoppedAt?: string;
}

/** The case's DSA statement submission: its child workflow and, once known, what became of it. */
export interface DsaSubmissionRecord {
  workflowId: string;
  puid: string;
  startedAt: string;
  outcome?: { status: string; at: string; uuid?: string; problem?: string };
}

/** Evidence kept outside history: the case holds the hash only. */
export interface EvidenceRecord {
  sha256: string;
  label: string;
  storedAt: string;
}

/** A customer message decided in an update handler (which does no I/O), sent by the workflow at its next step. */
export interface OutboxMessage {
  /** Step name, unique in the case: with the case key it makes the idempotency key. */
  key: string;
  kind: CustomerMessageKind;
  appealId?: string;
}

/** Kinds of timeline entries: every human act and every stage transition. */
export type TimelineKind =
  | 'opened'
  | 'stage_changed'
  | 'evidence_stored'
  | 'snapshot_taken'
  | 'findings_submitted'
  | 'legal_decision'
  | 'approval'
  | 'reminder_sent'
  | 'hold_found'
  | 'hold_placed'
  | 'hold_released'
  | 'hold_expired'
  | 'cutoff_resolved'
  | 'notice_sent'
  | 'notice_undeliverable'
  | 'notice_retry_requested'
  | 'appeal_filed'
  | 'appeal_decided'
  | 'expedite_approved'
  | 'expedited'
  | 'withdrawn'
  | 'alias_added'
  | 'revoked'
  | 'revocation_failed'
  | 'revocation_retry_requested'
  | 'revocation_progress'
  | 'items_discovered'
  | 'item_excluded'
  | 'verified'
  | 'restored'
  | 'watch_started'
  | 'provider_changed'
  | 'monitoring_ended'
  | 'message_sent'
  | 'archived'
  | 'dsa_submission'
  | 'closed';

/** One line of the case timeline (who, when, what, why). */
export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  /** Principal id, or `system` for the workflow's own steps. */
  actor: string;
  role?: Role;
  summary: string;
  reasons?: string;
}

/** Deadlines the case is waiting on, ISO strings. */
export interface CaseDeadlines {
  legalReviewDueAt?: string;
  /** When the cutoff timer fires (the resolved cutoff, or later if minimum notice demands it). */
  cutoffAt?: string;
  appealUntil?: string;
  followUpUntil?: string;
}

/** The whole case. */
export interface CaseState {
  caseId: string;
  /** Stable across continue-as-new and distinct between two cases of one account (first run id). */
  caseRef: string;
  openedAt: string;
  intake: CaseIntake;
  domains: DomainFamily;
  policy: CasePolicy;
  stage: Stage;
  outcome?: Outcome;
  findings?: Findings;
  legal?: LegalDecision;
  approvals: Approval[];
  remindersSent: number;
  holds: Hold[];
  appeals: Appeal[];
  expedite: { approvals: Decision[]; effectiveAt?: string };
  withdrawal?: Decision;
  notices: NoticeRecord[];
  /** Contacts to use for the next notice attempt (after an undeliverable notice). */
  noticeContacts: string[];
  noticeAttempts: number;
  noticeUndeliverable: boolean;
  noticeRetryRequested: boolean;
  cutoff?: ResolvedCutoff;
  /** The statement of reasons as sent in the notice (what the customer was told). */
  statement?: StatementOfReasons;
  deadlines: CaseDeadlines;
  snapshots: SnapshotRef[];
  /** Domains some snapshot was taken for (a domain added later needs its own before revocation). */
  snapshotCoverage: string[];
  /** When the domains were observed live at investigation (once per case). */
  observedAt?: string;
  /** When the hold registry was consulted at legal review (once per case). */
  holdsCheckedAt?: string;
  evidence: EvidenceRecord[];
  revocation: RevocationStep[];
  verification: VerificationRecord[];
  revocationStuck: boolean;
  revocationRetryRequested: boolean;
  revokedAt?: string;
  restoredAt?: string;
  /** Account cases only: counts of the account's items (the names are in the app database). */
  accountItems?: AccountItemsState;
  watches: WatchRecord[];
  /** The submission of the DSA statement to the EU Transparency Database (started once service ended). */
  dsaSubmission?: DsaSubmissionRecord;
  providerChain: ProviderChange[];
  monitoringEnd?: Decision;
  outbox: OutboxMessage[];
  timeline: TimelineEntry[];
  /** Entries dropped from the front of the timeline to keep the state bounded (provider flaps). */
  timelineDropped: number;
  closedAt?: string;
}

/** A hold as shown on the case: a flag with its reference and expiry. */
export interface HoldFlag {
  id: string;
  kind: HoldKind;
  reference: string;
  expiresAt: string;
  active: boolean;
}

/** What the `caseView` query returns: the state plus flags derived at query time. */
export interface CaseView extends CaseState {
  policyVersion: string;
  policyClause: string;
  activeHolds: HoldFlag[];
  /** The latest confirmed provider per domain. */
  currentProviders: { domain: string; state: string; provider: string | null; at: string }[];
  /** Roles still needed before the case can go to the customer. */
  pendingApproverRoles: Role[];
  openAppeal?: Appeal;
}
