/**
 * The mail transport as the notify activities see it: one call that hands one fully built message to a mail
 * server and reports what the server answered. Behind it is nodemailer over SMTP (`smtp-transport.ts`); tests
 * use the same SMTP code path against a real server started by the test. Nothing here accepts raw MIME, an
 * envelope or file/URL attachments: only structured, already-rendered fields.
 */

/** Who the messages come from (parsed from `MAIL_FROM`); `domain` also names the Message-IDs. */
export interface SenderIdentity {
  name: string;
  address: string;
  domain: string;
}

/** One message, ready to send. Every string is already checked: addresses by `checkRecipients`, text rendered. */
export interface OutgoingMail {
  /** `<...@domain>`, derived from the idempotency key: a resend carries the same id. */
  messageId: string;
  from: SenderIdentity;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** ISO instant for the Date header; the first attempt's, so a resend is the same message. */
  date: string;
  /** Extra headers with fixed names and header-safe values (`X-Terminus-*`, `Auto-Submitted`). */
  headers: Record<string, string>;
}

/** A recipient the server refused while accepting the message for others. */
export interface RejectedRecipient {
  address: string;
  response?: string;
  responseCode?: number;
}

/** What the server answered for a message it accepted (for at least one recipient). */
export interface DeliveryReport {
  accepted: string[];
  rejected: RejectedRecipient[];
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued as 4F1B2`. */
  response: string;
}

/** Sends mail. Throws {@link MailDeliveryError} (matched by `name`) when the server did not take the message. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<DeliveryReport>;
  /** Releases connections; the transport is not used afterwards. */
  close(): void;
}

/** Why a send failed, in the terms the retry decision needs. */
export interface MailFailureInfo {
  /** True when sending the same message again cannot succeed (5xx, bad credentials, envelope, TLS trust). */
  permanent: boolean;
  reason: 'rejected' | 'deferred' | 'auth' | 'envelope' | 'tls' | 'network' | 'protocol' | 'local';
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  rejected?: RejectedRecipient[];
}

/**
 * A failed send, classified. A class so transports can throw it, but callers match `error.name`, never
 * `instanceof` (activity and test code may load different copies of this module).
 */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  constructor(
    message: string,
    readonly info: MailFailureInfo,
  ) {
    super(message);
  }
}

/** Narrows an unknown thrown value to a {@link MailDeliveryError} by name. */
export function isMailDeliveryError(err: unknown): err is MailDeliveryError {
  return (
    err instanceof Error && err.name === 'MailDeliveryError' && typeof (err as { info?: unknown }).info === 'object'
  );
}
