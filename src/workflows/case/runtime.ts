import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setCurrentDetails,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { StaffAlertKind } from '../../activities/notify-contract';
import { boundedNotice } from '../../domain/case/bounded-records';
import { caseDetails } from '../../domain/case/case-details';
import type { CaseState } from '../../domain/case/case-state';
import { enterStage } from '../../domain/case/case-transitions';
import { currentProviders } from '../../domain/case/case-view';
import { record } from '../../domain/case/timeline';
import type { Outcome, Stage } from '../../domain/case-types';
import { failureMessageOf, notifyActivities } from './activity-proxies';
import type { TerminationCaseInput } from './messages';
import {
  TerminusAccount,
  TerminusCategory,
  TerminusDomains,
  TerminusOutcome,
  TerminusProvider,
  TerminusStage,
} from '../search-attributes';

/**
 * Continue-as-new when a run reaches this many events (or the server suggests it): far enough below 4,096 that
 * the longest step between two waits (a revocation batch, closing) still fits.
 */
export const HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW = 2000;
/**
 * ... or this many bytes: every accepted update stores its result (the case view, at most 256 KiB by the bounds of
 * `case-bounds.ts`) in history, so a run stays under Temporal's 10 MB warning whatever the server suggests (the
 * time-skipping test server suggests nothing).
 */
export const HISTORY_BYTES_BEFORE_CONTINUE_AS_NEW = 4 * 1024 * 1024;

/** The case as one run of the workflow holds it, with the helpers every stage uses. */
export class CaseRuntime {
  /** Bumped by every accepted update or signal: waits that care about "anything changed" compare it. */
  changes = 0;

  constructor(public state: CaseState) {}

  /** The workflow clock (deterministic: the time of the current workflow task). */
  nowMs(): number {
    return Date.now();
  }

  iso(ms = Date.now()): string {
    return new Date(ms).toISOString();
  }

  /** Idempotency key for a step: workflow ID + step name, scoped to this case (stable across continue-as-new;
   * an account's later case, which reuses the workflow ID, gets its own keys). */
  key(step: string): string {
    return `${this.state.caseId}:${this.state.caseRef}:${step}`;
  }

  /** Enters a stage: timeline, `TerminusStage`, current details. */
  setStage(stage: Stage, why?: string): void {
    enterStage(this.state, stage, this.iso(), why);
    upsertSearchAttributes([{ key: TerminusStage, value: stage }]);
    this.refreshDetails();
  }

  /** Records the outcome and publishes it as `TerminusOutcome`. */
  setOutcome(outcome: Outcome): void {
    this.state.outcome = outcome;
    upsertSearchAttributes([{ key: TerminusOutcome, value: outcome }]);
    this.refreshDetails();
  }

  /** Every search attribute from the state (at open and after continue-as-new). */
  publishAll(): void {
    const s = this.state;
    const provider = currentProviders(s.providerChain).find((p) => p.domain === s.domains.primary);
    upsertSearchAttributes([
      { key: TerminusStage, value: s.stage },
      { key: TerminusCategory, value: s.policy.category.id },
      { key: TerminusAccount, value: s.intake.account.id },
      { key: TerminusDomains, value: [s.domains.primary, ...s.domains.aliases] },
      ...(s.outcome ? [{ key: TerminusOutcome, value: s.outcome }] : []),
      ...(provider ? [{ key: TerminusProvider, value: provider.provider ?? provider.state }] : []),
    ]);
    this.publishedProvider = provider ? (provider.provider ?? provider.state) : undefined;
    this.refreshDetails();
  }

  refreshDetails(): void {
    setCurrentDetails(caseDetails(this.state, this.nowMs()));
  }

