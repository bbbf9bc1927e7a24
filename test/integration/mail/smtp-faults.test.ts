import type { SendCustomerMessageInput } from '../../../src/activities/notify-contract';
import { startTestDatabase, type TestDatabase } from '../../support/database';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';
import { faultyDb, isMarkSent } from '../../support/fakes/notify-fakes';
import { statementFixture } from '../../support/fixtures/notice-fixtures';
import { activityEnv, run, failureOf, mailEnv, realNotify } from './mail-harness';

/**
 * Fault behaviour against a real SMTP server. Retries are driven the way Temporal drives them: the activity is
 * called again with the same input after a retryable failure, and never after a non-retryable one.
 */
describe('SMTP faults, retries and exactly-once delivery', () => {
  let tdb: TestDatabase;
  let sink: SmtpSink;
  const env = activityEnv();
  const closers: Array<() => void> = [];
  let n = 0;
  const input = (over: Partial<SendCustomerMessageInput> = {}): SendCustomerMessageInput => ({
    idempotencyKey: `case-acct-fault-${++n}/notice`,
    caseId: `case-acct-fault-${n}`,
    kind: 'termination_notice',
    to: ['abuse@board.example'],
    statement: statementFixture(),
    nonDisclosure: false,
    ...over,
  });
  const notifyFor = (url: string, extra: Record<string, string> = {}, db = tdb.db) => {
    const r = realNotify(mailEnv(url, extra), { db });
    closers.push(() => r.transport.close());
    return r.acts;
  };
  const outboxRow = async (key: string) =>
    (await tdb.db.query('SELECT * FROM mail_outbox WHERE idempotency_key = $1', [key]))[0] as Record<string, unknown>;

  beforeAll(async () => {
    [tdb, sink] = await Promise.all([startTestDatabase(), startSmtpSink()]);
  });
  beforeEach(() => sink.clear());
  afterAll(async () => {
    closers.forEach((c) => c());
    await Promise.all([sink?.stop(), tdb?.stop()]);
  });

  it.each([
    ['421 on connect', { stage: 'connect' as const, code: 421 }],
    ['451 after DATA', { stage: 'data' as const, code: 451 }],
    ['451 on RCPT (greylisting)', { stage: 'rcpt' as const, code: 451 }],
  ])('%s: a retryable failure, then exactly one message delivered', async (_name, fault) => {
    const acts = notifyFor(sink.url);
    const i = input();
    sink.fail(fault);
    const err = await failureOf(run(env, acts.sendCustomerMessage, i));
    expect(err.name).toBe('Error'); // plain error: Temporal retries it
    expect(err.message).toContain(String(fault.code));
    expect(sink.refusals).toEqual([
      { stage: fault.stage, code: fault.code, ...(fault.stage === 'rcpt' ? { recipient: 'abuse@board.example' } : {}) },
    ]);
    const result = await run(env, acts.sendCustomerMessage, i);
    expect(result.duplicate).toBe(false);
    expect(result.accepted).toEqual(['abuse@board.example']);
    expect(await run(env, acts.sendCustomerMessage, i)).toMatchObject({ duplicate: true });
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.parsed.messageId).toBe(result.messageId);
    expect(await outboxRow(i.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('550 after DATA: non-retryable MailRejected, nothing delivered, outbox says failed', async () => {
    const acts = notifyFor(sink.url);
    const i = input();
    sink.fail({ stage: 'data', code: 550, message: '5.7.1 Message rejected by policy' });
    const err = await failureOf(run(env, acts.sendCustomerMessage, i));
    expect(err).toMatchObject({ name: 'ApplicationFailure', type: 'MailRejected', nonRetryable: true });
    expect(err.details?.[0]).toMatchObject({ responseCode: 550, reason: 'rejected', permanent: true });
    expect(err.message).toContain('5.7.1 Message rejected by policy');
    expect(sink.messages).toHaveLength(0);
    expect(await outboxRow(i.idempotencyKey)).toMatchObject({ status: 'failed' });
  });

  it('550 for every recipient: MailRejected', async () => {
    const acts = notifyFor(sink.url);
    sink.fail({ stage: 'rcpt', code: 550, times: 2 });
    const err = await failureOf(
      run(env, acts.sendCustomerMessage, input({ to: ['a@board.example', 'b@board.example'] })),
    );
    expect(err).toMatchObject({ type: 'MailRejected', nonRetryable: true });
    expect(sink.messages).toHaveLength(0);
  });

  it('550 for one of two recipients: delivered to the other, the rejection recorded, no failure', async () => {
    const acts = notifyFor(sink.url);
    const i = input({ to: ['gone@board.example', 'abuse@board.example'] });
    sink.fail({ stage: 'rcpt', code: 550, recipient: 'gone@board.example', message: '5.1.1 User unknown' });
    const r = await run(env, acts.sendCustomerMessage, i);
    expect(r).toMatchObject({ accepted: ['abuse@board.example'], rejected: ['gone@board.example'], duplicate: false });
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.envelope.to).toEqual(['abuse@board.example']);
    const row = await outboxRow(i.idempotencyKey);
    expect(row.rejected).toEqual([
      { address: 'gone@board.example', responseCode: 550, response: '550 5.1.1 User unknown' },
    ]);
  });

  it('authenticates with credentials from SMTP_URL; a wrong password is a permanent EAUTH failure', async () => {
    const authSink = await startSmtpSink({ auth: { user: 'terminus@relay', pass: 'p:ss/w@rd' } });
    try {
      const ok = await run(env, notifyFor(authSink.url).sendCustomerMessage, input());
      expect(ok.duplicate).toBe(false);
      expect(authSink.messages).toHaveLength(1);
      const wrong = authSink.url.replace(encodeURIComponent('p:ss/w@rd'), 'nope');
      const err = await failureOf(run(env, notifyFor(wrong).sendCustomerMessage, input()));
      expect(err).toMatchObject({ type: 'MailRejected', nonRetryable: true });
      expect(err.details?.[0]).toMatchObject({ reason: 'auth', code: 'EAUTH', responseCode: 535 });
      expect(authSink.messages).toHaveLength(1);
    } finally {
      await authSink.stop();
    }
  });

  it('smtps with an untrusted certificate: refused (permanent, tls) unless SMTP_TLS_REJECT_UNAUTHORIZED=false', async () => {
    const tlsSink = await startSmtpSink({ secure: true });
    try {
      expect(tlsSink.url).toMatch(/^smtps:\/\//);
      const err = await failureOf(run(env, notifyFor(tlsSink.url).sendCustomerMessage, input()));
      expect(err).toMatchObject({ type: 'MailRejected', nonRetryable: true });
      expect(err.details?.[0]).toMatchObject({ reason: 'tls' });
      const ok = await run(
        env,
        notifyFor(tlsSink.url, { SMTP_TLS_REJECT_UNAUTHORIZED: 'false' }).sendCustomerMessage,
        input(),
      );
      expect(ok.accepted).toEqual(['abuse@board.example']);
      expect(tlsSink.messages).toHaveLength(1);
    } finally {
      await tlsSink.stop();
    }
  });

  it('no server listening: a retryable network failure', async () => {
    const gone = await startSmtpSink();
    const url = gone.url;
    await gone.stop();
    const err = await failureOf(run(env, notifyFor(url).sendCustomerMessage, input()));
    expect(err.name).toBe('Error');
    expect(err.message).toMatch(/network|ECONNREFUSED|ESOCKET|ECONNECTION/);
  });

  it('completion lost after the server accepted and the outbox recorded it: the retry sends nothing', async () => {
    let lose = true;
    const db = faultyDb(tdb.db, (sql) => (lose && isMarkSent(sql) ? 'after' : undefined));
    const i = input();
    const firstWorker = notifyFor(sink.url, {}, db);
    await failureOf(run(env, firstWorker.sendCustomerMessage, i)); // "killed" after the sent mark committed
    lose = false;
    const restartedWorker = notifyFor(sink.url);
    const retry = await run(env, restartedWorker.sendCustomerMessage, i);
    expect(retry).toMatchObject({ duplicate: true, accepted: ['abuse@board.example'] });
    expect(retry.response).toMatch(/^250 /);
    expect(sink.messages).toHaveLength(1);
  });
});
