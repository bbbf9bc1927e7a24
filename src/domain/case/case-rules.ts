import { FailureType } from '../failures';
import type { Hold, Role, Stage } from '../case-types';
import type { Actor } from './case-inputs';
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

/** Bounds the revocation saga (two steps per domain) so one run stays far below 4,096 history events. */
export const MAX_ALIASES = 50;

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
/** An e-mail address as notice contacts accept it (no display names, no lists). */
export const EMAIL_RE = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** A required text, within `max` characters. */
export function nonEmpty(value: unknown, field: string, max = 20_000): Violation | null {
  if (typeof value !== 'string' || value.trim() === '') return invalid(`${field} is required`);
  if (value.length > max) return invalid(`${field} is longer than ${max} characters`);
  return null;
}

/** The acting principal holds the role it claims, and the role is one of `allowed`. */
export function checkActor(input: Actor, allowed: readonly Role[]): Violation | null {
  const p = (input as Partial<Actor> | undefined)?.principal;
  if (!p || typeof p.id !== 'string' || p.id.trim() === '' || !Array.isArray(p.roles)) {
    return invalid('principal with an id and roles is required');
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
