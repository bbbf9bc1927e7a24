import { ApplicationFailure } from '@temporalio/common';
import type { MailTransport, SenderIdentity } from '../adapters/mail/mail-transport';
import { canonicalSha256, messageIdFor } from '../adapters/mail/message-id';
import { createMailOutbox } from '../adapters/mail/outbox';
import type { Database } from '../db/database';
import { FailureType } from '../domain/failures';
import { checkRecipients, renderCustomerMessage, renderStaffAlert, type RenderedMessage } from '../domain/notice';
import { deliverOnce, type DeliveryDeps } from './notify-delivery';
import type { NotifyActivities, SendCustomerMessageInput, SendStaffAlertInput } from './notify-contract';

/** Dependencies of the notify activities; built once per worker from `config/smtp.ts`. */
export interface NotifyDeps {
  transport: MailTransport;
  db: Database;
  sender: SenderIdentity;
  /** Recipients of staff alerts (`STAFF_ALERT_TO`). */
  staffAlertTo: string[];
  now?: () => Date;
  /**
   * How long one attempt may hold a message before another attempt may assume it died and send again. Keep it
   * at least the activity's start-to-close timeout, so a timed-out attempt still talking to the server is
   * waited for rather than raced. Default 3 minutes (SMTP timeouts bound one transaction well below that).
   */
  sendLeaseMs?: number;
}

/** Default send lease; see {@link NotifyDeps.sendLeaseMs}. */
export const DEFAULT_SEND_LEASE_MS = 3 * 60_000;

function invalid(message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, FailureType.InvalidInput, details ?? {});
}

function requireKey(input: { idempotencyKey: string; caseId: string }): void {
  if (!input.idempotencyKey?.trim()) throw invalid('idempotencyKey is required');
  if (input.idempotencyKey.length > 500) throw invalid('idempotencyKey is longer than 500 characters');
  if (!input.caseId?.trim()) throw invalid('caseId is required');
}

/** Content errors from the renderer become InvalidInput: the same input can never render. */
function render(fn: () => RenderedMessage, key: string): RenderedMessage {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error && err.name === 'NoticeInputError') throw invalid(err.message, { idempotencyKey: key });
    throw err;
  }
}

/**
 * The notify activities. Each message is rendered from its input (pure, deterministic), stored in the outbox
 * on its first attempt and sent at most once per idempotency key except in the documented residual window
 * (`notify-delivery.ts`). Failures: invalid content or recipients and a non-disclosure breach are
 * `InvalidInput`; a permanent SMTP refusal (5xx, authentication, envelope, untrusted certificate) is
 * `MailRejected`, which the case workflow escalates to staff; anything else is a plain error and is retried.
 */
export function createNotifyActivities(deps: NotifyDeps): NotifyActivities {
  const delivery: DeliveryDeps = {
    transport: deps.transport,
    outbox: createMailOutbox(deps.db),
    sender: deps.sender,
    now: deps.now ?? (() => new Date()),
    sendLeaseMs: deps.sendLeaseMs ?? DEFAULT_SEND_LEASE_MS,
    unrecorded: new Map(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  const messageDate = (): string => delivery.now().toISOString();

  return {
    async sendCustomerMessage(input: SendCustomerMessageInput) {
      requireKey(input);
      const { recipients, problems } = checkRecipients(input.to ?? []);
      if (problems.length > 0) throw invalid(`cannot send ${input.kind}: ${problems.join('; ')}`, { problems });
      const rendered = render(() => renderCustomerMessage(input), input.idempotencyKey);
      return deliverOnce(delivery, {
        key: input.idempotencyKey,
        messageId: messageIdFor(input.idempotencyKey, deps.sender.domain),
        caseId: input.caseId,
        kind: input.kind,
        inputSha256: canonicalSha256(input),
        recipients,
        ...rendered,
        messageDate: messageDate(),
      });
    },

    async sendStaffAlert(input: SendStaffAlertInput) {
      requireKey(input);
      const { recipients, problems } = checkRecipients(deps.staffAlertTo);
      if (problems.length > 0) {
        throw ApplicationFailure.nonRetryable(
          `STAFF_ALERT_TO: ${problems.join('; ')}`,
          FailureType.InvalidConfiguration,
          {},
        );
      }
      const rendered = render(() => renderStaffAlert(input), input.idempotencyKey);
      return deliverOnce(delivery, {
        key: input.idempotencyKey,
        messageId: messageIdFor(input.idempotencyKey, deps.sender.domain),
        caseId: input.caseId,
        kind: input.kind,
        inputSha256: canonicalSha256(input),
        recipients,
        ...rendered,
        messageDate: messageDate(),
      });
    },
  };
}
