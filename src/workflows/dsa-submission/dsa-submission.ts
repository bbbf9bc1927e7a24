import { getExternalWorkflowHandle, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DsaSubmissionActivities } from '../../activities/dsa-submission-contract';
import type { NotifyActivities } from '../../activities/notify-contract';
import { FailureType, NON_RETRYABLE_FAILURE_TYPES } from '../../domain/failures';
import { failureMessageOf, failureTypeOf, MAIL } from '../case/activity-proxies';
import { dsaSubmissionSignal, type DsaSubmissionInput, type DsaSubmissionOutcome } from './messages';

/**
 * The database may be down for hours: every attempt is retried with backoff for up to a week, each attempt
 * bounded (an attempt whose worker died is retried after 30 s, and finds its own statement by puid).
 */
const { submitDsaStatement } = proxyActivities<DsaSubmissionActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '7 days',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
});
const { sendStaffAlert } = proxyActivities<NotifyActivities>(MAIL);

/**
 * Submits one case's statement of reasons to the EU DSA Transparency Database, outside the case so a database
 * outage never holds the case up. A refusal or a week of failures becomes a staff alert with the reason; either
 * way the case gets the outcome as a signal for its timeline. Nothing is dropped silently.
 */
export async function dsaSubmission(input: DsaSubmissionInput): Promise<DsaSubmissionOutcome> {
  const puid = input.statement.puid;
  let outcome: DsaSubmissionOutcome;
  try {
    const result = await submitDsaStatement(input);
    outcome = { puid, status: result.status, at: result.at, ...(result.uuid ? { uuid: result.uuid } : {}) };
  } catch (err) {
    const rejected = failureTypeOf(err) === FailureType.DsaRejected;
    outcome = {
      puid,
      status: rejected ? 'rejected' : 'failed',
      at: new Date().toISOString(),
      problem: failureMessageOf(err).slice(0, 4000),
    };
    await sendStaffAlert({
      idempotencyKey: `${workflowInfo().workflowId}:alert`,
      caseId: input.caseId,
      kind: 'dsa_statement_rejected',
      subject: `statement ${puid} ${rejected ? 'refused by' : 'not accepted by'} the DSA Transparency Database`,
      body:
        `The statement of reasons of case ${input.caseId} (puid ${puid}) was not submitted.\n\n` +
        `${outcome.problem}\n\nFix the case or the policy, then export it again (terminus case sor ${input.caseId}) ` +
        'and submit it by hand, or start a new submission.',
    });
  }
  try {
    await getExternalWorkflowHandle(input.caseId).signal(dsaSubmissionSignal, outcome);
  } catch {
    // The case has closed: the outcome stays in this workflow's result (and the staff alert, if any).
  }
  return outcome;
}
