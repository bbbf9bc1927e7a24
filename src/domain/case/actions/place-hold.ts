import type { Hold } from '../../case-types';
import { HOLD_KINDS } from '../../vocabularies';
import { CASE_BOUNDS } from '../case-bounds';
import { checkActor, checkOpen, conflict, first, invalid, nonEmpty, PRESERVATION_MAX_MS } from '../case-rules';
import { actedBy } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['legal'] as const;
const fields = {
  kind: { kind: 'choice', values: HOLD_KINDS, doc: 'Hold kind (do_not_terminate pauses before revocation)' },
  reference: { kind: 'text', max: CASE_BOUNDS.holdReference.chars, doc: 'The agency reference' },
  agencyContact: { kind: 'text', max: CASE_BOUNDS.agencyContact.chars, doc: 'Who at the agency' },
  expiresAt: { kind: 'instant', orDays: true, doc: 'Expiry instant (preservation: at most 90 days)' },
  reasons: REASONS_FIELD,
} as const;

/** A law-enforcement hold arriving during the case. */
export type PlaceHoldInput = ActionInput<typeof fields>;

/** Places a hold; a preservation hold lasts at most 90 days and is renewable once (18 U.S.C. 2703(f)). */
export const placeHold = defineCaseAction({
  name: 'hold',
  update: 'placeHold',
  path: '/holds',
  summary: 'Place a law-enforcement hold (preservation, do not terminate, non-disclosure)',
  roles,
  destructive: false,
  fields,
  check: (state, input, nowMs) => {
    const expires = Date.parse(input.expiresAt);
    const previous = state.holds.filter((h) => h.kind === 'preservation' && h.reference === input.reference);
    return first(
      () => checkActor(input, roles),
      () => checkOpen(state),
      () =>
        (HOLD_KINDS as readonly string[]).includes(input.kind)
          ? null
          : invalid('kind must be preservation, do_not_terminate or non_disclosure'),
      () => nonEmpty(input.reference, 'reference', CASE_BOUNDS.holdReference),
      () => nonEmpty(input.agencyContact, 'agencyContact', CASE_BOUNDS.agencyContact),
      () => nonEmpty(input.reasons, 'reasons'),
      () =>
        Number.isFinite(expires) && /(Z|[+-]\d{2}:?\d{2})$/.test(input.expiresAt)
          ? null
          : invalid('expiresAt must be an ISO instant with an offset'),
      () => (expires > nowMs ? null : invalid(`expiresAt ${input.expiresAt} is in the past`)),
      () => {
        if (input.kind !== 'preservation') return null;
        if (previous.length >= 2) return conflict(`preservation ${input.reference} was already renewed once`);
        const latest = previous.reduce((m, h) => Math.max(m, Date.parse(h.expiresAt)), nowMs);
        return expires - latest > PRESERVATION_MAX_MS
          ? invalid('a preservation hold lasts at most 90 days (renewable once for 90 more)')
          : null;
      },
      () =>
        state.holds.length >= CASE_BOUNDS.holds
          ? conflict(
              `a case records at most ${CASE_BOUNDS.holds} holds (placed or found in the registry) and this ` +
                'one has them all; keep further requests in the hold registry',
            )
          : null,
    );
  },
  apply: (state, input, at) => {
    const hold: Hold = {
      id: `hold-${state.holds.length + 1}`,
      kind: input.kind,
      reference: input.reference,
      agencyContact: input.agencyContact,
      placedAt: at,
      expiresAt: new Date(Date.parse(input.expiresAt)).toISOString(),
      placedBy: input.principal.id,
    };
    state.holds.push(hold);
    record(state, at, 'hold_placed', `${input.kind} hold ${input.reference} until ${hold.expiresAt}`, actedBy(input));
  },
  cli: {
    command: 'hold',
    description:
      'Place a law-enforcement hold: preservation, do_not_terminate (pauses before revocation) or non_disclosure',
    example:
      'terminus case hold case-acct-8832 --kind do_not_terminate --reference "FBI-2026-0042" --agency-contact "SA Doe, +1 202 555 0100" --days 30 --reasons "ongoing investigation"',
    done: (input) => `${input.kind} hold placed`,
  },
});
