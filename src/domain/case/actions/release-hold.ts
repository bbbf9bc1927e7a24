import { checkActor, checkOpen, conflict, first, invalid, nonEmpty } from '../case-rules';
import { actedBy } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['legal'] as const;
const fields = {
  holdId: { kind: 'pathId', flag: 'hold', doc: 'The hold id (see case show)' },
  reasons: REASONS_FIELD,
} as const;

/** Releases a hold before its expiry. */
export type ReleaseHoldInput = ActionInput<typeof fields>;

/** Releases a hold that is still in force. */
export const releaseHold = defineCaseAction({
  name: 'hold-release',
  update: 'releaseHold',
  path: '/holds/{holdId}/release',
  summary: 'Release a hold before its expiry',
  roles,
  destructive: true,
  fields,
  check: (state, input, nowMs) => {
    const hold = state.holds.find((h) => h.id === input.holdId);
    return first(
      () => checkActor(input, roles),
      () => checkOpen(state),
      () => (hold ? null : invalid(`no hold "${String(input.holdId)}" on this case`)),
      () => (hold?.releasedAt ? conflict(`hold ${input.holdId} was already released`) : null),
      () => (hold && Date.parse(hold.expiresAt) <= nowMs ? conflict(`hold ${input.holdId} has already expired`) : null),
      () => nonEmpty(input.reasons, 'reasons'),
    );
  },
  apply: (state, input, at) => {
    const hold = state.holds.find((h) => h.id === input.holdId);
    if (!hold) return;
    hold.releasedAt = at;
    hold.releasedBy = input.principal.id;
    record(state, at, 'hold_released', `${hold.kind} hold ${hold.reference} released`, actedBy(input));
  },
  cli: {
    command: 'release',
    description: 'Release a hold before its expiry',
    example: 'terminus case release case-acct-8832 --hold hold-1 --reasons "agency withdrew the request"',
    done: (input) => `hold ${input.holdId} released`,
  },
});
