import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { NotifyActivities, SendCustomerMessageInput, SendResult } from '../../../src/activities/notify-contract';
import { NON_RETRYABLE_FAILURE_TYPES } from '../../../src/domain/failures';

/** Input of the test workflow: a notice, and the task queue of the activity worker under test. */
export interface NotifyOnceInput {
  activityTaskQueue: string;
  /** Short in tests, so a killed worker's attempt times out quickly. */
  startToCloseTimeoutMs: number;
  notice: Omit<SendCustomerMessageInput, 'idempotencyKey'>;
}

/**
 * The smallest workflow that sends a notice the way the case workflow does: idempotency key from workflow ID +
 * step, a bounded retry policy, our permanent failure types non-retryable. Lets the tests drive the notify
 * activity through real Temporal retries (and a real worker crash) without the case workflow.
 */
export async function notifyOnce(input: NotifyOnceInput): Promise<SendResult> {
  const { sendCustomerMessage } = proxyActivities<NotifyActivities>({
    taskQueue: input.activityTaskQueue,
    startToCloseTimeout: input.startToCloseTimeoutMs,
    retry: {
      initialInterval: '200ms',
      backoffCoefficient: 2,
      maximumInterval: '2s',
      maximumAttempts: 6,
      nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
    },
  });
  return sendCustomerMessage({ ...input.notice, idempotencyKey: `${workflowInfo().workflowId}/notice` });
}
