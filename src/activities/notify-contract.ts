import type { StatementOfReasons } from '../domain/statement-of-reasons';
import type { AppealOutcome, CustomerMessageKind, StaffAlertKind } from '../domain/vocabularies';

export type { CustomerMessageKind, StaffAlertKind };

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
  appeal?: { id: string; decision?: AppealOutcome; reasons?: string };
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
