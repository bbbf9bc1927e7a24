import { checkActor, checkStage, conflict, first, nonEmpty } from '../case-rules';
import { actedBy } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['operator', 'admin'] as const;
const fields = { reasons: REASONS_FIELD } as const;

/** After a revocation step escalated to a human: try the failed steps again. */
export type RetryRevocationInput = ActionInput<typeof fields>;

/** Retries the revocation (or restore) steps that failed; finished steps are not repeated. */
export const retryRevocation = defineCaseAction({
  name: 'retry-revocation',
  update: 'retryRevocation',
  path: '/retry-revocation',
  summary: 'Retry revocation (or restore) steps that escalated to a human',
  roles,
  destructive: true,
  fields,
  check: (state, input) =>
    first(
      () => checkActor(input, roles),
      () => checkStage(state, ['revoking', 'monitoring'], 'retrying revocation or restore'),
      () => (state.revocationStuck ? null : conflict('revocation (or restore) is not waiting for a retry')),
      () => nonEmpty(input.reasons, 'reasons'),
    ),
  apply: (state, input, at) => {
    state.revocationRetryRequested = true;
    record(state, at, 'revocation_retry_requested', 'revocation retry requested', actedBy(input));
  },
  cli: {
    command: 'retry-revocation',
    description: 'Retry revocation (or restore) steps that escalated to a human',
    example: 'terminus case retry-revocation case-acct-8832 --reasons "provider API back"',
    done: () => 'revocation retry requested',
  },
});
