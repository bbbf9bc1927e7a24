import { ApplicationFailure } from '@temporalio/common';
import {
  isMailDeliveryError,
  type DeliveryReport,
  type MailTransport,
  type SenderIdentity,
} from '../adapters/mail/mail-transport';
import type { MailOutbox, OutboxEntry, OutboxRow } from '../adapters/mail/outbox';
import { FailureType } from '../domain/failures';
import { headerText } from '../domain/notice';
import type { SendResult } from './notify-contract';

/**
 * Exactly-once delivery of one rendered message through the outbox.
 *
 * Order of events for one attempt: (1) insert-or-read the outbox row by idempotency key; a row already `sent`
 * returns its recorded answer with `duplicate: true` and sends nothing; (2) take the row's send lease, so two
 * attempts alive at once (a timed-out attempt still running beside its retry) cannot both send; (3) SMTP; (4)
 * mark the row `sent` with the server's answer immediately, before anything else, retrying that write a few
 * times and remembering the answer in memory if the database stays unreachable.
 *
 * What is guaranteed: once step 4 has committed, no later attempt, on any worker, sends the message again: a
 * worker killed after it, or an activity completion lost on the way to Temporal, ends as a duplicate-free retry.
 *
 * The residual window, honestly: SMTP has no idempotency. If the process dies after the server's final `250`
 * and before step 4 commits (a few milliseconds), or the connection drops after the server stored the message
 * but before its `250` reached us, the outbox cannot know the message went out. The next attempt waits for the
 * lease to expire (`sendLeaseMs`) and sends again: at-least-once in that window, never silently zero. The
 * resend is the same message (same Message-ID, Date, subject and bodies, from the stored row), so receiving
 * systems that deduplicate by Message-ID show it once. `outbox.attempts` counts the attempts that reached SMTP.
 */

/** What the delivery core needs. */
export interface DeliveryDeps {
  transport: MailTransport;
  outbox: MailOutbox;
  sender: SenderIdentity;
  now: () => Date;
  sendLeaseMs: number;
  /** Answers the server gave whose `sent` mark could not be written yet (same worker process). */
  unrecorded: Map<string, { report: DeliveryReport; sentAt: Date }>;
  /** Pause between retries of the `sent` mark; injected so tests need not wait. */
  sleep: (ms: number) => Promise<void>;
}

const MARK_SENT_ATTEMPTS = 4;

function resultOf(row: OutboxRow, duplicate: boolean): SendResult {
  return {
    messageId: row.messageId,
    accepted: row.accepted ?? [],
    rejected: (row.rejected ?? []).map((r) => r.address),
    response: row.response ?? '',
    duplicate,
    sentAt: row.sentAt ?? '',
  };
}

async function recordSent(deps: DeliveryDeps, key: string, report: DeliveryReport, sentAt: Date): Promise<void> {
  let lastError: unknown;
  for (let i = 0; i < MARK_SENT_ATTEMPTS; i++) {
    try {
      await deps.outbox.markSent(key, report, sentAt);
      deps.unrecorded.delete(key);
      return;
    } catch (err) {
      lastError = err;
      if (i < MARK_SENT_ATTEMPTS - 1) await deps.sleep(250 * 2 ** i);
    }
  }
  deps.unrecorded.set(key, { report, sentAt });
  const why = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `the mail server accepted ${key} but the outbox could not record it (${why}); a retry records it without resending`,
  );
}

/** Sends `entry` unless the outbox says it was sent; see the module comment for the exact guarantee. */
export async function deliverOnce(deps: DeliveryDeps, entry: OutboxEntry): Promise<SendResult> {
  const row = await deps.outbox.open(entry);
  if (row.inputSha256 !== entry.inputSha256) {
    throw ApplicationFailure.nonRetryable(
      `idempotency key ${entry.key} was already used for a different message (${row.kind} for case ${row.caseId}); ` +
        'keys must be unique per case and message',
      FailureType.Conflict,
      { idempotencyKey: entry.key, messageId: row.messageId, status: row.status },
    );
  }
  if (row.status === 'sent') return resultOf(row, true);

  const pending = deps.unrecorded.get(entry.key);
  if (pending) {
    await recordSent(deps, entry.key, pending.report, pending.sentAt);
    const recorded = await deps.outbox.get(entry.key);
    if (recorded?.status === 'sent') return resultOf(recorded, true);
  }

  const now = deps.now();
  const claimed = await deps.outbox.claim(entry.key, now, new Date(now.getTime() + deps.sendLeaseMs));
  if (!claimed) {
    const current = await deps.outbox.get(entry.key);
    if (current?.status === 'sent') return resultOf(current, true);
    throw new Error(
      `message ${row.messageId} is held by another attempt until ${current?.leaseUntil ?? '?'}; will retry`,
    );
  }

  let report: DeliveryReport;
  try {
    report = await deps.transport.send({
      messageId: claimed.messageId,
      from: deps.sender,
      to: claimed.recipients,
      subject: claimed.subject,
      text: claimed.text,
      html: claimed.html,
      date: claimed.messageDate,
      headers: {
        'Auto-Submitted': 'auto-generated',
        'X-Terminus-Case': headerText(claimed.caseId),
        'X-Terminus-Kind': claimed.kind,
      },
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (isMailDeliveryError(err) && err.info.permanent) {
      await deps.outbox.markFailed(entry.key, message, err.info.response, deps.now()).catch(() => undefined);
      throw ApplicationFailure.nonRetryable(message, FailureType.MailRejected, {
        idempotencyKey: entry.key,
        messageId: claimed.messageId,
        ...err.info,
      });
    }
    // The lease would expire anyway; releasing it lets the next attempt go without waiting.
    await deps.outbox.release(entry.key, message, deps.now()).catch(() => undefined);
    throw new Error(message, { cause: err });
  }

  const sentAt = deps.now();
  await recordSent(deps, entry.key, report, sentAt);
  return {
    messageId: claimed.messageId,
    accepted: report.accepted,
    rejected: report.rejected.map((r) => r.address),
    response: report.response,
    duplicate: false,
    sentAt: sentAt.toISOString(),
  };
}
