import type { DiscoveryPhase } from './account-items';
import { CASE_BOUNDS, clip } from './case-bounds';
import { checkRefs, first, invalid, nonEmpty, type Violation } from './case-rules';
import type { CaseIntake, CaseState } from './case-state';
import { record } from './timeline';

/**
 * Account-scale cases (issue 18): the subject of the case is a customer account, and every zone and proxied
 * hostname it (and its linked accounts) has on our edge ends with it. The names live in the app database
 * (`account-items.ts`); the case state keeps counts, a short sample, the exclusions with their reasons (bounded) and
 * the discoveries, so a case of 10,000 zones weighs what a case of ten does.
 */

/** What a case is about: a domain family (every case before accounts), or a customer account. */
export const CASE_SCOPES = ['domain', 'account'] as const;
export type CaseScope = (typeof CASE_SCOPES)[number];

/** Another account the same operator runs, with what links it (shown to legal, kept in the record). */
export interface LinkedAccount {
  id: string;
  /** Why it is the same operator, in a sentence. */
  reason: string;
  /** References to the evidence of the link (hashes or URLs). */
  evidenceRefs: string[];
}

/** An item staff took out of the case before revocation, with why (named in the statement of reasons). */
export interface ItemExclusion {
  name: string;
  by: string;
  at: string;
  reason: string;
}

/** One discovery run's outcome, as counts. */
export interface DiscoveryRecord {
  phase: DiscoveryPhase;
  at: string;
  total: number;
  added: number;
}

/** The account part of a case's state: counts and bounded lists only, never the names themselves. */
export interface AccountItemsState {
  /** Items the case knows (every discovery): done + failed + excluded + remaining, plus absent ones. */
  total: number;
  done: number;
  failed: number;
  excluded: number;
  /** Pending items: what revocation still has to do. */
  remaining: number;
  /** Items found by the pre-revocation discovery (added to the account after the intake). */
  lateAdded: number;
  /** The first names found (for the notice and the statement; the full list is paged from the database). */
  sample: string[];
  exclusions: ItemExclusion[];
  discoveries: DiscoveryRecord[];
  /** How many items a revocation batch takes (one heartbeating activity). */
  batchSize: number;
  batches: number;
  /** Set when the first batch starts: exclusions are refused from then on. */
  revocationStartedAt?: string;
  /** Set by `retry-revocation` while revocation waits for staff: failed items go back to pending. */
  retryRequested: boolean;
  /** The last tenth of the work a progress line was recorded for (the timeline gets ~10 lines, not one a batch). */
  progressStep: number;
  /** Group watches started over the revoked names once monitoring began (`watch-group-<caseId>-items-<n>`). */
  watchGroups?: number;
}

/** Items one revocation batch takes unless the deployment says otherwise: large enough that 10,000 zones take
 * 100 activities, small enough that a batch finishes well inside its start-to-close timeout. */
export const DEFAULT_ACCOUNT_BATCH_SIZE = 100;

/** An account id as the API accepts it. */
const ACCOUNT_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Whether the case's subject is an account. */
export function isAccountCase(subject: CaseState | CaseIntake): boolean {
  const intake = 'intake' in subject ? subject.intake : subject;
  return intake.scope === 'account';
}

/** The accounts the case ends: its own first, then the linked ones. */
export function caseAccountIds(intake: CaseIntake): string[] {
  return [intake.account.id, ...(intake.linkedAccounts ?? []).map((l) => l.id)];
}

/** The account part of a fresh account case. */
export function newAccountItems(batchSize = DEFAULT_ACCOUNT_BATCH_SIZE): AccountItemsState {
  return {
    total: 0,
    done: 0,
    failed: 0,
    excluded: 0,
    remaining: 0,
    lateAdded: 0,
    sample: [],
    exclusions: [],
    discoveries: [],
    batchSize,
    batches: 0,
    retryRequested: false,
    progressStep: 0,
  };
}

/** The intake's account fields: linked accounts only on account cases, within their bound, each distinct from the
 * case's account and from each other, each with a reason and at least one evidence reference. */
