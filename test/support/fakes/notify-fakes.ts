import type { Database } from '../../../src/db/database';
import {
  MailDeliveryError,
  type DeliveryReport,
  type MailFailureInfo,
  type MailTransport,
  type OutgoingMail,
} from '../../../src/adapters/mail/mail-transport';

/** One scripted answer of the fake transport. */
export type FakeStep = DeliveryReport | { fail: MailFailureInfo } | { hang: Promise<DeliveryReport> } | Error;

/** A transport that records what it was asked to send and answers from a script (default: accept all). */
export function fakeTransport(script: FakeStep[] = []) {
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = {
    async send(mail) {
      sent.push(mail);
      const step = script.shift();
      if (!step) return { accepted: [...mail.to], rejected: [], response: '250 2.0.0 Ok: queued' };
      if (step instanceof Error) throw step;
      if ('fail' in step)
        throw new MailDeliveryError(`scripted failure ${step.fail.responseCode ?? step.fail.code}`, step.fail);
      if ('hang' in step) return step.hang;
      return step;
    },
    close: () => undefined,
  };
  return { transport, sent };
}

/** Where a scripted database fault strikes relative to the statement. */
export type DbFault = 'before' | 'after' | undefined;

/**
 * Wraps a database so chosen statements fail: `before` (the statement never runs: the database is down) or
 * `after` (it commits, then the caller sees an error: the process died right after the write).
 */
export function faultyDb(db: Database, fault: (sql: string) => DbFault): Database {
  return {
    ...db,
    async query(sql, params) {
      const f = fault(sql);
      if (f === 'before') throw new Error('database unavailable (scripted)');
      const rows = await db.query(sql, params);
      if (f === 'after') throw new Error('connection lost after the statement committed (scripted)');
      return rows as never;
    },
  };
}

/** True for the outbox's "mark sent" statement. */
export const isMarkSent = (sql: string): boolean => /SET status = 'sent'/.test(sql);

/** A clock tests move by hand. */
export function manualClock(startIso = '2026-03-01T12:00:00.000Z') {
  let t = new Date(startIso).getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}
