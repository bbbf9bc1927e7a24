import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type {
  AccountActivities,
  AccountRevocationProgress,
  RevokeAccountBatchInput,
} from '../../src/activities/account-contract';
import { NON_RETRYABLE_FAILURE_TYPES } from '../../src/domain/failures';

/**
 * The benchmark's stand-in for the case workflow's revoke stage on an account: `revokeAccountBatch` in a loop until
 * nothing is pending, continuing as new every `batchesPerRun` batches so history stays bounded (about 6 events per
 * batch). A worker killed mid-batch is noticed by the heartbeat timeout and the batch retried on the next worker.
 */

/** The batch input and how many batches one run executes before it continues as new. */
export interface AccountRevocationDriverInput extends RevokeAccountBatchInput {
  batchesPerRun: number;
}

const { revokeAccountBatch } = proxyActivities<Pick<AccountActivities, 'revokeAccountBatch'>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '5 seconds',
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
});

/** Revokes the account's pending items batch by batch; returns the progress of the last batch. */
export async function accountRevocationDriver(input: AccountRevocationDriverInput): Promise<AccountRevocationProgress> {
  const { batchesPerRun, ...batch } = input;
  for (let i = 0; i < batchesPerRun; i++) {
    const progress = await revokeAccountBatch(batch);
    if (progress.remaining === 0) return progress;
  }
  return continueAsNew<typeof accountRevocationDriver>(input);
}
