import {
  checkActor,
  checkStage,
  conflict,
  first,
  forbidden,
  nonEmpty,
  notRequester,
  PRE_REVOCATION,
} from '../case-rules';
import { APPROVER_ROLES } from '../../vocabularies';
import { actedBy, decisionOf } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const fields = { reasons: REASONS_FIELD } as const;

/** One approval of an expedite (imminent threat: cut now); two distinct approvers make it effective. */
export type ExpediteInput = ActionInput<typeof fields>;

/** Cut service now: where policy allows it, on an imminent case, by two distinct approvers. */
export const expedite = defineCaseAction({
  name: 'expedite',
  update: 'expedite',
  path: '/expedite',
  summary: 'Approve cutting service now (imminent threat); two distinct approvers make it effective',
  // The policy's required approvers narrow this further in the rule.
  roles: APPROVER_ROLES,
  destructive: true,
  fields,
  check: (state, input) =>
    first(
      () => checkActor(input, state.policy.category.requiredApproverRoles),
      () => checkStage(state, PRE_REVOCATION, 'expedite'),
      () =>
        state.policy.category.expediteAllowed
          ? null
          : forbidden(`policy ${state.policy.version} category ${state.policy.category.id} does not allow expedite`),
      () =>
        state.intake.urgency === 'imminent' ? null : forbidden('expedite needs a case opened with imminent urgency'),
      () => (state.expedite.effectiveAt ? conflict('the case is already expedited') : null),
      () => nonEmpty(input.reasons, 'reasons'),
      () => notRequester(state, input.principal.id),
      () =>
        state.expedite.approvals.some((a) => a.by === input.principal.id)
          ? forbidden(
              `principal ${input.principal.id} already approved the expedite; a second, different approver is required`,
            )
          : null,
    ),
  apply: (state, input, at) => {
    state.expedite.approvals.push(decisionOf(input, at));
    const n = state.expedite.approvals.length;
    record(state, at, 'expedite_approved', `expedite approval ${n} of 2`, actedBy(input));
    if (n >= 2) {
      state.expedite.effectiveAt = at;
      record(state, at, 'expedited', 'expedited by two distinct approvers: cutoff as soon as notified');
    }
  },
  cli: {
    command: 'expedite',
    description: 'Approve cutting service now (imminent threat to life); two distinct approvers make it effective',
    example: 'terminus case expedite case-acct-8832 --reasons "attack announced for tonight"',
    done: () => 'expedite approval recorded',
  },
});
