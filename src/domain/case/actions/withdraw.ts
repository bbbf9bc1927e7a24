import { checkActor, checkStage, conflict, first, nonEmpty, PRE_REVOCATION } from '../case-rules';
import { actedBy, decisionOf } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['requester', 'investigator', 'legal', 'tns_lead', 'admin'] as const;
const fields = { reasons: REASONS_FIELD } as const;

/** Withdraws the case before service ends (outcome `withdrawn`). */
export type WithdrawInput = ActionInput<typeof fields>;

/** Withdrawal: only before revocation; after it, only an upheld appeal reinstates. */
export const withdraw = defineCaseAction({
  name: 'withdraw',
  update: 'withdraw',
  path: '/withdraw',
  summary: 'Withdraw the case before service ends',
  roles,
  destructive: true,
  fields,
  check: (state, input) =>
    first(
      () => checkActor(input, roles),
      () =>
        state.stage === 'revoking' || state.stage === 'monitoring'
          ? conflict('service has already ended; only an upheld appeal can reinstate it')
          : null,
      () => checkStage(state, PRE_REVOCATION, 'withdrawal'),
      () => nonEmpty(input.reasons, 'reasons'),
    ),
  apply: (state, input, at) => {
    state.withdrawal = decisionOf(input, at);
    record(state, at, 'withdrawn', 'case withdrawn', actedBy(input));
  },
  cli: {
    command: 'withdraw',
    description: 'Withdraw the case before service ends',
    example: 'terminus case withdraw case-acct-8832 --reasons "customer removed the content"',
    done: () => 'case withdrawn',
  },
});
