import type { Database } from '../../db/database';
import type { DeliveryReport, RejectedRecipient } from './mail-transport';

/**
 * The mail outbox (table `mail_outbox`, migration 200): the durable memory of what the notify activities sent.
 * One row per idempotency key. States: `pending` (rendered, not sent), `sending` (an attempt holds a lease and
 * is talking to the server), `sent` (the server accepted it: never send again), `failed` (permanently refused;
 * a later call with the same input may try again, e.g. after the relay configuration was fixed).
 */

/** What the first attempt stores; later attempts send exactly this. */
export interface OutboxEntry {
  key: string;
  messageId: string;
  caseId: string;
  kind: string;
  inputSha256: string;
  recipients: string[];
  subject: string;
  text: string;
  html: string;
  /** ISO instant; becomes the Date header. */
  messageDate: string;
}

/** A stored row. Instants are ISO strings. */
export interface OutboxRow extends OutboxEntry {
  status: 'pending' | 'sending' | 'sent' | 'failed';
  leaseUntil?: string;
  attempts: number;
  accepted?: string[];
  rejected?: RejectedRecipient[];
  response?: string;
  lastError?: string;
  sentAt?: string;
}

/** Outbox operations; each is one statement, so each is atomic. */
export interface MailOutbox {
  /** Inserts the entry unless the key exists, then returns the stored row (the first attempt's content wins). */
  open(entry: OutboxEntry): Promise<OutboxRow>;
  get(key: string): Promise<OutboxRow | undefined>;
  /**
   * Takes the send lease: succeeds when the row is `pending` or `failed`, or `sending` with an expired lease
   * (its attempt died). Returns undefined when the row is `sent` or another live attempt holds it.
   */
  claim(key: string, now: Date, leaseUntil: Date): Promise<OutboxRow | undefined>;
  /** Records the server's answer; a row already `sent` keeps its first record. */
  markSent(key: string, report: DeliveryReport, sentAt: Date): Promise<void>;
  /** A transient failure: back to `pending` so the next attempt need not wait for the lease. */
  release(key: string, error: string, now: Date): Promise<void>;
  /** A permanent failure, with what the server said. */
  markFailed(key: string, error: string, response: string | undefined, now: Date): Promise<void>;
}

interface RawRow {
  idempotency_key: string;
  message_id: string;
  case_id: string;
  kind: string;
  input_sha256: string;
  recipients: string[];
  subject: string;
  body_text: string;
  body_html: string;
  message_date: Date | string;
  status: OutboxRow['status'];
  lease_until: Date | string | null;
  attempts: number;
  accepted: string[] | null;
  rejected: RejectedRecipient[] | null;
  response: string | null;
  last_error: string | null;
  sent_at: Date | string | null;
}

const iso = (v: Date | string): string => new Date(v).toISOString();
const opt = <T, R>(v: T | null, f: (x: T) => R): R | undefined => (v === null ? undefined : f(v));

function fromRaw(r: RawRow): OutboxRow {
  return {
    key: r.idempotency_key,
    messageId: r.message_id,
    caseId: r.case_id,
    kind: r.kind,
    inputSha256: r.input_sha256,
    recipients: r.recipients,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    messageDate: iso(r.message_date),
    status: r.status,
    leaseUntil: opt(r.lease_until, iso),
    attempts: r.attempts,
    accepted: opt(r.accepted, (x) => x),
    rejected: opt(r.rejected, (x) => x),
    response: opt(r.response, (x) => x),
    lastError: opt(r.last_error, (x) => x),
    sentAt: opt(r.sent_at, iso),
  };
}

const COLUMNS = `idempotency_key, message_id, case_id, kind, input_sha256, recipients, subject, body_text, body_html,
  message_date, status, lease_until, attempts, accepted, rejected, response, last_error, sent_at`;

/** The outbox over the app database. */
export function createMailOutbox(db: Database): MailOutbox {
  const get = async (key: string): Promise<OutboxRow | undefined> => {
    const rows = await db.query<RawRow>(`SELECT ${COLUMNS} FROM mail_outbox WHERE idempotency_key = $1`, [key]);
    return rows[0] ? fromRaw(rows[0]) : undefined;
  };
  return {
    get,
    async open(e) {
      await db.query(
        `INSERT INTO mail_outbox (idempotency_key, message_id, case_id, kind, input_sha256, recipients, subject,
           body_text, body_html, message_date)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [
          e.key,
          e.messageId,
          e.caseId,
          e.kind,
          e.inputSha256,
          JSON.stringify(e.recipients),
          e.subject,
          e.text,
          e.html,
          e.messageDate,
        ],
      );
      const row = await get(e.key);
      if (!row) throw new Error(`mail outbox row ${e.key} vanished right after insert`);
      return row;
    },
    async claim(key, now, leaseUntil) {
      const rows = await db.query<RawRow>(
        `UPDATE mail_outbox SET status = 'sending', lease_until = $3, attempts = attempts + 1, updated_at = $2
         WHERE idempotency_key = $1
           AND (status IN ('pending', 'failed') OR (status = 'sending' AND lease_until <= $2))
         RETURNING ${COLUMNS}`,
        [key, now.toISOString(), leaseUntil.toISOString()],
      );
      return rows[0] ? fromRaw(rows[0]) : undefined;
    },
    async markSent(key, report, sentAt) {
      await db.query(
        `UPDATE mail_outbox SET status = 'sent', lease_until = NULL, accepted = $2::jsonb, rejected = $3::jsonb,
           response = $4, last_error = NULL, sent_at = $5, updated_at = $5
         WHERE idempotency_key = $1 AND status <> 'sent'`,
        [key, JSON.stringify(report.accepted), JSON.stringify(report.rejected), report.response, sentAt.toISOString()],
      );
    },
    async release(key, error, now) {
      await db.query(
        `UPDATE mail_outbox SET status = 'pending', lease_until = NULL, last_error = $2, updated_at = $3
         WHERE idempotency_key = $1 AND status = 'sending'`,
        [key, error, now.toISOString()],
      );
    },
    async markFailed(key, error, response, now) {
      await db.query(
        `UPDATE mail_outbox SET status = 'failed', lease_until = NULL, last_error = $2, response = $3, updated_at = $4
         WHERE idempotency_key = $1 AND status = 'sending'`,
        [key, error, response ?? null, now.toISOString()],
      );
    },
  };
}
