import { CASE_BOUNDS } from '../case-bounds';
import { checkActor, checkStage, conflict, first, nonEmpty } from '../case-rules';
import type { Appeal } from '../case-state';
import { actedBy } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, type ActionInput } from './action-definition';

const roles = ['appeals', 'legal', 'tns_lead', 'investigator', 'operator', 'admin', 'requester'] as const;
const fields = { text: { kind: 'text', max: CASE_BOUNDS.appealText.chars, doc: "The customer's appeal" } } as const;

/** An appeal on the customer's behalf (staff record it; the customer is not a principal). */
export type FileAppealInput = ActionInput<typeof fields>;

/** Records the customer's appeal: once notified, within the appeal window, one open appeal at a time. */
export const fileAppeal = defineCaseAction({
  name: 'appeal',
  update: 'fileAppeal',
  path: '/appeals',
  summary: "Record the customer's appeal",
  roles,
  destructive: false,
  fields,
  check: (state, input, nowMs) => {
    const noticeSent = state.notices.some((n) => n.kind === 'termination_notice' && n.delivered);
    return first(
      () => checkActor(input, roles),
      () => checkStage(state, ['awaiting_cutoff', 'revoking', 'monitoring'], 'an appeal'),
      () => (noticeSent || state.cutoff ? null : conflict('the customer has not been notified yet')),
      () =>
        state.deadlines.appealUntil && nowMs > Date.parse(state.deadlines.appealUntil)
          ? conflict(`the appeal window closed at ${state.deadlines.appealUntil}`)
          : null,
      () => (state.appeals.some((a) => !a.decision) ? conflict('an appeal is already open on this case') : null),
      () => (state.outcome === 'reinstated' ? conflict('the customer has already been reinstated') : null),
      () =>
        state.appeals.length >= CASE_BOUNDS.appeals
          ? conflict(`a case takes at most ${CASE_BOUNDS.appeals} appeals; this one has had them all decided`)
          : null,
      () => nonEmpty(input.text, 'text', CASE_BOUNDS.appealText),
    );
  },
  apply: (state, input, at) => {
    const id = `appeal-${state.appeals.length + 1}`;
    const appeal: Appeal = {
      id,
      filedBy: input.principal.id,
      filedAt: at,
      text: input.text,
      afterRevocation: state.revokedAt !== undefined || state.stage === 'revoking' || state.stage === 'monitoring',
    };
    state.appeals.push(appeal);
    state.outbox.push({ key: `appeal-received-${id}`, kind: 'appeal_received', appealId: id });
    record(state, at, 'appeal_filed', `appeal ${id} filed`, actedBy(input));
  },
  cli: {
    command: 'appeal',
    description: "Record the customer's appeal (staff file it on the customer's behalf)",
    example: 'terminus case appeal case-acct-8832 --text "The forum removed the threads and banned the posters."',
    done: () => 'appeal filed',
  },
});
