import { FailureType } from '../failures';
import type { Hold, Role, Stage } from '../case-types';
import type {
  Actor,
  AddDomainAliasInput,
  DecideAppealInput,
  EndMonitoringInput,
  ExpediteInput,
  FileAppealInput,
  LegalDecisionInput,
  PlaceHoldInput,
  ReleaseHoldInput,
  RetryNoticeInput,
  RetryRevocationInput,
  SecondApprovalInput,
  SubmitFindingsInput,
  WithdrawInput,
} from './case-inputs';
import type { CaseState } from './case-state';

/**
 * The rules every human decision must pass, as pure functions of the case state: the workflow's update
 * validators call them (so a refused decision never reaches history) and the API may call them too for early,
 * identical answers. Each returns `null` or a {@link Violation} naming what is wrong.
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

const forbidden = (message: string): Violation => ({ type: FailureType.Forbidden, message });
const conflict = (message: string): Violation => ({ type: FailureType.Conflict, message });
const invalid = (message: string): Violation => ({ type: FailureType.InvalidInput, message });

const PRE_REVOCATION: readonly Stage[] = ['investigating', 'legal_review', 'notifying', 'awaiting_cutoff'];
const DOMAIN_RE = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;
const EMAIL_RE = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

function nonEmpty(value: unknown, field: string, max = 20_000): Violation | null {
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

function checkOpen(state: CaseState): Violation | null {
  return state.stage === 'closed' ? conflict(`case ${state.caseId} is closed`) : null;
}

function checkStage(state: CaseState, stages: readonly Stage[], what: string): Violation | null {
  return stages.includes(state.stage)
    ? null
    : conflict(`${what} is not possible while the case is ${state.stage} (only when ${stages.join(' or ')})`);
}

/** Legal review is open once findings are in, even while the investigation's own steps (snapshot, live
 * observation) are still finishing: a decision must not be refused because an activity is slow. */
function checkLegalReviewOpen(state: CaseState, what: string): Violation | null {
  if (state.stage === 'legal_review' || (state.stage === 'investigating' && state.findings)) return null;
  return conflict(`${what} is not possible while the case is ${state.stage} (only in legal review, after findings)`);
}

