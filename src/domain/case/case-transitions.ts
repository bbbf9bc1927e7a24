import type { Hold, Stage } from '../case-types';
import type { CasePolicy } from '../policy/policy-types';
import { isAccountCase, newAccountItems } from './account-case';
import { CASE_BOUNDS, clip } from './case-bounds';
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
    ...(isAccountCase(intake) ? { accountItems: newAccountItems(policy.revocation?.accountBatchSize) } : {}),
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

/** Which registry holds a full case keeps first: the ones that stop or silence the case. */
const HOLD_PRIORITY: Record<Hold['kind'], number> = { do_not_terminate: 0, non_disclosure: 1, preservation: 2 };

/** Holds found in the registry at legal review (placed before the case existed), within the case's hold bound
 * (`case-bounds.ts`): do-not-terminate holds first, then non-disclosure, then preservation; any left over are
 * counted in the timeline (they stay in the registry, which legal maintains). */
export function addRegistryHolds(state: CaseState, holds: Hold[], at: string): void {
  const fresh = holds
    .filter((hold, i) => !state.holds.some((h) => h.id === hold.id) && holds.findIndex((h) => h.id === hold.id) === i)
    .sort((x, y) => HOLD_PRIORITY[x.kind] - HOLD_PRIORITY[y.kind]);
  const room = Math.max(0, CASE_BOUNDS.holds - state.holds.length);
  for (const found of fresh.slice(0, room)) {
    const hold: Hold = {
      ...found,
      reference: clip(found.reference, CASE_BOUNDS.holdReference.chars),
      agencyContact: clip(found.agencyContact, CASE_BOUNDS.agencyContact.chars),
    };
    state.holds.push(hold);
    record(
      state,
      at,
      'hold_found',
      `${hold.kind} hold ${hold.reference} found in the registry (until ${hold.expiresAt})`,
    );
  }
  if (fresh.length > room) {
    record(
      state,
      at,
      'hold_found',
      `${fresh.length - room} more registry holds not copied: a case records at most ${CASE_BOUNDS.holds} holds`,
    );
  }
}
