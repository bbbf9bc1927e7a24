import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { AccountActivities } from '../../activities/account-contract';
import type { CaseActivities } from '../../activities/case-activities';
import type { EdgeActivities } from '../../activities/edge-contract';
import type { InvestigationActivities } from '../../activities/investigation';
import type { LegalActivities } from '../../activities/legal';
import type { NotifyActivities } from '../../activities/notify-contract';
import type { RecordsActivities } from '../../activities/records';
import { NON_RETRYABLE_FAILURE_TYPES } from '../../domain/failures';

/**
 * Activity option profiles of the case workflow. Every profile has an explicit start-to-close timeout (how long
 * one attempt may run before the server assumes the worker died), a bounded retry policy (a step that keeps
 * failing escalates to a human instead of retrying for ever) and our permanent failure types as non-retryable.
 */
const nonRetryableErrorTypes = [...NON_RETRYABLE_FAILURE_TYPES];

/** Pure computations on the worker (policy slice, cutoff): fast, and a failure is a bug or bad input. */
export const COMPUTE: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 second', nonRetryableErrorTypes },
};

/** App database reads and writes (registry, archive, retention): transient outages retried for ~10 minutes. */
export const DATABASE: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10, initialInterval: '1 second', maximumInterval: '2 minutes', nonRetryableErrorTypes },
};

/** Live observation of the domains (DNS + HTTP probes): slow answers are normal; three tries are plenty. */
export const OBSERVE: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 3, initialInterval: '5 seconds', nonRetryableErrorTypes },
};

/** Mail: below the notify capability's 3-minute send lease, so a timed-out attempt is waited for, not raced. */
export const MAIL: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 6, initialInterval: '5 seconds', maximumInterval: '2 minutes', nonRetryableErrorTypes },
};

/** Edge changes (snapshot, revoke, verify, restore): idempotent by key, retried a few times, then a human. */
export const EDGE: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '2 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes },
};

/** Account discovery and staff edits of items (one query of the edge per account, rows in the app database). */
export const ACCOUNT_ITEMS: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 10, initialInterval: '2 seconds', maximumInterval: '2 minutes', nonRetryableErrorTypes },
};

/**
 * One revocation batch of an account case: up to a batch of names, each idempotent, heartbeating after each name.
 * The heartbeat timeout is what finds a killed worker in a minute rather than at the start-to-close timeout; the
 * retried attempt takes the batch's remaining pending names (the rows say what is done), so nothing is revoked twice.
 */
export const ACCOUNT_BATCH: ActivityOptions = {
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '2 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes },
};

export const accountActivities = proxyActivities<AccountActivities>(ACCOUNT_ITEMS);
export const accountBatchActivities = proxyActivities<Pick<AccountActivities, 'revokeAccountBatch'>>(ACCOUNT_BATCH);
export const caseActivities = proxyActivities<CaseActivities>(COMPUTE);
export const investigationActivities = proxyActivities<InvestigationActivities>(OBSERVE);
export const legalActivities = proxyActivities<LegalActivities>(DATABASE);
export const recordsActivities = proxyActivities<RecordsActivities>(DATABASE);
export const notifyActivities = proxyActivities<NotifyActivities>(MAIL);
export const edgeActivities = proxyActivities<EdgeActivities>(EDGE);

/** The failure type of an activity error (ActivityFailure -> ApplicationFailure cause), by name, not instanceof. */
export function failureTypeOf(err: unknown): string | undefined {
  let e = err as { type?: string; cause?: unknown; name?: string } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.type === 'string' && e.type) return e.type;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** The innermost message of an activity error, for the timeline. */
export function failureMessageOf(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  let message = 'unknown error';
  for (let depth = 0; e && depth < 5; depth++) {
    if (e.message) message = e.message;
    e = e.cause as typeof e;
  }
  return message.slice(0, 500);
}
