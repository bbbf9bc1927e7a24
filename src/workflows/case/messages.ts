import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseIntake, CaseState, CaseView } from '../../domain/case/case-state';
import { CASE_ACTIONS, type CaseActionInputs, type CaseActionName } from '../../domain/case/actions';
import type { Outcome, Stage } from '../../domain/case-types';
import type { ProviderChange } from '../watch/messages';

/**
 * The case workflow's public surface: one update per human action (validated before it touches history),
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

export type { Actor } from '../../domain/case/case-inputs';
export type * from '../../domain/case/actions';

/** What every update returns: the case as it stands after the decision. */
export type UpdateResult = CaseView;

/** The update of each human action, by action name: one per definition in `domain/case/actions`. */
export type CaseUpdates = { [A in CaseActionName]: UpdateDefinition<UpdateResult, [CaseActionInputs[A]]> };

/** Every human action's update, derived from the action table (update names are stable: histories carry them). */
export const CASE_UPDATES = Object.fromEntries(
  Object.entries(CASE_ACTIONS).map(([name, action]) => [name, defineUpdate(action.update)]),
) as CaseUpdates;

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
