import { APPROVAL_DECISIONS, APPROVER_ROLES } from '../../vocabularies';
import {
  checkActor,
  checkLegalReviewOpen,
  conflict,
  first,
  forbidden,
  invalid,
  nonEmpty,
  notInvestigator,
  notRequester,
  terminationApprovers,
} from '../case-rules';
import { actedBy, decisionOf } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const fields = {
  decision: { kind: 'choice', values: APPROVAL_DECISIONS, doc: 'approve or reject' },
  reasons: REASONS_FIELD,
} as const;

/** A further required approver (the T&S lead) confirms or refuses legal's approval. */
export type SecondApprovalInput = ActionInput<typeof fields>;

/** A further approver required by policy, after legal approved; a person distinct from every other approver. */
export const secondApproval = defineCaseAction({
  name: 'second-approval',
  update: 'secondApproval',
  path: '/second-approval',
  summary: "A further required approver (T&S lead) confirms or refuses legal's approval",
  // The policy's required approvers (other than legal) narrow this further in the rule.
  roles: APPROVER_ROLES.filter((r) => r !== 'legal'),
  destructive: true,
  fields,
  check: (state, input) => {
    const further = state.policy.category.requiredApproverRoles.filter((r) => r !== 'legal');
    return first(
      () => checkActor(input, further),
      () => checkLegalReviewOpen(state, 'a second approval'),
      () => (state.legal?.decision === 'approve' ? null : conflict('legal has not approved this case yet')),
      () =>
        state.approvals.some((a) => a.role === input.role)
          ? conflict(`the ${input.role} approval has already been given`)
          : null,
      () =>
        input.decision === 'approve' || input.decision === 'reject'
          ? null
          : invalid('decision must be approve or reject'),
      () => nonEmpty(input.reasons, 'reasons'),
      () => notRequester(state, input.principal.id),
      () => notInvestigator(state, input.principal.id),
      () =>
        terminationApprovers(state).includes(input.principal.id) ||
        state.approvals.some((a) => a.by === input.principal.id)
          ? forbidden(`principal ${input.principal.id} already approved this case; two distinct approvers are required`)
          : null,
    );
  },
  apply: (state, input, at) => {
    state.approvals.push({ ...decisionOf(input, at), decision: input.decision });
    record(
      state,
      at,
      'approval',
      `${input.role} ${input.decision === 'approve' ? 'approved' : 'refused'}`,
      actedBy(input),
    );
  },
  cli: {
    command: 'second-approval',
    description: "The T&S lead confirms or refuses legal's approval (see also: approve, reject)",
    example: 'terminus case second-approval case-acct-8832 --decision approve --reasons "Agree with legal"',
    done: (input) => `${input.decision === 'approve' ? 'approval' : 'refusal'} recorded`,
  },
});
