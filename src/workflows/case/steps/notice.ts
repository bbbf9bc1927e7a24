import { upsertSearchAttributes } from '@temporalio/workflow';
import { boundedNotice, errorText } from '../../../domain/case/bounded-records';
import { activeHolds } from '../../../domain/case/case-rules';
import { buildStatement } from '../../../domain/case/statement';
import { record } from '../../../domain/case/timeline';
import type { ResolvedCutoff } from '../../../domain/case-types';
import { FailureType } from '../../../domain/failures';
import { TerminusCutoff } from '../../search-attributes';
import { caseActivities, failureMessageOf, failureTypeOf, notifyActivities } from '../activity-proxies';
import type { StageResult } from './review';
import type { CaseRuntime } from '../runtime';

/** Waits while a do-not-terminate hold is in force (until released or expired). Returns false on withdrawal. */
async function waitOutDoNotTerminate(rt: CaseRuntime): Promise<boolean> {
  const s = rt.state;
  for (;;) {
    const holds = activeHolds(s, rt.nowMs(), 'do_not_terminate');
    if (!holds.length || s.withdrawal) return !s.withdrawal;
    const until = Math.min(...holds.map((h) => Date.parse(h.expiresAt)));
    const seen = rt.changes;
    const changed = await rt.waitFor(() => rt.changes !== seen, until);
    if (!changed) {
      for (const h of holds.filter((x) => Date.parse(x.expiresAt) <= rt.nowMs())) {
        record(s, rt.iso(), 'hold_expired', `${h.kind} hold ${h.reference} expired`);
      }
      rt.refreshDetails();
    }
  }
}

/** Resolves the cutoff for a notice sent now; the arithmetic runs in an activity and is persisted. */
async function resolveCutoffNow(rt: CaseRuntime, noticeAtMs: number): Promise<ResolvedCutoff> {
  const s = rt.state;
  const input = {
    request: s.intake.cutoff,
    noticeAt: rt.iso(noticeAtMs),
    minimumNoticeMs: s.policy.category.minimumNotice.ms,
    rules: s.policy.cutoff,
    expedited: s.expedite.effectiveAt !== undefined,
  };
  try {
    return await caseActivities.resolveCutoff(input);
  } catch (err) {
    if (failureTypeOf(err) !== FailureType.InvalidCutoff) throw err;
    // Checked at intake; only a rule such as "reject nonexistent times" meeting a DST day lands here. The
    // customer then gets exactly the minimum notice, in UTC, and the timeline says why.
    record(
      s,
      rt.iso(),
      'cutoff_resolved',
      `requested cutoff unusable (${failureMessageOf(err)}); minimum notice applies`,
    );
    return caseActivities.resolveCutoff({
      ...input,
      request: { kind: 'instant', at: rt.iso(noticeAtMs + s.policy.category.minimumNotice.ms) },
    });
  }
}

/**
 * Notifying: a do-not-terminate hold pauses here (a notice would reveal the case); then the cutoff is resolved
 * against the moment of this notice, the statement of reasons built, and the notice sent exactly once per
 * attempt (idempotency key). An undeliverable notice escalates to staff; service ends without a delivered
 * notice only where the policy allows it, otherwise the case waits for staff to retry (new contacts) or withdraw.
 */
