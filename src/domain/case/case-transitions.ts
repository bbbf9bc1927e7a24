import type { Hold, Stage } from '../case-types';
import type { CasePolicy } from '../policy/policy-types';
import type { Actor } from './case-inputs';
import { normaliseDomain } from './case-rules';
import type { CaseIntake, CaseState, Decision } from './case-state';
import { record } from './timeline';

/**
 * The case's own transitions (opening, stage changes, holds found in the registry) and the pieces every action's
 * transition uses (each action's own is in `actions/`). Pure: `at` is the workflow's clock, passed in.
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

/** The decision record of an action: who, as which role, when, why. */
export function decisionOf(input: Actor & { reasons: string }, at: string): Decision {
  return { by: input.principal.id, role: input.role, at, reasons: input.reasons };
}

/** Who acted, for the timeline entry of an action (and why, when the action has reasons). */
export function actedBy(input: Actor & { reasons?: string }): { actor: string; role: Actor['role']; reasons?: string } {
  return {
    actor: input.principal.id,
    role: input.role,
    ...(input.reasons !== undefined ? { reasons: input.reasons } : {}),
  };
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
