import { defineSignal } from '@temporalio/workflow';
import type { DsaStatement } from '../../domain/dsa/dsa-statement';

/** The workflow type name, as registered by the worker. */
export const DSA_SUBMISSION_WORKFLOW = 'dsaSubmission';

/** One submission per statement: the workflow ID is the puid, so a second start for it is refused. */
export const dsaSubmissionWorkflowId = (puid: string): string => `dsa-${puid}`;

/** Input of `dsaSubmission`. */
export interface DsaSubmissionInput {
  caseId: string;
  statement: DsaStatement;
}

/** What became of the submission, as the case records it. */
export interface DsaSubmissionOutcome {
  puid: string;
  status: 'submitted' | 'already_present' | 'disabled' | 'rejected' | 'failed';
  at: string;
  uuid?: string;
  /** For `rejected` / `failed`: the database's field errors or the last error, for the timeline and staff. */
  problem?: string;
}

/** Sent by the submission to its case (by case ID) when it has an outcome. */
export const dsaSubmissionSignal = defineSignal<[DsaSubmissionOutcome]>('dsaSubmission');
