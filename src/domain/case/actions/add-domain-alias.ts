import {
  checkActor,
  checkOpen,
  conflict,
  domainNameProblem,
  first,
  invalid,
  MAX_ALIASES,
  nonEmpty,
  normaliseDomain,
} from '../case-rules';
import { actedBy } from '../case-transitions';
import { record } from '../timeline';
import { CASE_BOUNDS, jsonBytes } from '../case-bounds';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['investigator', 'legal', 'tns_lead', 'operator', 'admin'] as const;
const fields = { domain: { kind: 'domain', doc: 'The alias or mirror' }, reasons: REASONS_FIELD } as const;

/** Adds an alias or mirror to the domain family (revoked with the rest, or watched if already revoked). */
export type AddDomainAliasInput = ActionInput<typeof fields>;

/** Grows the domain family, within its bound (the revocation saga's size bounds a run's history). */
export const addDomainAlias = defineCaseAction({
  name: 'alias',
  update: 'addDomainAlias',
  path: '/aliases',
  summary: 'Add an alias or mirror to the domain family',
  roles,
  destructive: false,
  fields,
  check: (state, input) => {
    const domain = normaliseDomain(input.domain);
    return first(
      () => checkActor(input, roles),
      () => checkOpen(state),
      () => {
        const problem = domainNameProblem(input.domain);
        return problem ? invalid(`domain: ${problem}`) : null;
      },
      () =>
        domain === state.domains.primary || state.domains.aliases.includes(domain)
          ? conflict(`${domain} is already in the domain family`)
          : null,
      () =>
        state.domains.aliases.length >= MAX_ALIASES
          ? conflict(`the domain family is limited to ${MAX_ALIASES} aliases per case`)
          : null,
      () =>
        jsonBytes([state.domains.primary, ...state.domains.aliases, domain]) > CASE_BOUNDS.domainFamilyBytes
          ? conflict(
              `the domain family's names would exceed ${CASE_BOUNDS.domainFamilyBytes} bytes together ` +
                '(the TerminusDomains search attribute); open a separate case for further domains',
            )
          : null,
      () => nonEmpty(input.reasons, 'reasons'),
    );
  },
  apply: (state, input, at) => {
    const domain = normaliseDomain(input.domain);
    state.domains.aliases.push(domain);
    record(state, at, 'alias_added', `${domain} added to the domain family`, actedBy(input));
    return { domainsChanged: true };
  },
  cli: {
    command: 'add-domain',
    description:
      'Add an alias or mirror to the domain family (revoked with the rest, or watched if service already ended)',
    example:
      'terminus case add-domain case-acct-8832 --domain example-board.org --reasons "new mirror announced on the forum"',
    done: (input) => `${input.domain} added`,
  },
});
