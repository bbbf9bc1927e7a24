import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseIntake, CaseState, CaseView } from '../domain/case/case-state';
import type { DecisionGround } from '../domain/policy/policy-types';
import type { HoldKind, Outcome, Principal, Role, Stage } from '../domain/case-types';
import type { ProviderChange } from './domain-watch-contract';

/**
 * The case workflow's public surface: one update per human decision (validated before it touches history),
 * one query for the whole case view, one signal from the child watches. The API and CLI import these names and
 * input types; the workflow enforces the rules (roles, four eyes) whatever the entry point.
 */

/** The workflow type name, as registered by the worker. */
export const TERMINATION_CASE_WORKFLOW = 'terminationCase';

/** One case per account at a time: the workflow ID is the business key. */
export function caseWorkflowId(accountId: string): string {
  return `case-${accountId}`;
}

/** Input of `terminationCase`. `resume` is set only by the workflow itself when it continues as new. */
export interface TerminationCaseInput {
  intake: CaseIntake;
  resume?: CaseState;
}

/** Result of `terminationCase`: the final record is archived in the database; history keeps the summary. */
export interface TerminationCaseResult {
  caseId: string;
  caseRef: string;
  outcome: Outcome;
  closedAt: string;
  recordId: string;
}

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

/** What every update returns: the case as it stands after the decision. */
export type UpdateResult = CaseView;

export const submitFindingsUpdate = defineUpdate<UpdateResult, [SubmitFindingsInput]>('submitFindings');
export const legalDecisionUpdate = defineUpdate<UpdateResult, [LegalDecisionInput]>('legalDecision');
export const secondApprovalUpdate = defineUpdate<UpdateResult, [SecondApprovalInput]>('secondApproval');
export const fileAppealUpdate = defineUpdate<UpdateResult, [FileAppealInput]>('fileAppeal');
export const decideAppealUpdate = defineUpdate<UpdateResult, [DecideAppealInput]>('decideAppeal');
export const placeHoldUpdate = defineUpdate<UpdateResult, [PlaceHoldInput]>('placeHold');
export const releaseHoldUpdate = defineUpdate<UpdateResult, [ReleaseHoldInput]>('releaseHold');
export const expediteUpdate = defineUpdate<UpdateResult, [ExpediteInput]>('expedite');
export const withdrawUpdate = defineUpdate<UpdateResult, [WithdrawInput]>('withdraw');
export const addDomainAliasUpdate = defineUpdate<UpdateResult, [AddDomainAliasInput]>('addDomainAlias');
export const retryNoticeUpdate = defineUpdate<UpdateResult, [RetryNoticeInput]>('retryNotice');
export const retryRevocationUpdate = defineUpdate<UpdateResult, [RetryRevocationInput]>('retryRevocation');
export const endMonitoringUpdate = defineUpdate<UpdateResult, [EndMonitoringInput]>('endMonitoring');

/** The whole case view (JSON-safe); cheap, never adds history events. */
export const caseViewQuery = defineQuery<CaseView>('caseView');
/** Just the stage, for polling clients. */
export const stageQuery = defineQuery<Stage>('stage');

/** From the child watch: a confirmed change of provider for one domain (fire-and-forget). */
export const providerChangedSignal = defineSignal<[ProviderChange]>('providerChanged');

/** Update names, for clients that address them by string (CLI, API routing tables). */
export const CASE_UPDATE_NAMES = [
  'submitFindings',
  'legalDecision',
  'secondApproval',
  'fileAppeal',
  'decideAppeal',
  'placeHold',
  'releaseHold',
  'expedite',
  'withdraw',
  'addDomainAlias',
  'retryNotice',
  'retryRevocation',
  'endMonitoring',
] as const;
