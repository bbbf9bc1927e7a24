import { APPEAL_OUTCOMES } from '../../vocabularies';
import {
  checkActor,
  checkOpen,
  conflict,
  first,
  forbidden,
  invalid,
  nonEmpty,
  terminationApprovers,
} from '../case-rules';
import { actedBy, decisionOf } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['appeals'] as const;
const fields = {
  appealId: {
    kind: 'pathId',
    flag: 'appeal',
    defaultsToOpenAppeal: true,
    doc: 'The appeal id (default: the open appeal)',
  },
  outcome: { kind: 'choice', values: APPEAL_OUTCOMES, doc: 'upheld restores service; denied keeps it ended' },
  reasons: REASONS_FIELD,
} as const;

/** An appeals reviewer who approved nothing in this case decides the open appeal. */
export type DecideAppealInput = ActionInput<typeof fields>;

/** Decides an appeal: by someone who neither opened the case nor approved anything in it. */
export const decideAppeal = defineCaseAction({
  name: 'appeal-decision',
  update: 'decideAppeal',
  path: '/appeals/{appealId}/decision',
  summary: 'An appeals reviewer who approved nothing in the case upholds or denies the open appeal',
  roles,
  destructive: true,
  fields,
  check: (state, input) => {
    const appeal = state.appeals.find((a) => a.id === input.appealId);
    const id = input.principal?.id;
    return first(
      () => checkActor(input, roles),
      () => checkOpen(state),
      () => (appeal ? null : invalid(`no appeal "${String(input.appealId)}" on this case`)),
      () => (appeal?.decision ? conflict(`appeal ${input.appealId} was already decided`) : null),
      () =>
        input.outcome === 'upheld' || input.outcome === 'denied' ? null : invalid('outcome must be upheld or denied'),
      () => nonEmpty(input.reasons, 'reasons'),
      () =>
        id === state.intake.requestedBy
          ? forbidden(`principal ${id} opened this case and cannot decide its appeal`)
          : null,
      () =>
        terminationApprovers(state).includes(id) || state.expedite.approvals.some((a) => a.by === id)
          ? forbidden(`principal ${id} approved a decision in this case and cannot decide its appeal`)
          : null,
    );
  },
  apply: (state, input, at) => {
    const appeal = state.appeals.find((a) => a.id === input.appealId);
    if (!appeal) return;
    appeal.decision = { ...decisionOf(input, at), outcome: input.outcome };
    state.outbox.push({ key: `appeal-decided-${appeal.id}`, kind: 'appeal_decided', appealId: appeal.id });
    record(state, at, 'appeal_decided', `appeal ${appeal.id} ${input.outcome}`, actedBy(input));
  },
  cli: {
    command: 'decide-appeal',
    description: 'Uphold or deny the open appeal (an appeals reviewer who approved nothing in the case)',
    example: 'terminus case decide-appeal case-acct-8832 --outcome denied --reasons "threads still online"',
    done: (input) => `appeal ${input.appealId} ${input.outcome}`,
  },
});
