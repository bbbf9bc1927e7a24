import type { Outcome } from '../../../domain/vocabularies';
import { addRegistryHolds } from '../../../domain/case/case-transitions';
import { pendingApproverRoles } from '../../../domain/case/case-rules';
import { boundedSnapshot } from '../../../domain/case/bounded-records';
import { record } from '../../../domain/case/timeline';
import { edgeActivities, failureMessageOf, investigationActivities, legalActivities } from '../activity-proxies';
import type { CaseRuntime } from '../runtime';

/** What a stage hands back to the main loop: go on, or close with an outcome. */
export type StageResult = 'next' | { close: Outcome };

/** A new snapshot of the whole family when some domain no snapshot covers yet. Returns false if the edge refused. */
export async function snapshotUncovered(rt: CaseRuntime): Promise<boolean> {
  const s = rt.state;
  const all = [s.domains.primary, ...s.domains.aliases];
  const missing = all.filter((d) => !s.snapshotCoverage.includes(d));
  if (!missing.length) return true;
  try {
    const snapshot = await edgeActivities.snapshotFootprint({
      idempotencyKey: rt.key(`snapshot-${s.snapshots.length + 1}`),
      caseId: s.caseId,
      accountId: s.intake.account.id,
      // The whole family, not only the names it lacks: revocation names the latest snapshot for every step, and a
      // new alias may live in a zone of a name already covered (www.forum.example in forum.example), which a
      // snapshot of the new name alone refuses as a zone the case does not name.
      domains: all,
      services: s.intake.services,
    });
    s.snapshots.push(boundedSnapshot(snapshot));
    s.snapshotCoverage.push(...missing);
    record(s, rt.iso(), 'snapshot_taken', `footprint snapshot ${snapshot.snapshotId} (sha256 ${snapshot.sha256})`);
    return true;
  } catch (err) {
    record(s, rt.iso(), 'snapshot_taken', `footprint snapshot failed: ${failureMessageOf(err)}`);
    return false;
  }
}

/**
 * Investigating: the "before" picture first (kept for restore and as evidence), a live observation of the
 * domains stored outside history, then the investigator's findings.
 */
export async function investigate(rt: CaseRuntime): Promise<StageResult> {
  const s = rt.state;
  await snapshotUncovered(rt);
  if (!s.observedAt) {
    const observedAt = rt.iso();
    try {
      const observed = await investigationActivities.observeDomains({
        idempotencyKey: rt.key('observe'),
        caseId: s.caseId,
        caseRef: s.caseRef,
        domains: [s.domains.primary, ...s.domains.aliases],
        observedAt,
      });
      s.evidence.push(...observed.evidence);
      for (const e of observed.evidence) record(s, rt.iso(), 'evidence_stored', `${e.label}: sha256 ${e.sha256}`);
      for (const f of observed.failures) record(s, rt.iso(), 'evidence_stored', `${f.domain} not observed: ${f.error}`);
    } catch (err) {
      record(s, rt.iso(), 'evidence_stored', `live observation failed: ${failureMessageOf(err)}`);
    }
    s.observedAt = observedAt;
  }
  await rt.waitFor(() => s.findings !== undefined || s.withdrawal !== undefined);
  if (s.withdrawal) return { close: 'withdrawn' };
  return 'next';
}

/**
 * Legal review: the hold registry first, then legal's decision and the further approvals the policy requires,
 * each by a distinct person (enforced by the validators). Overdue reviews remind staff on a durable timer, a
 * bounded number of times.
 */
export async function legalReview(rt: CaseRuntime): Promise<StageResult> {
  const s = rt.state;
  if (!s.holdsCheckedAt) {
    const at = rt.iso();
    const holds = await legalActivities.checkHoldRegistry({
      accountId: s.intake.account.id,
      domains: [s.domains.primary, ...s.domains.aliases],
      at,
    });
    addRegistryHolds(s, holds, at);
    s.holdsCheckedAt = at;
    rt.refreshDetails();
  }
  const reminders = s.policy.legalReview;
  if (!s.deadlines.legalReviewDueAt) s.deadlines.legalReviewDueAt = rt.iso(rt.nowMs() + reminders.firstAfter.ms);

  const rejected = () => s.legal?.decision === 'reject' || s.approvals.some((a) => a.decision === 'reject');
  const decided = () => rejected() || (s.legal?.decision === 'approve' && pendingApproverRoles(s).length === 0);
  for (;;) {
    const next =
      s.remindersSent < reminders.maxReminders
        ? Date.parse(s.deadlines.legalReviewDueAt) + s.remindersSent * reminders.every.ms
        : undefined;
    if (await rt.waitFor(() => decided() || s.withdrawal !== undefined, next)) break;
    s.remindersSent++;
    const waiting = s.legal ? pendingApproverRoles(s).join(', ') : 'legal';
    record(s, rt.iso(), 'reminder_sent', `legal review overdue (reminder ${s.remindersSent}); waiting for ${waiting}`);
    await rt.alert(
      'legal_review_overdue',
      `legal-reminder-${s.remindersSent}`,
      `Case ${s.caseId}: legal review overdue`,
      `The review of case ${s.caseId} was due at ${s.deadlines.legalReviewDueAt}. Still waiting for: ${waiting}.`,
    );
  }
  if (s.withdrawal) return { close: 'withdrawn' };
  if (rejected()) return { close: 'rejected' };
  return 'next';
}
