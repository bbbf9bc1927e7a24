import type { CaseActionDefinition } from './action-definition';
import { addDomainAlias } from './add-domain-alias';
import { decideAppeal } from './decide-appeal';
import { endMonitoring } from './end-monitoring';
import { excludeItem } from './exclude-item';
import { expedite } from './expedite';
import { fileAppeal } from './file-appeal';
import { legalDecision } from './legal-decision';
import { placeHold } from './place-hold';
import { releaseHold } from './release-hold';
import { retryNotice } from './retry-notice';
import { retryRevocation } from './retry-revocation';
import { secondApproval } from './second-approval';
import { submitFindings } from './submit-findings';
import { withdraw } from './withdraw';

/**
 * Every human action on a case, by its API name: the one table the workflow's updates, the service, the API routes
 * and the CLI's subcommands are derived from. Adding an action: a file in this folder and one line here
 * (CONTRIBUTING.md has the steps).
 */
export const CASE_ACTIONS = {
  findings: submitFindings,
  'legal-decision': legalDecision,
  'second-approval': secondApproval,
  appeal: fileAppeal,
  'appeal-decision': decideAppeal,
  hold: placeHold,
  'hold-release': releaseHold,
  expedite,
  withdraw,
  alias: addDomainAlias,
  'retry-notice': retryNotice,
  'retry-revocation': retryRevocation,
  'end-monitoring': endMonitoring,
  'exclude-item': excludeItem,
};

/** One of the human actions on a case. */
export type CaseActionName = keyof typeof CASE_ACTIONS;

/** The update input of each action, by name. */
export type CaseActionInputs = {
  [A in CaseActionName]: (typeof CASE_ACTIONS)[A] extends CaseActionDefinition<string, infer I> ? I : never;
};

/** The table typed per name, so generic code over `A extends CaseActionName` keeps the input type of `A`. */
export type CaseActionTable = { [A in CaseActionName]: CaseActionDefinition<A, CaseActionInputs[A]> };

/** {@link CASE_ACTIONS} as a {@link CaseActionTable}. */
export const CASE_ACTION_TABLE: CaseActionTable = CASE_ACTIONS;

/** The action names, in table order. */
export const CASE_ACTION_NAMES = Object.keys(CASE_ACTIONS) as CaseActionName[];

export type { ActionEffect, CaseActionDefinition, FieldSpec, FieldSpecs } from './action-definition';
export { apiRoles } from './action-definition';
export type { AddDomainAliasInput } from './add-domain-alias';
export type { DecideAppealInput } from './decide-appeal';
export type { EndMonitoringInput } from './end-monitoring';
export type { ExcludeItemInput } from './exclude-item';
export type { ExpediteInput } from './expedite';
export type { FileAppealInput } from './file-appeal';
export type { LegalDecisionInput } from './legal-decision';
export type { PlaceHoldInput } from './place-hold';
export type { ReleaseHoldInput } from './release-hold';
export type { RetryNoticeInput } from './retry-notice';
export type { RetryRevocationInput } from './retry-revocation';
export type { SecondApprovalInput } from './second-approval';
export type { SubmitFindingsInput } from './submit-findings';
export type { WithdrawInput } from './withdraw';