  shouldContinueAsNew(): boolean {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength >= HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW ||
      info.historySize >= HISTORY_BYTES_BEFORE_CONTINUE_AS_NEW
    );
  }

  /**
   * Waits until `done()` or the deadline (epoch ms), sending queued customer messages as they appear and
   * continuing as new when the history grows: every wait in the workflow goes through here, so every stage is
   * resumable from the state alone. Returns false on deadline.
   */
  async waitFor(done: () => boolean, deadlineMs?: number): Promise<boolean> {
    const timer = deadlineMs === undefined ? undefined : this.timerFor(deadlineMs);
    const expired = () => timer !== undefined && (timer.fired || this.nowMs() >= (deadlineMs ?? Infinity));
    for (;;) {
      if (done()) return true;
      if (this.providerDirty) {
        this.publishProvider();
        continue;
      }
      if (this.state.outbox.length) {
        await this.flushOutbox();
        continue;
      }
      if (expired()) return false;
      if (this.shouldContinueAsNew()) await this.continueAsNew();
      await condition(
        () => expired() || done() || this.providerDirty || this.state.outbox.length > 0 || this.shouldContinueAsNew(),
      );
    }
  }

  /**
   * One durable timer per distinct deadline, shared by every wait on it, so wake-ups (signals, updates) cost no
   * timer events. Timers are never cancelled: a timer whose wait ended early fires later as a no-op, which costs
   * what a cancellation would, and avoids a cancel racing the fire (the time-skipping test server rejects such a
   * completion and wedges the run: sdk-java issues 2606 and 3088).
   */
  private timerFor(deadlineMs: number): { fired: boolean } {
    let timer = this.timers.get(deadlineMs);
    if (!timer) {
      const entry = { fired: false };
      this.timers.set(deadlineMs, entry);
      void sleep(Math.max(1, deadlineMs - this.nowMs())).then(() => {
        entry.fired = true;
        this.timers.delete(deadlineMs);
      });
      timer = entry;
    }
    return timer;
  }

  private readonly timers = new Map<number, { fired: boolean }>();

  /** Continues as new with the whole state once no update handler is mid-flight. */
  async continueAsNew(): Promise<never> {
    await condition(allHandlersFinished);
    log.info('case continues as new', { historyLength: workflowInfo().historyLength });
    const input: TerminationCaseInput = { intake: this.state.intake, resume: this.state };
    return continueAsNew<(input: TerminationCaseInput) => Promise<unknown>>(input);
  }

  /** Sends the customer messages decided in update handlers (appeal received/decided, reinstatement). A message
   * that cannot be sent is recorded, not retried for ever: the case must not stall on a courtesy message. */
  async flushOutbox(): Promise<void> {
    const s = this.state;
    while (s.outbox.length) {
      const msg = s.outbox[0]!;
      const appeal = msg.appealId ? s.appeals.find((a) => a.id === msg.appealId) : undefined;
      if (s.statement && s.noticeContacts.length) {
        try {
          const result = await notifyActivities.sendCustomerMessage({
            idempotencyKey: this.key(msg.key),
            caseId: s.caseId,
            kind: msg.kind,
            to: s.noticeContacts,
            statement: s.statement,
            nonDisclosure: this.nonDisclosure(),
            ...(appeal
              ? {
                  appeal: {
                    id: appeal.id,
                    ...(appeal.decision ? { decision: appeal.decision.outcome, reasons: appeal.decision.reasons } : {}),
                  },
                }
              : {}),
          });
          s.notices.push(
            boundedNotice({
              key: msg.key,
              kind: msg.kind,
              to: [...s.noticeContacts],
              at: this.iso(),
              delivered: result.accepted.length > 0,
              nonDisclosure: this.nonDisclosure(),
              messageId: result.messageId,
              accepted: result.accepted,
              rejected: result.rejected,
            }),
          );
          record(s, this.iso(), 'message_sent', `${msg.kind} sent`);
        } catch (err) {
          record(s, this.iso(), 'message_sent', `${msg.kind} could not be sent: ${failureMessageOf(err)}`);
        }
      }
      s.outbox.shift();
    }
  }

  /** Whether a non-disclosure hold is in force: customer messages must not mention any request. */
  nonDisclosure(): boolean {
    const now = this.nowMs();
    return this.state.holds.some((h) => h.kind === 'non_disclosure' && !h.releasedAt && Date.parse(h.expiresAt) > now);
  }

  /** Alerts staff; an alert that cannot be sent is logged and recorded, never blocks the case. */
  async alert(kind: StaffAlertKind, step: string, subject: string, body: string): Promise<void> {
    try {
      await notifyActivities.sendStaffAlert({
        idempotencyKey: this.key(step),
        caseId: this.state.caseId,
        kind,
        subject,
        body,
      });
    } catch (err) {
      log.warn('staff alert failed', { kind, error: failureMessageOf(err) });
      record(this.state, this.iso(), 'message_sent', `staff alert ${kind} could not be sent`);
    }
  }

  /** Set by the `providerChanged` signal: the search attribute is published once per workflow task, not once per
   * signal, so a burst of changes costs one event. */
  providerDirty = false;

  /** Publishes the provider now serving the primary domain, if it changed since last published. */
  publishProvider(): void {
    this.providerDirty = false;
    const s = this.state;
    const provider = currentProviders(s.providerChain).find((p) => p.domain === s.domains.primary);
    const value = provider ? (provider.provider ?? provider.state) : undefined;
    if (value !== undefined && value !== this.publishedProvider) {
      upsertSearchAttributes([{ key: TerminusProvider, value }]);
      this.publishedProvider = value;
    }
    this.refreshDetails();
  }

  private publishedProvider: string | undefined;
}
