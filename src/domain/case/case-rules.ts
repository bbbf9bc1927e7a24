import { FailureType } from '../failures';
import type { Hold, Role, Stage } from '../case-types';
import type { Actor } from './case-inputs';
import { badCharacterIn, CASE_BOUNDS, jsonBytes, type TextBound } from './case-bounds';
import type { CaseState } from './case-state';

/**
 * The building blocks of the rules every human action must pass (each action's own rule is in `actions/`), as pure
 * functions of the case state: the workflow's update validators run them, so a refused decision never reaches
 * history. Each returns `null` or a {@link Violation} naming what is wrong.
 */

/** Why a decision is refused; `type` maps to an HTTP status at the API (Forbidden 403, Conflict 409, ...). */
export interface Violation {
  type: FailureType;
  message: string;
}

/** Aliases per case (see `case-bounds.ts`: the revocation saga, snapshots, watches and the search attribute). */
export const MAX_ALIASES = CASE_BOUNDS.aliases;

/** Preservation holds last at most 90 days, renewable once for 90 more (18 U.S.C. 2703(f)). */
export const PRESERVATION_MAX_MS = 90 * 24 * 3_600_000;

/** A refusal for who acts (role, four eyes): 403 at the API. */
export const forbidden = (message: string): Violation => ({ type: FailureType.Forbidden, message });
/** A refusal for the case as it stands (stage, already decided): 409 at the API. */
export const conflict = (message: string): Violation => ({ type: FailureType.Conflict, message });
/** A refusal for the input itself: 400 at the API. */
export const invalid = (message: string): Violation => ({ type: FailureType.InvalidInput, message });

