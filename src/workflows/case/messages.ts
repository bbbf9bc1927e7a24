import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseIntake, CaseState, CaseView } from '../../domain/case/case-state';
import type {
  AddDomainAliasInput,
  DecideAppealInput,
  EndMonitoringInput,
  ExpediteInput,
  FileAppealInput,
  LegalDecisionInput,
  PlaceHoldInput,
  ReleaseHoldInput,
  RetryNoticeInput,
  RetryRevocationInput,
  SecondApprovalInput,
  SubmitFindingsInput,
  WithdrawInput,
} from '../../domain/case/case-inputs';
import type { Outcome, Stage } from '../../domain/case-types';
import type { ProviderChange } from '../watch/messages';

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

export type {
  Actor,
  SubmitFindingsInput,
  LegalDecisionInput,
  SecondApprovalInput,
  FileAppealInput,
  DecideAppealInput,
  PlaceHoldInput,
  ReleaseHoldInput,
  ExpediteInput,
  WithdrawInput,
  AddDomainAliasInput,
  RetryNoticeInput,
  RetryRevocationInput,
  EndMonitoringInput,
} from '../../domain/case/case-inputs';

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

/**
 * Sent with the start (update-with-start) by whoever opens a case: answers the case view once the intake is
 * accepted (policy resolved, cutoff request checked), so the opener waits in one call instead of polling the view.
 * Takes no decision and has no validator; if the intake is refused, the workflow fails and so does this update.
 */
export const intakeAcceptedUpdate = defineUpdate<UpdateResult, []>('intakeAccepted');

/** The whole case view (JSON-safe); cheap, never adds history events. For the first moments of a case (until its
 * policy is resolved by the first activity) it and every update fail with a Conflict "the case is still opening". */
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