export async function notifyCustomer(rt: CaseRuntime): Promise<StageResult> {
  const s = rt.state;
  for (;;) {
    if (!(await waitOutDoNotTerminate(rt))) return { close: 'withdrawn' };
    const noticeAtMs = rt.nowMs();
    const cutoff = await resolveCutoffNow(rt, noticeAtMs);
    s.cutoff = cutoff;
    s.statement = buildStatement(s, cutoff, noticeAtMs);
    record(s, rt.iso(), 'cutoff_resolved', `cutoff ${cutoff.localTime} ${cutoff.timeZone} (${cutoff.at})`, {
      ...(cutoff.adjustment ? { reasons: cutoff.note ?? cutoff.adjustment } : {}),
    });
    const nonDisclosure = rt.nonDisclosure();
    s.noticeAttempts++;
    const key = `notice-${s.noticeAttempts}`;
    let delivered = false;
    try {
      const sent = await notifyActivities.sendCustomerMessage({
        idempotencyKey: rt.key(key),
        caseId: s.caseId,
        kind: 'termination_notice',
        to: s.noticeContacts,
        statement: s.statement,
        nonDisclosure,
      });
      delivered = sent.accepted.length > 0;
      s.notices.push(
        boundedNotice({
          key,
          kind: 'termination_notice',
          to: [...s.noticeContacts],
          at: rt.iso(),
          delivered,
          nonDisclosure,
          messageId: sent.messageId,
          accepted: sent.accepted,
          rejected: sent.rejected,
          ...(delivered ? {} : { error: sent.response }),
        }),
      );
      if (delivered) {
        // Minimum notice counts from the moment the mail server took the notice, not from when it was composed
        // (the later of the workflow clock and the activity's report, so clock skew can only add notice).
        const sentAtMs = Math.max(rt.nowMs(), Date.parse(sent.sentAt) || 0);
        const earliest = sentAtMs + (s.expedite.effectiveAt ? 0 : s.policy.category.minimumNotice.ms);
        s.deadlines.cutoffAt = rt.iso(Math.max(Date.parse(cutoff.at), earliest));
      }
    } catch (err) {
      s.notices.push({
        key,
        kind: 'termination_notice',
        to: [...s.noticeContacts],
        at: rt.iso(),
        delivered: false,
        nonDisclosure,
        accepted: [],
        rejected: [...s.noticeContacts],
        error: errorText(`${failureTypeOf(err) ?? 'Error'}: ${failureMessageOf(err)}`),
      });
    }
    s.deadlines.appealUntil = s.statement.appeal.until;
    if (delivered) {
      s.noticeUndeliverable = false;
      record(s, rt.iso(), 'notice_sent', `termination notice delivered${nonDisclosure ? ' (non-disclosure)' : ''}`);
      return 'next';
    }

    s.noticeUndeliverable = true;
    s.noticeRetryRequested = false;
    const allowed = s.policy.category.revokeWithoutDeliveredNotice;
    record(
      s,
      rt.iso(),
      'notice_undeliverable',
      `termination notice could not be delivered (attempt ${s.noticeAttempts})`,
      {
        reasons: allowed
          ? `policy ${s.policy.version} ${s.policy.category.id} allows ending service without a delivered notice`
          : 'waiting for staff: retry with corrected contacts, or withdraw',
      },
    );
    rt.refreshDetails();
    await rt.alert(
      'notice_undeliverable',
      `notice-undeliverable-${s.noticeAttempts}`,
      `Case ${s.caseId}: termination notice undeliverable`,
      allowed
        ? `The notice could not be delivered. Policy ${s.policy.category.id} allows the cutoff to proceed at ${cutoff.at}.`
        : `The notice could not be delivered; service will not end until it is. Retry with corrected contacts or withdraw.`,
    );
    if (allowed) {
      s.deadlines.cutoffAt = cutoff.at;
      return 'next';
    }
    await rt.waitFor(() => s.noticeRetryRequested || s.withdrawal !== undefined);
    if (s.withdrawal) return { close: 'withdrawn' };
  }
}

/**
 * Awaiting the cutoff: a durable timer to the persisted instant, pre-empted by withdrawal (closes), an upheld
 * appeal (closes, reinstated), an open appeal (suspends the cutoff until decided), a do-not-terminate hold
 * (pauses until released or expired) and an effective expedite (cuts now). Expedite does not override a
 * do-not-terminate hold: only legal releasing the hold does.
 */
export async function awaitCutoff(rt: CaseRuntime): Promise<StageResult> {
  const s = rt.state;
  const cutoffAt = s.deadlines.cutoffAt ?? s.cutoff?.at ?? rt.iso();
  upsertSearchAttributes([{ key: TerminusCutoff, value: new Date(cutoffAt) }]);
  rt.refreshDetails();
  for (;;) {
    if (s.withdrawal) {
      if (s.statement) s.outbox.push({ key: 'withdrawn', kind: 'reinstatement' });
      return { close: 'withdrawn' };
    }
    if (s.appeals.some((a) => a.decision?.outcome === 'upheld')) return { close: 'reinstated' };
    const expedited = s.expedite.effectiveAt !== undefined;
    const openAppeal = s.appeals.some((a) => !a.decision);
    const dnt = activeHolds(s, rt.nowMs(), 'do_not_terminate');
    const due = expedited || rt.nowMs() >= Date.parse(cutoffAt);
    if (due && !dnt.length && (!openAppeal || expedited)) return 'next';

    let deadline: number | undefined = openAppeal && !expedited ? undefined : Date.parse(cutoffAt);
    if (dnt.length) deadline = Math.min(...dnt.map((h) => Date.parse(h.expiresAt)));
    const seen = rt.changes;
    const changed = await rt.waitFor(() => rt.changes !== seen, deadline);
    if (!changed && dnt.length) {
      for (const h of dnt.filter((x) => Date.parse(x.expiresAt) <= rt.nowMs())) {
        record(s, rt.iso(), 'hold_expired', `${h.kind} hold ${h.reference} expired`);
      }
      rt.refreshDetails();
    }
  }
}
