import { checkAccountScope } from './account-case';
import { CASE_BOUNDS, jsonBytes } from './case-bounds';
import { checkContacts, checkRefs, first, invalid, nonEmpty, type Violation } from './case-rules';
import type { CaseIntake } from './case-state';
import { domainNameProblem } from '../domain-name';

/** A customer domain the Public Suffix List rules refuse (IP literal, public suffix, no registrable domain). */
function domainProblem(raw: unknown, field: string): Violation | null {
  const problem = domainNameProblem(raw);
  return problem ? invalid(`${field}: ${problem}`) : null;
}

/**
 * The bounds an intake must keep (`case-bounds.ts`): the intake is copied into the case state and carried by every
 * continue-as-new, and its domains become the `TerminusDomains` search attribute at start. The service checks it
 * before starting the workflow (a 400 naming the field) and the workflow again when it opens, whatever the entry
 * point, so a client that bypasses the API cannot open a case on a public suffix or an IP literal either. The
 * cutoff is checked by its own rule.
 */
export function checkIntakeBounds(intake: CaseIntake): Violation | null {
  const b = CASE_BOUNDS;
  const source = intake.source;
  return first(
    () => nonEmpty(intake.account?.name, 'account.name', b.accountName),
    () => checkContacts(intake.account?.noticeContacts, 'account.noticeContacts'),
    () => nonEmpty(intake.summary, 'summary', b.summary),
    () => checkRefs(intake.evidenceRefs, 'evidenceRefs'),
    () =>
      Array.isArray(intake.domains?.aliases) && intake.domains.aliases.length <= b.aliases
        ? null
        : invalid(`domains.aliases: at most ${b.aliases} aliases per case`),
    () => domainProblem(intake.domains?.primary, 'domains.primary'),
    ...(intake.domains?.aliases ?? []).map((alias, i) => () => domainProblem(alias, `domains.aliases[${i}]`)),
    () =>
      jsonBytes([intake.domains.primary, ...intake.domains.aliases]) <= b.domainFamilyBytes
        ? null
        : invalid(`domains: the names take more than ${b.domainFamilyBytes} bytes together; open several cases`),
    () =>
      typeof intake.requestedBy === 'string' && intake.requestedBy.length <= b.principalId
        ? null
        : invalid(`requestedBy must be a principal id of at most ${b.principalId} characters`),
    () => checkAccountScope(intake),
    ...(['notifier', 'authority', 'reference'] as const).map(
      (field) => () =>
        source?.[field] === undefined ? null : nonEmpty(source[field], `source.${field}`, b.sourceField),
    ),
  );
}
