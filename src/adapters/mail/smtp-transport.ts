import nodemailer from 'nodemailer';
import type { DeliveryReport, MailTransport, OutgoingMail, RejectedRecipient } from './mail-transport';
import { toMailDeliveryError } from './smtp-errors';

/** How to reach the SMTP relay (parsed from `SMTP_URL` and the `SMTP_TLS_*` variables by `config/smtp.ts`). */
export interface SmtpConnectionSettings {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (`smtps://`); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send over a connection that did not upgrade to TLS. */
  requireTLS: boolean;
  auth?: { user: string; pass: string };
  /** False only for a relay with a self-signed certificate you accept knowingly. */
  rejectUnauthorized: boolean;
}

/** Time budget of one SMTP transaction; kept well below the notify activities' start-to-close timeout. */
export const SMTP_TIMEOUTS = {
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 45_000,
  dnsTimeout: 10_000,
} as const;

interface NodemailerRejectedError {
  recipient?: string;
  response?: string;
  responseCode?: number;
}

/**
 * nodemailer over SMTP, one connection per message (no pool: a notice is rare, and a fresh connection per send
 * keeps one attempt's failure from leaking into the next). Messages are built only from structured fields: no
 * `raw`, no `envelope` (nodemailer derives it from From/To, which are checked addresses), no attachments, and
 * file and URL access are disabled on the transport, so no input can make nodemailer read a file or fetch a URL.
 */
export function createSmtpTransport(settings: SmtpConnectionSettings): MailTransport {
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTLS,
    ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.pass } } : {}),
    tls: { rejectUnauthorized: settings.rejectUnauthorized },
    ...SMTP_TIMEOUTS,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });

  return {
    async send(mail: OutgoingMail): Promise<DeliveryReport> {
      try {
        const info = await transporter.sendMail({
          messageId: mail.messageId,
          date: new Date(mail.date),
          from: { name: mail.from.name, address: mail.from.address },
          to: mail.to.map((address) => ({ name: '', address })),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        const rejectedErrors = (info as { rejectedErrors?: NodemailerRejectedError[] }).rejectedErrors ?? [];
        const rejected: RejectedRecipient[] = (info.rejected ?? []).map((address) => {
          const detail = rejectedErrors.find((e) => e.recipient === address);
          return { address, response: detail?.response, responseCode: detail?.responseCode };
        });
        const accepted = [...(info.accepted ?? [])];
        return { accepted, rejected, response: info.response };
      } catch (err) {
        throw toMailDeliveryError(err);
      }
    },
    close() {
      transporter.close();
    },
  };
}
