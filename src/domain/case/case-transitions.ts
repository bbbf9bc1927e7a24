import type { Hold, Stage } from '../case-types';
import type { CasePolicy } from '../policy/policy-types';
import type {
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
import { normaliseDomain } from './case-rules';
import type { Appeal, CaseIntake, CaseState, Decision } from './case-state';
import { record } from './timeline';

/**
 * What each accepted decision does to the case state. Called by the workflow's update handlers after the
 * validators passed, so these functions do not re-check; they only record who, when, why, and change state.
 * `at` is the workflow's clock (deterministic), passed in so these stay pure.
 */

/** A fresh case at intake. */
export function openCase(
  ids: { caseId: string; caseRef: string },
  intake: CaseIntake,
  policy: CasePolicy,
  at: string,
): CaseState {
  const state: CaseState = {
    caseId: ids.caseId,
    caseRef: ids.caseRef,
    openedAt: at,
    intake,
    domains: {
      primary: normaliseDomain(intake.domains.primary),
      aliases: [...new Set(intake.domains.aliases.map(normaliseDomain))],
    },
    policy,
    stage: 'investigating',
    approvals: [],
    remindersSent: 0,
    holds: [],
    appeals: [],
    expedite: { approvals: [] },
    notices: [],
    noticeContacts: [...intake.account.noticeContacts],
    noticeAttempts: 0,
    noticeUndeliverable: false,
    noticeRetryRequested: false,
    deadlines: {},
    snapshots: [],
    snapshotCoverage: [],
    evidence: [],
    revocation: [],
    verification: [],
    revocationStuck: false,
    revocationRetryRequested: false,
    watches: [],
    providerChain: [],
    outbox: [],
    timeline: [],
    timelineDropped: 0,
  };
  record(state, at, 'opened', `case opened under policy ${policy.version}, category ${policy.category.id}`, {
    actor: intake.requestedBy,
    role: 'requester',
    reasons: intake.summary,
  });
  return state;
}

/** Moves to a stage and records it. */
export function enterStage(state: CaseState, stage: Stage, at: string, why?: string): void {
  if (state.stage === stage) return;
  const from = state.stage;
  state.stage = stage;
  record(state, at, 'stage_changed', `${from} -> ${stage}`, why ? { reasons: why } : {});
}

function decision(input: { principal: { id: string }; role: Decision['role']; reasons: string }, at: string): Decision {
  return { by: input.principal.id, role: input.role, at, reasons: input.reasons };
}

export function applyFindings(state: CaseState, input: SubmitFindingsInput, at: string): void {
  state.findings = { ...decision(input, at), facts: input.facts, evidence: [...input.evidence] };
  record(state, at, 'findings_submitted', `findings submitted (${input.evidence.length} evidence references)`, {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
}

export function applyLegalDecision(state: CaseState, input: LegalDecisionInput, at: string): void {
  state.legal = {
    ...decision(input, at),
    decision: input.decision,
    ground: input.ground ?? state.policy.category.ground,
    groundExplanation: input.groundExplanation ?? state.policy.category.clause.text,
  };
  record(state, at, 'legal_decision', `legal ${input.decision === 'approve' ? 'approved' : 'rejected'}`, {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
}

export function applySecondApproval(state: CaseState, input: SecondApprovalInput, at: string): void {
  state.approvals.push({ ...decision(input, at), decision: input.decision });
  record(state, at, 'approval', `${input.role} ${input.decision === 'approve' ? 'approved' : 'refused'}`, {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
}

export function applyFileAppeal(state: CaseState, input: FileAppealInput, at: string, id: string): Appeal {
  const appeal: Appeal = {
    id,
    filedBy: input.principal.id,
    filedAt: at,
    text: input.text,
    afterRevocation: state.revokedAt !== undefined || state.stage === 'revoking' || state.stage === 'monitoring',
  };
  state.appeals.push(appeal);
  state.outbox.push({ key: `appeal-received-${id}`, kind: 'appeal_received', appealId: id });
  record(state, at, 'appeal_filed', `appeal ${id} filed`, { actor: input.principal.id, role: input.role });
  return appeal;
}

export function applyDecideAppeal(state: CaseState, input: DecideAppealInput, at: string): void {
  const appeal = state.appeals.find((a) => a.id === input.appealId);
  if (!appeal) return;
  appeal.decision = { ...decision(input, at), outcome: input.outcome };
  state.outbox.push({ key: `appeal-decided-${appeal.id}`, kind: 'appeal_decided', appealId: appeal.id });
  record(state, at, 'appeal_decided', `appeal ${appeal.id} ${input.outcome}`, {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
}

export function applyPlaceHold(state: CaseState, input: PlaceHoldInput, at: string, id: string): Hold {
  const hold: Hold = {
    id,
    kind: input.kind,
    reference: input.reference,
    agencyContact: input.agencyContact,
    placedAt: at,
    expiresAt: new Date(Date.parse(input.expiresAt)).toISOString(),
    placedBy: input.principal.id,
  };
  state.holds.push(hold);
  record(state, at, 'hold_placed', `${input.kind} hold ${input.reference} until ${hold.expiresAt}`, {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
  return hold;
}

/** Holds found in the registry at legal review (placed before the case existed). */
export function addRegistryHolds(state: CaseState, holds: Hold[], at: string): void {
  for (const hold of holds) {
    if (state.holds.some((h) => h.id === hold.id)) continue;
    state.holds.push(hold);
    record(
      state,
      at,
      'hold_found',
      `${hold.kind} hold ${hold.reference} found in the registry (until ${hold.expiresAt})`,
    );
  }
}

export function applyReleaseHold(state: CaseState, input: ReleaseHoldInput, at: string): void {
  const hold = state.holds.find((h) => h.id === input.holdId);
  if (!hold) return;
  hold.releasedAt = at;
  hold.releasedBy = input.principal.id;
  record(state, at, 'hold_released', `${hold.kind} hold ${hold.reference} released`, {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
}

/** Records an expedite approval; the second distinct approver makes it effective. Returns whether it is. */
export function applyExpedite(state: CaseState, input: ExpediteInput, at: string): boolean {
  state.expedite.approvals.push(decision(input, at));
  const n = state.expedite.approvals.length;
  record(state, at, 'expedite_approved', `expedite approval ${n} of 2`, {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
  if (n >= 2) {
    state.expedite.effectiveAt = at;
    record(state, at, 'expedited', 'expedited by two distinct approvers: cutoff as soon as notified');
  }
  return n >= 2;
}

export function applyWithdraw(state: CaseState, input: WithdrawInput, at: string): void {
  state.withdrawal = decision(input, at);
  record(state, at, 'withdrawn', 'case withdrawn', {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
}

/** Adds the alias; returns the normalised name. */
export function applyAddAlias(state: CaseState, input: AddDomainAliasInput, at: string): string {
  const domain = normaliseDomain(input.domain);
  state.domains.aliases.push(domain);
  record(state, at, 'alias_added', `${domain} added to the domain family`, {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
  return domain;
}

export function applyRetryNotice(state: CaseState, input: RetryNoticeInput, at: string): void {
  if (input.contacts) state.noticeContacts = [...input.contacts];
  state.noticeRetryRequested = true;
  record(state, at, 'notice_retry_requested', `notice retry requested (to ${state.noticeContacts.length} contacts)`, {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
}

export function applyRetryRevocation(state: CaseState, input: RetryRevocationInput, at: string): void {
  state.revocationRetryRequested = true;
  record(state, at, 'revocation_retry_requested', 'revocation retry requested', {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
}

export function applyEndMonitoring(state: CaseState, input: EndMonitoringInput, at: string): void {
  state.monitoringEnd = decision(input, at);
  record(state, at, 'monitoring_ended', 'monitoring ended by staff', {
    actor: input.principal.id,
    role: input.role,
    reasons: input.reasons,
  });
}
