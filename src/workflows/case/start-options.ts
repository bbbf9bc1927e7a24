import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type SearchAttributePair } from '@temporalio/common';
import { caseSummary } from '../../domain/case/case-details';
import type { CaseIntake } from '../../domain/case/case-state';
import { caseWorkflowId, type TerminationCaseInput } from './messages';
import { TerminusAccount, TerminusCategory, TerminusDomains, TerminusStage } from '../search-attributes';

/** What a client passes to `client.workflow.start(terminationCase, { ...this, taskQueue })`. */
export interface TerminationCaseStartOptions {
  workflowId: string;
  args: [TerminationCaseInput];
  workflowIdConflictPolicy: WorkflowIdConflictPolicy;
  workflowIdReusePolicy: WorkflowIdReusePolicy;
  staticSummary: string;
  typedSearchAttributes: SearchAttributePair[];
}

/**
 * Start options for a case, in one place for the API and the CLI. `case-<accountId>` with conflict policy FAIL:
 * a second open case for the account is refused by the server (the client throws
 * `WorkflowExecutionAlreadyStartedError`, which the API maps to 409 Conflict); reuse ALLOW_DUPLICATE: once the
 * account's case is closed, a new one may open. The summary and search attributes make the case findable in the
 * Web UI from its first second.
 */
export function terminationCaseStartOptions(intake: CaseIntake): TerminationCaseStartOptions {
  return {
    workflowId: caseWorkflowId(intake.account.id),
    args: [{ intake }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    staticSummary: caseSummary(intake),
    typedSearchAttributes: [
      { key: TerminusStage, value: 'investigating' },
      { key: TerminusCategory, value: intake.category },
      { key: TerminusAccount, value: intake.account.id },
      { key: TerminusDomains, value: [intake.domains.primary, ...intake.domains.aliases] },
    ],
  };
}
