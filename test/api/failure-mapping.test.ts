// The one mapping from what Temporal's client throws to failure types, and from failure types to HTTP statuses.
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { QueryNotRegisteredError, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { RetryState } from '@temporalio/common';
import { FAILURE_STATUS } from '../../src/api/problem';
import { FailureType } from '../../src/domain/failures';
import { toServiceFailure } from '../../src/services/case/service-error';

describe('toServiceFailure', () => {
  it.each([
    [
      'a second open case',
      new WorkflowExecutionAlreadyStartedError('started', 'case-a', 'terminationCase'),
      'Conflict',
    ],
    ['an unknown case', new WorkflowNotFoundError('not found', 'case-x', undefined), 'NotFound'],
    [
      'a refused update keeps the validator type',
      new WorkflowUpdateFailedError('failed', ApplicationFailure.nonRetryable('four eyes', FailureType.Forbidden)),
      'Forbidden',
    ],
    [
      'an intake that failed in the workflow',
      new WorkflowFailedError(
        'failed',
        ApplicationFailure.nonRetryable('unknown zone', FailureType.InvalidCutoff),
        RetryState.NON_RETRYABLE_FAILURE,
      ),
      'InvalidCutoff',
    ],
    [
      'a case still opening',
      new QueryNotRegisteredError('the case is still opening; try again in a moment', 3),
      'Conflict',
    ],
    ['a deadline', Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4 }), 'Timeout'],
    [
      'an unreachable server',
      Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }),
      'Unavailable',
    ],
    ['anything else', new TypeError('boom'), 'Internal'],
  ])('maps %s', (_why, err, type) => {
    expect(toServiceFailure(err).type).toBe(type);
  });

  it('keeps the workflow validator message', () => {
    const err = new WorkflowUpdateFailedError(
      'failed',
      ApplicationFailure.nonRetryable('principal x opened this case', FailureType.Forbidden),
    );
    expect(toServiceFailure(err).message).toBe('principal x opened this case');
  });

  it('gives every failure type a status', () => {
    for (const type of Object.values(FailureType)) expect(FAILURE_STATUS[type].status).toBeGreaterThanOrEqual(400);
    expect(FAILURE_STATUS.Forbidden.status).toBe(403);
    expect(FAILURE_STATUS.Conflict.status).toBe(409);
    expect(FAILURE_STATUS.NotFound.status).toBe(404);
    expect(FAILURE_STATUS.InvalidInput.status).toBe(400);
    expect(FAILURE_STATUS.RateLimited.status).toBe(429);
  });
});