export function checkAccountScope(intake: CaseIntake): Violation | null {
  const linked = intake.linkedAccounts;
  if (intake.scope !== undefined && !(CASE_SCOPES as readonly string[]).includes(intake.scope)) {
    return invalid(`scope must be one of ${CASE_SCOPES.join(', ')}`);
  }
  if (linked === undefined) return null;
  if (intake.scope !== 'account') return invalid('linkedAccounts: only a case whose scope is "account" links accounts');
  if (!Array.isArray(linked)) return invalid('linkedAccounts must be a list');
  const max = CASE_BOUNDS.linkedAccounts;
  if (linked.length > max) return invalid(`linkedAccounts: at most ${max} linked accounts per case`);
  const seen = new Set([intake.account?.id]);
  return first(
    ...linked.map((l, i) => () => {
      const field = `linkedAccounts[${i}]`;
      if (!l || typeof l.id !== 'string' || !ACCOUNT_ID_RE.test(l.id)) {
        return invalid(`${field}.id: letters, digits, ".", "_" or "-" (at most 64)`);
      }
      if (seen.has(l.id)) return invalid(`${field}.id: ${l.id} is already the case's account or linked above`);
      seen.add(l.id);
      return first(
        () => nonEmpty(l.reason, `${field}.reason`, CASE_BOUNDS.linkedAccountReason),
        () => checkRefs(l.evidenceRefs, `${field}.evidenceRefs`),
        () =>
          l.evidenceRefs.length >= 1 && l.evidenceRefs.length <= CASE_BOUNDS.linkedAccountRefs
            ? null
            : invalid(`${field}.evidenceRefs: 1 to ${CASE_BOUNDS.linkedAccountRefs} references to what links it`),
      );
    }),
  );
}

/** Records a discovery: counts, the sample, and for the pre-revocation one the names added late on the timeline. */
export function applyDiscovery(
  items: AccountItemsState,
  state: CaseState,
  phase: DiscoveryPhase,
  result: { total: number; added: number; addedSample: string[]; excluded: number },
  at: string,
): void {
  items.total = result.total;
  items.excluded = result.excluded;
  items.remaining = Math.max(0, result.total - result.excluded - items.done - items.failed);
  for (const name of result.addedSample) {
    if (items.sample.length >= CASE_BOUNDS.itemSample) break;
    if (!items.sample.includes(name)) items.sample.push(clip(name, 253));
  }
  items.discoveries.push({ phase, at, total: result.total, added: result.added });
  if (items.discoveries.length > CASE_BOUNDS.itemDiscoveries) items.discoveries.shift();
  if (phase === 'pre_revocation') items.lateAdded += result.added;
  const late = phase === 'pre_revocation' && result.added > 0;
  const shown = result.addedSample.slice(0, 5).join(', ');
  record(
    state,
    at,
    'items_discovered',
    late
      ? `${result.added} name(s) added to the account since intake, revoked with the rest: ${shown}` +
          (result.added > 5 ? ', ...' : '')
      : `${phase === 'intake' ? 'intake' : 'pre-revocation'} discovery: ${result.total} name(s) on the edge, ` +
          `${result.added} new, ${result.excluded} excluded`,
  );
}

/** Records a batch's progress: counts always, a timeline line at each further tenth of the work and on failures. */
export function applyProgress(
  items: AccountItemsState,
  state: CaseState,
  p: { done: number; failed: number; remaining: number; failedSample: { name: string; error: string }[] },
  at: string,
): void {
  items.done = p.done;
  items.failed = p.failed;
  items.remaining = p.remaining;
  items.batches++;
  const work = p.done + p.failed + p.remaining;
  const step = work === 0 ? 10 : Math.floor(((p.done + p.failed) * 10) / work);
  if (step > items.progressStep || p.failedSample.length || p.remaining === 0) {
    items.progressStep = step;
    const failures = p.failedSample
      .slice(0, 3)
      .map((f) => `${f.name} (${f.error})`)
      .join(', ');
    record(
      state,
      at,
      p.failedSample.length ? 'revocation_failed' : 'revocation_progress',
      `account revocation: ${p.done} done, ${p.failed} failed, ${p.remaining} remaining` +
        (failures ? `; failed: ${failures}` : ''),
    );
  }
}

/** What the notice and the statement say is affected: counts, the first names, the exclusions with reasons. */
export function affectedSummary(items: AccountItemsState, accounts: string[]): string {
  const lines = [
    `Accounts: ${accounts.join(', ')}.`,
    `Affected: ${items.total - items.excluded} zone(s) and proxied hostname(s)` +
      (items.sample.length ? `, including ${items.sample.join(', ')}` : '') +
      '.',
  ];
  if (items.exclusions.length) {
    lines.push(
      `Excluded (${items.excluded}): ` + items.exclusions.map((e) => `${e.name} (${e.reason})`).join('; ') + '.',
    );
  }
  return lines.join('\n');
}
