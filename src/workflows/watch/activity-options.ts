import type { ActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_FAILURE_TYPES } from '../../domain/failures';

/** Activity options both watches use, so the single-domain and the group watch retry alerts the same way. */

/** The migration webhook: a few quick retries; a failure is logged, never fatal. */
export const WEBHOOK_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    maximumAttempts: 5,
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
};

/** Staff alerts: below the notify send lease (3 minutes), so a timed-out attempt is waited for rather than raced. */
export const STAFF_ALERT_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    maximumAttempts: 10,
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
};

/** The app database (history rows, a group's page of names): patient retries, a database restart is survived. */
export const DATABASE_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    maximumAttempts: 10,
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
};
