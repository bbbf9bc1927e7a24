import { createHash } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createNotifyActivities, type NotifyDeps } from '../../src/activities/notify';
import type {
  SendCustomerMessageInput,
  SendResult,
  SendStaffAlertInput,
} from '../../src/activities/notify-contract';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { statementFixture } from '../support/fixtures/notice-fixtures';
import { fakeTransport, faultyDb, isMarkSent, manualClock, type DbFault } from '../support/fakes/notify-fakes';

const sender = { name: 'Trust & Safety', address: 'tns@terminus.example', domain: 'terminus.example' };
let seq = 0;
const input = (over: Partial<SendCustomerMessageInput> = {}): SendCustomerMessageInput => ({
  idempotencyKey: `case-acct-${++seq}/notice`,
  caseId: `case-acct-${seq}`,
  kind: 'termination_notice',
  to: ['abuse@board.example'],
  statement: statementFixture(),
  nonDisclosure: false,
  ...over,
});

interface Failure extends Error {
  type?: string;
  nonRetryable?: boolean;
  details?: unknown[];
}

async function failureOf(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (err) {
    return err as Failure;
  }
  throw new Error('expected the activity to fail');
}

describe('notify activities (fake transport, real outbox)', () => {
  let tdb: TestDatabase;
  // Failures are the point of most tests here; keep the SDK's per-failure WARN log out of the output.
  const quiet = {
    log: () => undefined,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  const env = new MockActivityEnvironment(undefined, { logger: quiet });
  beforeAll(async () => {
    tdb = await startTestDatabase();
  });
  afterAll(async () => {
    await tdb?.stop();
  });

  const make = (deps: Partial<NotifyDeps> & Pick<NotifyDeps, 'transport'>) =>
    createNotifyActivities({ db: tdb.db, sender, staffAlertTo: ['oncall@terminus.example'], ...deps });
  const send = (acts: ReturnType<typeof make>, i: SendCustomerMessageInput): Promise<SendResult> =>
    env.run(acts.sendCustomerMessage, i);
  const alertOf = (acts: ReturnType<typeof make>, a: SendStaffAlertInput): Promise<SendResult> =>
    env.run(acts.sendStaffAlert, a);
  const row = async (key: string) =>
    (await tdb.db.query('SELECT * FROM mail_outbox WHERE idempotency_key = $1', [key]))[0] as Record<string, unknown>;

  it('sends once; a retry returns the recorded answer with duplicate: true and sends nothing', async () => {
    const { transport, sent } = fakeTransport();
    const acts = make({ transport });
    const i = input();
    const first = await send(acts, i);
    const again = await send(acts, i);
    const otherWorker = await send(make({ transport }), i);
    expect(sent).toHaveLength(1);
    expect(first).toMatchObject({ accepted: ['abuse@board.example'], rejected: [], duplicate: false });
    expect(first.response).toBe('250 2.0.0 Ok: queued');
    expect(again).toEqual({ ...first, duplicate: true });
    expect(otherWorker).toEqual({ ...first, duplicate: true });
    expect(await row(i.idempotencyKey)).toMatchObject({
      status: 'sent',
      attempts: 1,
      accepted: ['abuse@board.example'],
    });
  });

  it('derives the Message-ID from the idempotency key and the sender domain', async () => {
    const { transport, sent } = fakeTransport();
    const i = input();
    const r = await send(make({ transport }), i);
    const expected = `<${createHash('sha256').update(i.idempotencyKey).digest('hex')}@terminus.example>`;
    expect(r.messageId).toBe(expected);
    expect(sent[0]?.messageId).toBe(expected);
    expect(sent[0]?.headers).toEqual({
      'Auto-Submitted': 'auto-generated',
      'X-Terminus-Case': i.caseId,
      'X-Terminus-Kind': 'termination_notice',
    });
  });

  it('retries a transient failure as a plain error, then sends the very same message', async () => {
    const clock = manualClock();
    const { transport, sent } = fakeTransport([{ fail: { permanent: false, reason: 'deferred', responseCode: 451 } }]);
    const acts = make({ transport, now: clock.now });
    const i = input();
    const err = await failureOf(send(acts, i));
    expect(err.name).toBe('Error');
    expect(err.message).toContain('451');
    expect(await row(i.idempotencyKey)).toMatchObject({ status: 'pending', lease_until: null });
    clock.advance(60_000);
    const r = await send(acts, i);
    expect(r.duplicate).toBe(false);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]); // same Message-ID, Date, subject and bodies
    expect(await row(i.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('fails a permanent refusal as non-retryable MailRejected with what the server said', async () => {
    const { transport } = fakeTransport([
      { fail: { permanent: true, reason: 'rejected', responseCode: 550, response: '550 5.7.1 no' } },
    ]);
    const i = input();
    const err = await failureOf(send(make({ transport }), i));
    expect(err.name).toBe('ApplicationFailure');
    expect(err.type).toBe('MailRejected');
    expect(err.nonRetryable).toBe(true);
    expect(err.details?.[0]).toMatchObject({ responseCode: 550, reason: 'rejected', idempotencyKey: i.idempotencyKey });
    expect(await row(i.idempotencyKey)).toMatchObject({ status: 'failed', response: '550 5.7.1 no' });
  });

  it('treats an unclassified transport error as transient', async () => {
    const { transport, sent } = fakeTransport([new TypeError('socket exploded')]);
    const acts = make({ transport });
    const i = input();
    const err = await failureOf(send(acts, i));
    expect(err.name).toBe('Error');
    expect((await send(acts, i)).duplicate).toBe(false);
    expect(sent).toHaveLength(2);
  });

  it('records partially rejected recipients without failing', async () => {
    const { transport } = fakeTransport([
      {
        accepted: ['abuse@board.example'],
        rejected: [{ address: 'gone@board.example', responseCode: 550, response: '550 5.1.1 unknown user' }],
        response: '250 ok',
      },
    ]);
    const i = input({ to: ['abuse@board.example', 'gone@board.example'] });
    const r = await send(make({ transport }), i);
    expect(r).toMatchObject({ accepted: ['abuse@board.example'], rejected: ['gone@board.example'] });
    expect((await row(i.idempotencyKey)).rejected).toEqual([
      { address: 'gone@board.example', responseCode: 550, response: '550 5.1.1 unknown user' },
    ]);
  });

  it('refuses a reused key with different content (Conflict) instead of silently not sending', async () => {
    const { transport, sent } = fakeTransport();
    const acts = make({ transport });
    const i = input();
    await send(acts, i);
    const err = await failureOf(send(acts, { ...i, statement: statementFixture({ facts: 'A different case.' }) }));
    expect(err.type).toBe('Conflict');
    expect(err.nonRetryable).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['a header-injecting recipient', { to: ['a@board.example\r\nBcc: x@evil.example'] }, /recipient 1/],
    ['no recipient', { to: [] }, /no recipient/],
    [
      'a non-disclosure breach',
      { nonDisclosure: true, statement: statementFixture({ facts: 'Per the FBI request.' }) },
      /FBI/,
    ],
    ['a missing appeal', { kind: 'appeal_received' as const }, /appeal.id/],
  ])('refuses %s as InvalidInput before touching the outbox', async (_what, over, message) => {
    const { transport, sent } = fakeTransport();
    const i = input(over);
    const err = await failureOf(send(make({ transport }), i));
    expect(err.type).toBe('InvalidInput');
    expect(err.nonRetryable).toBe(true);
    expect(err.message).toMatch(message);
    expect(sent).toHaveLength(0);
    expect(await row(i.idempotencyKey)).toBeUndefined();
  });

  it('lets only one of two concurrent attempts send (the send lease)', async () => {
    let release: (r: { accepted: string[]; rejected: never[]; response: string }) => void = () => undefined;
    const hang = new Promise<{ accepted: string[]; rejected: never[]; response: string }>((r) => (release = r));
    const { transport, sent } = fakeTransport([{ hang }]);
    const acts = make({ transport });
    const i = input();
    const slow = send(acts, i); // a timed-out attempt still talking to the server
    await waitFor(() => sent.length === 1);
    const err = await failureOf(send(acts, i)); // its retry
    expect(err.name).toBe('Error');
    expect(err.message).toMatch(/held by another attempt/);
    release({ accepted: ['abuse@board.example'], rejected: [], response: '250 late' });
    expect((await slow).duplicate).toBe(false);
    expect(await send(acts, i)).toMatchObject({ duplicate: true, response: '250 late' });
    expect(sent).toHaveLength(1);
  });

  it('holds after a lost completion: the row was marked sent, the activity never returned', async () => {
    let fault: DbFault = 'after';
    const { transport, sent } = fakeTransport();
    const db = faultyDb(tdb.db, (sql) => (isMarkSent(sql) ? fault : undefined));
    const i = input();
    const err = await failureOf(send(make({ transport, db }), i)); // the worker "dies" right after the write
    expect(err.message).toMatch(/could not record/);
    fault = undefined;
    const retry = await send(make({ transport, db: tdb.db }), i); // a new worker, as after a restart
    expect(retry.duplicate).toBe(true);
    expect(retry.response).toBe('250 2.0.0 Ok: queued');
    expect(sent).toHaveLength(1);
  });

  it('same worker, database briefly down after the SMTP accept: the retry records the answer, sends nothing', async () => {
    let fault: DbFault = 'before';
    const { transport, sent } = fakeTransport();
    const db = faultyDb(tdb.db, (sql) => (isMarkSent(sql) ? fault : undefined));
    const acts = createNotifyActivities({ db, sender, staffAlertTo: [], transport });
    const i = input();
    const err = await failureOf(send(acts, i));
    expect(err.message).toMatch(/accepted .* but the outbox could not record it/);
    fault = undefined;
    const retry = await send(acts, i);
    expect(retry).toMatchObject({ duplicate: true, response: '250 2.0.0 Ok: queued' });
    expect(sent).toHaveLength(1);
    expect(await row(i.idempotencyKey)).toMatchObject({ status: 'sent' });
  });

  it('the residual window: process gone before the sent mark; after the lease the message goes again, same Message-ID', async () => {
    const clock = manualClock();
    const { transport, sent } = fakeTransport();
    const down = faultyDb(tdb.db, (sql) => (isMarkSent(sql) ? 'before' : undefined));
    const i = input();
    await failureOf(send(make({ transport, db: down, now: clock.now, sendLeaseMs: 120_000 }), i));
    const restarted = make({ transport, now: clock.now, sendLeaseMs: 120_000 }); // memory of the answer is gone
    const early = await failureOf(send(restarted, i));
    expect(early.message).toMatch(/held by another attempt/);
    clock.advance(120_001);
    const late = await send(restarted, i);
    expect(late.duplicate).toBe(false);
    expect(sent).toHaveLength(2); // at-least-once in this window, documented in notify-delivery.ts
    expect(sent[1]?.messageId).toBe(sent[0]?.messageId);
    expect(sent[1]?.date).toBe(sent[0]?.date);
  });

  it('sends staff alerts to the configured list, exactly once', async () => {
    const { transport, sent } = fakeTransport();
    const acts = make({ transport, staffAlertTo: ['oncall@terminus.example', 'legal@terminus.example'] });
    const alert = {
      idempotencyKey: `alert-${++seq}`,
      caseId: 'case-9',
      kind: 'hold_expiring' as const,
      subject: 'hold 42',
      body: 'Expires in 3 days.',
    };
    const r = await alertOf(acts, alert);
    expect(await alertOf(acts, alert)).toEqual({ ...r, duplicate: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toEqual(['oncall@terminus.example', 'legal@terminus.example']);
    expect(sent[0]?.subject).toBe('[terminus] Law-enforcement hold expiring: hold 42');
  });

  it('fails staff alerts as InvalidConfiguration when the staff list is unusable', async () => {
    const { transport } = fakeTransport();
    const err = await failureOf(
      alertOf(make({ transport, staffAlertTo: [] }), {
        idempotencyKey: `alert-${++seq}`,
        caseId: 'case-9',
        kind: 'revocation_stuck',
        subject: 's',
        body: 'b',
      }),
    );
    expect(err.type).toBe('InvalidConfiguration');
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}
