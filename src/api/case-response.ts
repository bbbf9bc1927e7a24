import type { AccountItemsState } from '../domain/case/account-case';
import type { CaseView } from '../domain/case/case-state';
import type { Principal } from '../domain/case-types';
import { redactView } from '../services/access/case-access';
import type { CaseResponse } from './schemas/case-response';

/** Copies a field only when present, so optional fields stay absent (not `undefined`) in the JSON. */
const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/** The account counts as clients read them (the workflow's own bookkeeping left inside). */
function publicItems(items: AccountItemsState): CaseResponse['accountItems'] {
  const { retryRequested: _retry, progressStep: _step, ...shown } = items;
  return shown;
}

/**
 * The one mapping from the workflow's case view to the API's public case, with what the caller may not see
 * redacted. Internal bookkeeping (the outbox of messages to send, retry requests in flight) stays inside.
 */
export function toCaseResponse(internal: CaseView, principal: Principal): CaseResponse {
  const v = redactView(internal, principal);
  return {
    caseId: v.caseId,
    caseRef: v.caseRef,
    openedAt: v.openedAt,
    stage: v.stage,
    ...opt('outcome', v.outcome),
    ...opt('closedAt', v.closedAt),
    intake: v.intake,
    domains: v.domains,
    policy: v.policy,
    policyVersion: v.policyVersion,
    policyClause: v.policyClause,
    ...opt('findings', v.findings),
    ...opt('legal', v.legal),
    approvals: v.approvals,
    pendingApproverRoles: v.pendingApproverRoles,
    remindersSent: v.remindersSent,
    holds: v.holds,
    activeHolds: v.activeHolds,
    appeals: v.appeals,
    ...opt('openAppeal', v.openAppeal),
    expedite: v.expedite,
    ...opt('withdrawal', v.withdrawal),
    notices: v.notices,
    noticeContacts: v.noticeContacts,
    noticeAttempts: v.noticeAttempts,
    noticeUndeliverable: v.noticeUndeliverable,
    ...opt('cutoff', v.cutoff),
    ...opt('statement', v.statement),
    deadlines: v.deadlines,
    snapshots: v.snapshots,
    snapshotCoverage: v.snapshotCoverage,
    ...opt('observedAt', v.observedAt),
    ...opt('holdsCheckedAt', v.holdsCheckedAt),
    evidence: v.evidence,
    revocation: v.revocation,
    verification: v.verification,
    revocationStuck: v.revocationStuck,
    ...opt('accountItems', v.accountItems && publicItems(v.accountItems)),
    ...opt('revokedAt', v.revokedAt),
    ...opt('restoredAt', v.restoredAt),
    watches: v.watches,
    providerChain: v.providerChain,
    currentProviders: v.currentProviders,
    ...opt('monitoringEnd', v.monitoringEnd),
    timeline: v.timeline,
    timelineDropped: v.timelineDropped,
  };
}