/** Stages before service ends: withdrawal and expedite are possible only then. */
export const PRE_REVOCATION: readonly Stage[] = ['investigating', 'legal_review', 'notifying', 'awaiting_cutoff'];
/** A customer's domain: one spelling, and only names one customer can own (Public Suffix List, no IP literals). */
export { domainNameProblem, normaliseDomain } from '../domain-name';
/** An e-mail address as notice contacts accept it (printable ASCII, no display names, no lists). */
export const EMAIL_RE = /^[!#-'*+\-./0-9=?A-Z^-~]+@[!#-'*+\-./0-9=?A-Z^-~]+\.[!#-'*+\-./0-9=?A-Z^-~]+$/;

/** A required text within its bound (characters and encoded bytes), without control characters (newline and tab
 * allowed in texts longer than one line, as at the API). */
export function nonEmpty(value: unknown, field: string, bound: TextBound = CASE_BOUNDS.reasons): Violation | null {
  if (typeof value !== 'string' || value.trim() === '') return invalid(`${field} is required`);
  if (value.length > bound.chars) return invalid(`${field} is longer than ${bound.chars} characters`);
  const bad = badCharacterIn(value, bound.chars > 500);
  if (bad) return invalid(`${field} must not contain ${bad}`);
  const bytes = jsonBytes(value) - 2;
  if (bytes > bound.bytes) {
    return invalid(`${field} takes ${bytes} bytes encoded; at most ${bound.bytes} (fewer characters outside ASCII)`);
  }
  return null;
}

/** A list of notice contacts: 1 to the bound, each an address, together within the byte bound. */
export function checkContacts(contacts: unknown, field: string): Violation | null {
  const b = CASE_BOUNDS;
  if (!Array.isArray(contacts) || contacts.length === 0) return invalid(`${field} must be a non-empty list`);
  if (contacts.length > b.noticeContacts) return invalid(`${field}: at most ${b.noticeContacts} addresses`);
  const bad = (contacts as unknown[]).find((c) => typeof c !== 'string' || c.length > b.email || !EMAIL_RE.test(c));
  if (bad !== undefined) {
    const shown = typeof bad === 'string' ? `"${bad.slice(0, 80)}"` : 'an entry';
    return invalid(`${field}: ${shown} is not an e-mail address of at most ${b.email} characters`);
  }
  if (jsonBytes(contacts) > b.noticeContactsBytes) {
    return invalid(`${field} take more than ${b.noticeContactsBytes} bytes together; give fewer addresses`);
  }
  return null;
}

/** A list of evidence references (hashes or URLs): within the count, each printable ASCII within its length, and
 * together within the byte bound (evidence itself belongs in the evidence store). */
export function checkRefs(refs: unknown, field: string): Violation | null {
  const b = CASE_BOUNDS;
  if (!Array.isArray(refs)) return invalid(`${field} must be a list of references`);
  if (refs.length > b.evidenceRefs) return invalid(`${field}: at most ${b.evidenceRefs} references`);
  const bad = (refs as unknown[]).find((r) => typeof r !== 'string' || !/^[\x21-\x7e]{1,512}$/.test(r));
  if (bad !== undefined) {
    return invalid(`${field}: each reference is a hash or URL of 1 to ${b.evidenceRef} printable ASCII characters`);
  }
  if (jsonBytes(refs) > b.evidenceRefsBytes) {
    return invalid(`${field} take more than ${b.evidenceRefsBytes} bytes together; store evidence, reference by hash`);
  }
  return null;
}

/** The acting principal holds the role it claims, and the role is one of `allowed`. */
export function checkActor(input: Actor, allowed: readonly Role[]): Violation | null {
  const p = (input as Partial<Actor> | undefined)?.principal;
  if (!p || typeof p.id !== 'string' || p.id.trim() === '' || !Array.isArray(p.roles)) {
    return invalid('principal with an id and roles is required');
  }
  if (p.id.length > CASE_BOUNDS.principalId || badCharacterIn(p.id, false)) {
    return invalid(`principal id must be one line of at most ${CASE_BOUNDS.principalId} characters`);
  }
  if (!p.roles.includes(input.role)) return forbidden(`principal ${p.id} does not hold the role "${input.role}"`);
  if (!allowed.includes(input.role)) {
    return forbidden(`role "${input.role}" may not do this (allowed: ${allowed.join(', ')})`);
  }
  return null;
}

/** The case is not closed. */
export function checkOpen(state: CaseState): Violation | null {
  return state.stage === 'closed' ? conflict(`case ${state.caseId} is closed`) : null;
}

/** The case is at one of `stages`. */
export function checkStage(state: CaseState, stages: readonly Stage[], what: string): Violation | null {
  return stages.includes(state.stage)
    ? null
    : conflict(`${what} is not possible while the case is ${state.stage} (only when ${stages.join(' or ')})`);
}

/** Legal review is open once findings are in, even while the investigation's own steps (snapshot, live
 * observation) are still finishing: a decision must not be refused because an activity is slow. */
export function checkLegalReviewOpen(state: CaseState, what: string): Violation | null {
  if (state.stage === 'legal_review' || (state.stage === 'investigating' && state.findings)) return null;
  return conflict(`${what} is not possible while the case is ${state.stage} (only in legal review, after findings)`);
}

/** Four eyes: whoever opened the case approves nothing in it. */
export function notRequester(state: CaseState, principalId: string): Violation | null {
  return principalId === state.intake.requestedBy
    ? forbidden(`principal ${principalId} opened this case and cannot approve it (four-eyes rule)`)
    : null;
}

/** Separation of duties: whoever submitted the findings neither decides as legal nor gives the second approval, so
 * investigator, legal approver and T&S lead of one case are three different principals. */
export function notInvestigator(state: CaseState, principalId: string): Violation | null {
  return state.findings?.by === principalId
    ? forbidden(
        `principal ${principalId} submitted this case's findings and cannot also approve it (separation of duties)`,
      )
    : null;
}

/** Everyone who approved the termination (legal, further approvers); they may not decide an appeal. */
export function terminationApprovers(state: CaseState): string[] {
  const ids = state.approvals.filter((a) => a.decision === 'approve').map((a) => a.by);
  if (state.legal?.decision === 'approve') ids.unshift(state.legal.by);
  return ids;
}

/** Holds not released and not past expiry at `nowMs`. */
export function activeHolds(state: CaseState, nowMs: number, kind?: Hold['kind']): Hold[] {
  return state.holds.filter(
    (h) => !h.releasedAt && Date.parse(h.expiresAt) > nowMs && (kind === undefined || h.kind === kind),
  );
}

/** Roles required by policy that have no approval yet (legal first, then the others). */
export function pendingApproverRoles(state: CaseState): Role[] {
  const done = new Set<Role>(state.approvals.filter((a) => a.decision === 'approve').map((a) => a.role));
  if (state.legal?.decision === 'approve') done.add('legal');
  return state.policy.category.requiredApproverRoles.filter((r) => !done.has(r));
}

/** The first violation among `checks`, in order (so the message names the most basic problem). */
export const first = (...checks: (() => Violation | null)[]): Violation | null => {
  for (const check of checks) {
    const v = check();
    if (v) return v;
  }
  return null;
};
