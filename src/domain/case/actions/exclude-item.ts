import { isAccountCase } from '../account-case';
import { CASE_BOUNDS, clip } from '../case-bounds';
import {
  checkActor,
  checkStage,
  conflict,
  domainNameProblem,
  first,
  invalid,
  nonEmpty,
  normaliseDomain,
  PRE_REVOCATION,
} from '../case-rules';
import { actedBy } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['investigator', 'tns_lead'] as const;
const fields = {
  name: { kind: 'domain', doc: 'The zone or proxied hostname of the account to leave in service' },
  reasons: REASONS_FIELD,
} as const;

/** Takes one of an account case's items out of the termination. */
export type ExcludeItemInput = ActionInput<typeof fields>;

/**
 * Leaves one zone or hostname of an account case in service (a name the account holds for someone else, a shared
 * service), with the reason: audited, and named in the statement of reasons. Only before revocation starts, and
 * only for an item still pending (the workflow's handler asks the item store, which refuses anything else).
 */
export const excludeItem = defineCaseAction({
  name: 'exclude-item',
  update: 'excludeItem',
  path: '/items/exclude',
  summary: "Exclude one of an account case's zones or hostnames from the termination, with a reason",
  roles,
  destructive: false,
  fields,
  check: (state, input) => {
    const items = state.accountItems;
    const name = normaliseDomain(input.name);
    return first(
      () => checkActor(input, roles),
      () => (isAccountCase(state) && items ? null : conflict('only an account case has items to exclude')),
      () => checkStage(state, PRE_REVOCATION, 'excluding an item'),
      () => (items?.revocationStartedAt ? conflict('revocation has started: items can no longer be excluded') : null),
      () => {
        const problem = domainNameProblem(input.name);
        return problem ? invalid(`name: ${problem}`) : null;
      },
      () =>
        items?.exclusions.some((e) => e.name === name) ? conflict(`${name} is already excluded from the case`) : null,
      () =>
        (items?.exclusions.length ?? 0) >= CASE_BOUNDS.itemExclusions
          ? conflict(`at most ${CASE_BOUNDS.itemExclusions} items may be excluded from one case; open a new case`)
          : null,
      () => nonEmpty(input.reasons, 'reasons'),
    );
  },
  apply: (state, input, at) => {
    const items = state.accountItems;
    if (!items) return;
    const name = normaliseDomain(input.name);
    items.exclusions.push({
      name,
      by: input.principal.id,
      at,
      reason: clip(input.reasons, CASE_BOUNDS.exclusionReason),
    });
    items.excluded++;
    items.remaining = Math.max(0, items.remaining - 1);
    record(state, at, 'item_excluded', `${name} excluded from the termination`, actedBy(input));
  },
  cli: {
    command: 'exclude-item',
    description: "Exclude one of an account case's zones or hostnames from the termination (before revocation)",
    example:
      'terminus case exclude-item case-acct-8832 --name shared-status.example --reasons "status page run for a third party"',
    done: (input) => `${input.name} excluded`,
  },
});
