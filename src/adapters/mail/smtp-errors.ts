import { MailDeliveryError, type MailFailureInfo, type RejectedRecipient } from './mail-transport';

/**
 * Classifies what nodemailer throws into retry or give up. The SMTP reply code decides when there is one
 * (RFC 5321: 4yz transient, 5yz permanent, 503 a sequencing problem that a new connection fixes), so a 451
 * greylisting answer on RCPT or DATA is retried even though nodemailer files it under EENVELOPE/EMESSAGE.
 * Without a reply code: bad or missing credentials, an envelope or message nodemailer itself refuses, and a
 * server certificate that cannot be trusted are permanent (fix the configuration, do not hammer the relay);
 * connection, socket, DNS and timeout failures are transient.
 */

const PERMANENT_CODES: Record<string, MailFailureInfo['reason']> = {
  EAUTH: 'auth',
  ENOAUTH: 'auth',
  EOAUTH2: 'auth',
  EENVELOPE: 'envelope',
  EMAXRECIPIENTS: 'envelope',
  EMESSAGE: 'local',
  EREQUIRETLS: 'tls',
  ECONFIG: 'local',
  EFILEACCESS: 'local',
  EURLACCESS: 'local',
  EOTP: 'local',
};

// Node's certificate verification failures (err.code, or originalCode once nodemailer wrapped it as ESOCKET).
const CERT_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID/;

interface NodemailerErrorShape {
  message?: unknown;
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  permanent?: unknown;
  rejectedErrors?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function rejectedFrom(list: unknown): RejectedRecipient[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((e: NodemailerErrorShape & { recipient?: unknown }) => ({
    address: str(e.recipient) ?? '',
    response: str(e.response),
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
  }));
}

/** Classifies one error from nodemailer (or the socket under it). */
export function classifySmtpError(err: unknown): MailFailureInfo {
  const e = (typeof err === 'object' && err !== null ? err : {}) as NodemailerErrorShape;
  const code = str(e.code);
  const originalCode = str(e.originalCode);
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const base = {
    code,
    responseCode,
    response: str(e.response),
    command: str(e.command),
    rejected: rejectedFrom(e.rejectedErrors),
  };
  if (responseCode !== undefined && responseCode >= 400) {
    const permanent = responseCode >= 500 && responseCode !== 503;
    if (!permanent) return { ...base, permanent, reason: 'deferred' };
    return { ...base, permanent, reason: code === 'EAUTH' ? 'auth' : 'rejected' };
  }
  if (CERT_FAILURE.test(originalCode ?? '') || CERT_FAILURE.test(code ?? ''))
    return { ...base, permanent: true, reason: 'tls' };
  const permanentReason = code ? PERMANENT_CODES[code] : undefined;
  if (permanentReason) return { ...base, permanent: true, reason: permanentReason };
  if (code === 'EPROTOCOL') return { ...base, permanent: false, reason: 'protocol' };
  return { ...base, permanent: false, reason: 'network' };
}

/** Wraps a nodemailer error as a {@link MailDeliveryError} whose message names what the server said. */
export function toMailDeliveryError(err: unknown): MailDeliveryError {
  const info = classifySmtpError(err);
  const message = err instanceof Error ? err.message : String(err);
  const said = info.response && !message.includes(info.response) ? ` (server said: ${info.response})` : '';
  return new MailDeliveryError(
    `${info.permanent ? 'permanent' : 'transient'} mail failure [${info.reason}]: ${message}${said}`,
    info,
  );
}
