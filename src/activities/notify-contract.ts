import type { StatementOfReasons } from '../domain/statement-of-reasons';

/** Customer-facing messages; each is sent at most once per case (`messageKey`). */
export type CustomerMessageKind = 'termination_notice' | 'appeal_received' | 'appeal_decided' | 'reinstatement';

/** Staff alerts; same exactly-once path, addressed to the configured staff list. */
export type StaffAlertKind =
  'legal_review_overdue' | 'hold_expiring' | 'notice_undeliverable' | 'migration_detected' | 'revocation_stuck';

/** Input of `sendCustomerMessage`. `idempotencyKey` = workflow ID + step; it also derives the Message-ID. */
export interface SendCustomerMessageInput {
  idempotencyKey: string;
  caseId: string;
  kind: CustomerMessageKind;
  to: string[];
  statement: StatementOfReasons;
  /** Under a non-disclosure hold the message must not mention any law-enforcement request. */
  nonDisclosure: boolean;
  /** For appeal messages: the appeal's text summary and decision. */
  appeal?: { id: string; decision?: 'upheld' | 'denied'; reasons?: string };
}

/** What the SMTP server answered; recorded on the case. */
export interface SendResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
  /** True when the outbox already had this message as sent (a retry after a crash): nothing was sent now. */
  duplicate: boolean;
  sentAt: string;
}

/** Input of `sendStaffAlert`. */
export interface SendStaffAlertInput {
  idempotencyKey: string;
  caseId: string;
  kind: StaffAlertKind;
  subject: string;
  /** Plain text; escaped when rendered as HTML. */
  body: string;
}

/** The notify capability as the workflows see it (implemented by `createNotifyActivities`). */
export interface NotifyActivities {
  sendCustomerMessage(input: SendCustomerMessageInput): Promise<SendResult>;
  sendStaffAlert(input: SendStaffAlertInput): Promise<SendResult>;
}
