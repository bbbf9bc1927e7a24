import { APPROVAL_DECISIONS, DECISION_GROUNDS } from '../../vocabularies';
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
} from '../case-rules';
import { actedBy, decisionOf } from '../case-transitions';
import { record } from '../timeline';
import { CASE_BOUNDS } from '../case-bounds';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['legal'] as const;
const fields = {
  decision: { kind: 'choice', values: APPROVAL_DECISIONS, doc: 'approve or reject' },
  reasons: REASONS_FIELD,
  ground: {
    kind: 'choice',
    values: DECISION_GROUNDS,
    optional: true,
    doc: "The ground stated to the customer (default: the category's ground)",
  },
  groundExplanation: {
    kind: 'text',
    max: CASE_BOUNDS.groundExplanation.chars,
    optional: true,
    doc: 'The explanation of the ground',
  },
} as const;

/** Legal approves (with the ground) or rejects (the case closes as `rejected`). */
export type LegalDecisionInput = ActionInput<typeof fields>;

/** Legal's decision: once per case, by someone who neither opened the case nor approved it in another role. */
export const legalDecision = defineCaseAction({
  name: 'legal-decision',
  update: 'legalDecision',
  path: '/legal-decision',
  summary: 'Legal approves (with the ground) or rejects the termination',
  roles,
  destructive: true,
  fields,
  check: (state, input) =>
    first(
      () => checkActor(input, roles),
      () => checkLegalReviewOpen(state, 'a legal decision'),
      () => (state.legal ? conflict(`legal already decided (${state.legal.decision}) on this case`) : null),
      () =>
        input.decision === 'approve' || input.decision === 'reject'
          ? null
          : invalid('decision must be approve or reject'),
      () => nonEmpty(input.reasons, 'reasons'),
      () =>
        input.ground === undefined || DECISION_GROUNDS.includes(input.ground)
          ? null
          : invalid(`ground must be ${DECISION_GROUNDS.join(' or ')}`),
      () =>
        input.groundExplanation === undefined
          ? null
          : nonEmpty(input.groundExplanation, 'groundExplanation', CASE_BOUNDS.groundExplanation),
      () => notRequester(state, input.principal.id),
      () => notInvestigator(state, input.principal.id),
      () =>
        state.approvals.some((a) => a.by === input.principal.id)
          ? forbidden(`principal ${input.principal.id} already decided on this case; legal needs a different person`)
          : null,
    ),
  apply: (state, input, at) => {
    state.legal = {
      ...decisionOf(input, at),
      decision: input.decision,
      ground: input.ground ?? state.policy.category.ground,
      groundExplanation: input.groundExplanation ?? state.policy.category.clause.text,
    };
    record(
      state,
      at,
      'legal_decision',
      `legal ${input.decision === 'approve' ? 'approved' : 'rejected'}`,
      actedBy(input),
    );
  },
  cli: {
    command: 'legal-decision',
    description: "Legal's decision: approve (with the ground) or reject (see also: approve, reject)",
    example:
      'terminus case legal-decision case-acct-8832 --decision approve --ground incompatible_content --reasons "AUP 3.1 applies"',
    done: (input) => `legal ${input.decision === 'approve' ? 'approval' : 'rejection'} recorded`,
  },
});