function notRequester(state: CaseState, principalId: string): Violation | null {
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

const first = (...checks: (() => Violation | null)[]): Violation | null => {
  for (const check of checks) {
    const v = check();
    if (v) return v;
  }
  return null;
};

export function checkFindings(state: CaseState, input: SubmitFindingsInput): Violation | null {
  return first(
    () => checkActor(input, ['investigator']),
    () => checkStage(state, ['investigating'], 'submitting findings'),
    () => (state.findings ? conflict('findings were already submitted') : null),
    () => nonEmpty(input.facts, 'facts'),
    () => nonEmpty(input.reasons, 'reasons'),
    () =>
      Array.isArray(input.evidence) && input.evidence.every((e) => typeof e === 'string' && e.trim() !== '')
        ? null
        : invalid('evidence must be a list of references'),
  );
}

export function checkLegalDecision(state: CaseState, input: LegalDecisionInput): Violation | null {
  return first(
    () => checkActor(input, ['legal']),
    () => checkLegalReviewOpen(state, 'a legal decision'),
    () => (state.legal ? conflict(`legal already decided (${state.legal.decision}) on this case`) : null),
    () =>
      input.decision === 'approve' || input.decision === 'reject'
        ? null
        : invalid('decision must be approve or reject'),
    () => nonEmpty(input.reasons, 'reasons'),
    () =>
      input.ground === undefined || input.ground === 'illegal_content' || input.ground === 'incompatible_content'
        ? null
        : invalid('ground must be illegal_content or incompatible_content'),
    () => notRequester(state, input.principal.id),
    () =>
      state.approvals.some((a) => a.by === input.principal.id)
        ? forbidden(`principal ${input.principal.id} already decided on this case; legal needs a different person`)
        : null,
  );
}

export function checkSecondApproval(state: CaseState, input: SecondApprovalInput): Violation | null {
  const further = state.policy.category.requiredApproverRoles.filter((r) => r !== 'legal');
  return first(
    () => checkActor(input, further),
    () => checkLegalReviewOpen(state, 'a second approval'),
    () => (state.legal?.decision === 'approve' ? null : conflict('legal has not approved this case yet')),
    () =>
      state.approvals.some((a) => a.role === input.role)
        ? conflict(`the ${input.role} approval has already been given`)
        : null,
    () =>
      input.decision === 'approve' || input.decision === 'reject'
        ? null
        : invalid('decision must be approve or reject'),
    () => nonEmpty(input.reasons, 'reasons'),
    () => notRequester(state, input.principal.id),
    () =>
      terminationApprovers(state).includes(input.principal.id) ||
      state.approvals.some((a) => a.by === input.principal.id)
        ? forbidden(`principal ${input.principal.id} already approved this case; two distinct approvers are required`)
        : null,
  );
}

export function checkFileAppeal(state: CaseState, input: FileAppealInput, nowMs: number): Violation | null {
  const noticeSent = state.notices.some((n) => n.kind === 'termination_notice' && n.delivered);
  return first(
    () => checkActor(input, ['appeals', 'legal', 'tns_lead', 'investigator', 'operator', 'admin', 'requester']),
    () => checkStage(state, ['awaiting_cutoff', 'revoking', 'monitoring'], 'an appeal'),
    () => (noticeSent || state.cutoff ? null : conflict('the customer has not been notified yet')),
    () =>
      state.deadlines.appealUntil && nowMs > Date.parse(state.deadlines.appealUntil)
        ? conflict(`the appeal window closed at ${state.deadlines.appealUntil}`)
        : null,
    () => (state.appeals.some((a) => !a.decision) ? conflict('an appeal is already open on this case') : null),
    () => (state.outcome === 'reinstated' ? conflict('the customer has already been reinstated') : null),
    () => nonEmpty(input.text, 'text'),
  );
}

export function checkDecideAppeal(state: CaseState, input: DecideAppealInput): Violation | null {
  const appeal = state.appeals.find((a) => a.id === input.appealId);
  const id = input.principal?.id;
  return first(
    () => checkActor(input, ['appeals']),
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
}

export function checkPlaceHold(state: CaseState, input: PlaceHoldInput, nowMs: number): Violation | null {
  const expires = Date.parse(input.expiresAt);
  const previous = state.holds.filter((h) => h.kind === 'preservation' && h.reference === input.reference);
  return first(
    () => checkActor(input, ['legal']),
    () => checkOpen(state),
    () =>
      ['preservation', 'do_not_terminate', 'non_disclosure'].includes(input.kind)
        ? null
        : invalid('kind must be preservation, do_not_terminate or non_disclosure'),
    () => nonEmpty(input.reference, 'reference', 200),
    () => nonEmpty(input.agencyContact, 'agencyContact', 500),
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
  );
}

export function checkReleaseHold(state: CaseState, input: ReleaseHoldInput, nowMs: number): Violation | null {
  const hold = state.holds.find((h) => h.id === input.holdId);
  return first(
    () => checkActor(input, ['legal']),
    () => checkOpen(state),
    () => (hold ? null : invalid(`no hold "${String(input.holdId)}" on this case`)),
    () => (hold?.releasedAt ? conflict(`hold ${input.holdId} was already released`) : null),
    () => (hold && Date.parse(hold.expiresAt) <= nowMs ? conflict(`hold ${input.holdId} has already expired`) : null),
    () => nonEmpty(input.reasons, 'reasons'),
  );
}

export function checkExpedite(state: CaseState, input: ExpediteInput): Violation | null {
  return first(
    () => checkActor(input, state.policy.category.requiredApproverRoles),
    () => checkStage(state, PRE_REVOCATION, 'expedite'),
    () =>
      state.policy.category.expediteAllowed
        ? null
        : forbidden(`policy ${state.policy.version} category ${state.policy.category.id} does not allow expedite`),
    () =>
      state.intake.urgency === 'imminent' ? null : forbidden('expedite needs a case opened with imminent urgency'),
    () => (state.expedite.effectiveAt ? conflict('the case is already expedited') : null),
    () => nonEmpty(input.reasons, 'reasons'),
    () => notRequester(state, input.principal.id),
    () =>
      state.expedite.approvals.some((a) => a.by === input.principal.id)
        ? forbidden(
            `principal ${input.principal.id} already approved the expedite; a second, different approver is required`,
          )
        : null,
  );
}

export function checkWithdraw(state: CaseState, input: WithdrawInput): Violation | null {
  return first(
    () => checkActor(input, ['requester', 'investigator', 'legal', 'tns_lead', 'admin']),
    () =>
      state.stage === 'revoking' || state.stage === 'monitoring'
        ? conflict('service has already ended; only an upheld appeal can reinstate it')
        : null,
    () => checkStage(state, PRE_REVOCATION, 'withdrawal'),
    () => nonEmpty(input.reasons, 'reasons'),
  );
}

/** Lower-cases and strips the trailing dot, as the domain family stores names. */
export function normaliseDomain(domain: string): string {
  return typeof domain === 'string' ? domain.trim().toLowerCase().replace(/\.$/, '') : '';
}

export function checkAddAlias(state: CaseState, input: AddDomainAliasInput): Violation | null {
  const domain = normaliseDomain(input.domain);
  return first(
    () => checkActor(input, ['investigator', 'legal', 'tns_lead', 'operator', 'admin']),
    () => checkOpen(state),
    () => (DOMAIN_RE.test(domain) ? null : invalid(`"${String(input.domain)}" is not a domain name`)),
    () =>
      domain === state.domains.primary || state.domains.aliases.includes(domain)
        ? conflict(`${domain} is already in the domain family`)
        : null,
    () =>
      state.domains.aliases.length >= MAX_ALIASES
        ? conflict(`the domain family is limited to ${MAX_ALIASES} aliases per case`)
        : null,
    () => nonEmpty(input.reasons, 'reasons'),
  );
}

export function checkRetryNotice(state: CaseState, input: RetryNoticeInput): Violation | null {
  return first(
    () => checkActor(input, ['legal', 'tns_lead', 'operator', 'admin']),
    () => checkStage(state, ['notifying'], 'retrying the notice'),
    () => (state.noticeUndeliverable ? null : conflict('the notice is not waiting for a retry')),
    () =>
      input.contacts === undefined ||
      (Array.isArray(input.contacts) && input.contacts.length > 0 && input.contacts.every((c) => EMAIL_RE.test(c)))
        ? null
        : invalid('contacts must be a non-empty list of e-mail addresses'),
    () => nonEmpty(input.reasons, 'reasons'),
  );
}

export function checkRetryRevocation(state: CaseState, input: RetryRevocationInput): Violation | null {
  return first(
    () => checkActor(input, ['operator', 'admin']),
    () => checkStage(state, ['revoking', 'monitoring'], 'retrying revocation or restore'),
    () => (state.revocationStuck ? null : conflict('revocation (or restore) is not waiting for a retry')),
    () => nonEmpty(input.reasons, 'reasons'),
  );
}

export function checkEndMonitoring(state: CaseState, input: EndMonitoringInput): Violation | null {
  return first(
    () => checkActor(input, ['tns_lead', 'legal', 'admin']),
    () => checkStage(state, ['monitoring'], 'ending monitoring'),
    () => (state.monitoringEnd ? conflict('monitoring is already ending') : null),
    () => nonEmpty(input.reasons, 'reasons'),
  );
}
