import type { UpdateDefinition } from '@temporalio/common';
import {
  checkAddAlias,
  checkDecideAppeal,
  checkEndMonitoring,
  checkExpedite,
  checkFileAppeal,
  checkFindings,
  checkLegalDecision,
  checkPlaceHold,
  checkReleaseHold,
  checkRetryNotice,
  checkRetryRevocation,
  checkSecondApproval,
  checkWithdraw,
  type Violation,
} from '../../domain/case/case-rules';
import type { CaseState, CaseView } from '../../domain/case/case-state';
import type { Role } from '../../domain/case-types';
import {
  addDomainAliasUpdate,
  decideAppealUpdate,
  endMonitoringUpdate,
  expediteUpdate,
  fileAppealUpdate,
  legalDecisionUpdate,
  placeHoldUpdate,
  releaseHoldUpdate,
  retryNoticeUpdate,
  retryRevocationUpdate,
  secondApprovalUpdate,
  submitFindingsUpdate,
  withdrawUpdate,
  type AddDomainAliasInput,
  type DecideAppealInput,
  type EndMonitoringInput,
  type ExpediteInput,
  type FileAppealInput,
  type LegalDecisionInput,
  type PlaceHoldInput,
  type ReleaseHoldInput,
  type RetryNoticeInput,
  type RetryRevocationInput,
  type SecondApprovalInput,
  type SubmitFindingsInput,
  type WithdrawInput,
} from '../../workflows/case/messages';

/** The update input of each human action, by the action's API name. */
export interface CaseActionInputs {
  findings: SubmitFindingsInput;
  'legal-decision': LegalDecisionInput;
  'second-approval': SecondApprovalInput;
  appeal: FileAppealInput;
  'appeal-decision': DecideAppealInput;
  hold: PlaceHoldInput;
  'hold-release': ReleaseHoldInput;
  expedite: ExpediteInput;
  withdraw: WithdrawInput;
  alias: AddDomainAliasInput;
  'retry-notice': RetryNoticeInput;
  'retry-revocation': RetryRevocationInput;
  'end-monitoring': EndMonitoringInput;
}

/** One of the human actions on a case. */
export type CaseActionName = keyof CaseActionInputs;

/** How the edge treats an action: which update carries it, which rule the API checks early, who may call it. */
export interface CaseActionSpec<I> {
  update: UpdateDefinition<CaseView, [I]>;
  check: (state: CaseState, input: I, nowMs: number) => Violation | null;
  /**
   * Roles the API lets through. Never wider than the workflow's own rule; sometimes narrower: `operator` is
   * read-only at the API even where the workflow would accept it.
   */
  roles: readonly Role[];
  /** Destructive actions (they end, speed up or reverse service) share a tighter rate limit. */
  destructive: boolean;
  /** One line for the OpenAPI document and the audit log. */
  summary: string;
}

/**
 * Every human action of the case workflow, in one table the API routes and the service both read, so a new
 * update needs one entry here (and its request schema) to be reachable.
 */
export const CASE_ACTIONS: { [A in CaseActionName]: CaseActionSpec<CaseActionInputs[A]> } = {
  findings: {
    update: submitFindingsUpdate,
    check: checkFindings,
    roles: ['investigator'],
    destructive: false,
    summary: "Submit the investigator's findings (investigating -> legal_review)",
  },
  'legal-decision': {
    update: legalDecisionUpdate,
    check: checkLegalDecision,
    roles: ['legal'],
    destructive: true,
    summary: 'Legal approves (with the ground) or rejects the termination',
  },
  'second-approval': {
    update: secondApprovalUpdate,
    check: checkSecondApproval,
    roles: ['tns_lead', 'admin'],
    destructive: true,
    summary: "A further required approver (T&S lead) confirms or refuses legal's approval",
  },
  appeal: {
    update: fileAppealUpdate,
    check: checkFileAppeal,
    roles: ['appeals', 'legal', 'tns_lead', 'investigator', 'requester', 'admin'],
    destructive: false,
    summary: "Record the customer's appeal",
  },
  'appeal-decision': {
    update: decideAppealUpdate,
    check: checkDecideAppeal,
    roles: ['appeals'],
    destructive: true,
    summary: 'An appeals reviewer who approved nothing in the case upholds or denies the open appeal',
  },
  hold: {
    update: placeHoldUpdate,
    check: checkPlaceHold,
    roles: ['legal'],
    destructive: false,
    summary: 'Place a law-enforcement hold (preservation, do not terminate, non-disclosure)',
  },
  'hold-release': {
    update: releaseHoldUpdate,
    check: checkReleaseHold,
    roles: ['legal'],
    destructive: true,
    summary: 'Release a hold before its expiry',
  },
  expedite: {
    update: expediteUpdate,
    check: checkExpedite,
    roles: ['legal', 'tns_lead', 'admin'],
    destructive: true,
    summary: 'Approve cutting service now (imminent threat); two distinct approvers make it effective',
  },
  withdraw: {
    update: withdrawUpdate,
    check: checkWithdraw,
    roles: ['requester', 'investigator', 'legal', 'tns_lead', 'admin'],
    destructive: true,
    summary: 'Withdraw the case before service ends',
  },
  alias: {
    update: addDomainAliasUpdate,
    check: checkAddAlias,
    roles: ['investigator', 'legal', 'tns_lead', 'admin'],
    destructive: false,
    summary: 'Add an alias or mirror to the domain family',
  },
  'retry-notice': {
    update: retryNoticeUpdate,
    check: checkRetryNotice,
    roles: ['legal', 'tns_lead', 'admin'],
    destructive: false,
    summary: 'Try an undeliverable notice again, optionally with corrected contacts',
  },
  'retry-revocation': {
    update: retryRevocationUpdate,
    check: checkRetryRevocation,
    roles: ['admin'],
    destructive: true,
    summary: 'Retry revocation (or restore) steps that escalated to a human',
  },
  'end-monitoring': {
    update: endMonitoringUpdate,
    check: checkEndMonitoring,
    roles: ['tns_lead', 'legal', 'admin'],
    destructive: false,
    summary: 'End monitoring before the follow-up period does; the case then closes and is archived',
  },
};

/** The action names, in table order. */
export const CASE_ACTION_NAMES = Object.keys(CASE_ACTIONS) as CaseActionName[];
