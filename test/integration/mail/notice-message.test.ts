import { createHash } from 'node:crypto';
import type { AddressObject } from 'mailparser';
import type { SendCustomerMessageInput } from '../../../src/activities/notify-contract';
import { lawEnforcementMentions } from '../../../src/domain/notice';
import { startTestDatabase, type TestDatabase } from '../../support/database';
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from '../../support/smtp-sink';
import { HOSTILE, statementFixture } from '../../support/fixtures/notice-fixtures';
import { activityEnv, run, mailEnv, realNotify } from './mail-harness';

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? ''));

/** Unfolded header lines as transmitted (before the blank line). */
const rawHeaders = (raw: string): string[] =>
  raw
    .split(/\r\n\r\n/)[0]!
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n');

describe('customer notices through a real SMTP server (nodemailer -> smtp-server -> mailparser)', () => {
  let tdb: TestDatabase;
  let sink: SmtpSink;
  let notify: ReturnType<typeof realNotify>;
  const env = activityEnv();
  let n = 0;
  const input = (over: Partial<SendCustomerMessageInput> = {}): SendCustomerMessageInput => ({
    idempotencyKey: `case-acct-msg-${++n}/notice`,
    caseId: `case-acct-msg-${n}`,
    kind: 'termination_notice',
    to: ['abuse@board.example', 'legal@board.example'],
    statement: statementFixture(),
    nonDisclosure: false,
    ...over,
  });
  const deliver = async (i: SendCustomerMessageInput): Promise<ReceivedMessage> => {
    const before = sink.messages.length;
    await run(env, notify.acts.sendCustomerMessage, i);
    const all = await sink.waitForMessages(before + 1);
    return all[before]!;
  };

  beforeAll(async () => {
    [tdb, sink] = await Promise.all([startTestDatabase(), startSmtpSink()]);
    notify = realNotify(mailEnv(sink.url), { db: tdb.db });
  });
  afterAll(async () => {
    notify?.transport.close();
    await Promise.all([sink?.stop(), tdb?.stop()]);
  });

  it('delivers a termination notice with the right headers, Message-ID and both parts', async () => {
    const i = input();
    const m = await deliver(i);
    const p = m.parsed;
    expect(p.messageId).toBe(`<${createHash('sha256').update(i.idempotencyKey).digest('hex')}@terminus.example>`);
    expect(p.from?.value).toEqual([{ name: 'Trust & Safety', address: 'tns@terminus.example' }]);
    expect(addresses(p.to)).toEqual(['abuse@board.example', 'legal@board.example']);
    expect(m.envelope).toEqual({ from: 'tns@terminus.example', to: ['abuse@board.example', 'legal@board.example'] });
    expect(p.subject).toBe('Notice of service termination for board.example and 1 more');
    expect(p.headers.get('auto-submitted')).toBe('auto-generated');
    expect(p.headers.get('x-terminus-case')).toBe(i.caseId);
    expect(p.headers.get('x-terminus-kind')).toBe('termination_notice');
    expect(p.date?.toISOString()).toMatch(/^\d{4}-/);
    expect(p.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(p.text).toContain('Monday 5 August 2019, 00:00 (America/Los_Angeles, GMT-07:00)');
    expect(p.text).toContain('Monday 5 August 2019, 07:00 UTC');
    expect(p.text).toContain('Clause: TOS-4.2');
    expect(p.html).toContain('<h2 style="font-size: 1.1em;">How to appeal</h2>');
    expect(p.html).toContain('Trust &amp; Safety');
    expect(p.attachments).toHaveLength(0);
  });

  it('escapes hostile HTML and defeats header injection in names, subjects and domains', async () => {
    const hostileStatement = statementFixture({
      accountName: HOSTILE.name,
      facts: HOSTILE.facts,
      decision: { services: ['proxy'], domains: [`x.example\r\nBcc: victim@elsewhere.example\r\nSubject: spoofed`] },
    });
    const m = await deliver(input({ statement: hostileStatement }));
    const headers = rawHeaders(m.raw);
    // One Subject, no smuggled Bcc/X-Injected header, no extra recipient in the envelope.
    expect(headers.filter((h) => /^subject:/i.test(h))).toHaveLength(1);
    expect(headers.some((h) => /^(bcc|x-injected):/i.test(h))).toBe(false);
    expect(m.parsed.headers.has('bcc')).toBe(false);
    expect(m.envelope.to).toEqual(['abuse@board.example', 'legal@board.example']);
    expect(m.parsed.subject).toBe(
      'Notice of service termination for x.example Bcc: victim@elsewhere.example Subject: spoofed',
    );
    // HTML: markup arrives as text.
    const html = String(m.parsed.html);
    expect(html).not.toMatch(/<script|<img|<b>bold/i);
    expect(html).toContain('Evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    // Text part keeps the characters but loses the CR that would matter in a header.
    expect(m.parsed.text).toContain('<img src=x onerror="alert(1)">');
  });

  it('under non-disclosure the delivered notice says nothing about law enforcement', async () => {
    const m = await deliver(input({ nonDisclosure: true }));
    expect(lawEnforcementMentions([m.raw, m.parsed.text ?? '', String(m.parsed.html)])).toEqual([]);
    expect(m.parsed.text).toContain('Facts and circumstances'.toUpperCase());
  });

  it('refuses, and sends nothing, when a non-disclosure notice would reveal the request', async () => {
    const before = sink.messages.length;
    const i = input({
      nonDisclosure: true,
      statement: statementFixture({ facts: 'We act on a preservation request.' }),
    });
    await expect(run(env, notify.acts.sendCustomerMessage, i)).rejects.toMatchObject({
      type: 'InvalidInput',
      nonRetryable: true,
    });
    expect(sink.messages.length).toBe(before);
  });

  it('delivers appeal and reinstatement messages and staff alerts through the same path', async () => {
    const received = await deliver(input({ kind: 'appeal_received', appeal: { id: 'ap-1' } }));
    expect(received.parsed.subject).toBe('We received your appeal ap-1 (board.example and 1 more)');
    const decided = await deliver(input({ kind: 'appeal_decided', appeal: { id: 'ap-1', decision: 'upheld' } }));
    expect(decided.parsed.text).toContain('Your appeal is upheld');
    const restored = await deliver(input({ kind: 'reinstatement' }));
    expect(restored.parsed.subject).toBe('Service restored for board.example and 1 more');

    const before = sink.messages.length;
    await run(env, notify.acts.sendStaffAlert, {
      idempotencyKey: 'case-acct-msg-alert/notice-undeliverable',
      caseId: 'case-acct-msg-alert',
      kind: 'notice_undeliverable',
      subject: 'board.example\r\nBcc: x@evil.example',
      body: '550 from the customer relay.\n<b>check contacts</b>',
    });
    const [alert] = (await sink.waitForMessages(before + 1)).slice(before);
    expect(alert!.envelope.to).toEqual(['oncall@terminus.example', 'legal@terminus.example']);
    expect(alert!.parsed.subject).toBe('[terminus] Customer notice undeliverable: board.example Bcc: x@evil.example');
    expect(alert!.parsed.headers.has('bcc')).toBe(false);
    expect(String(alert!.parsed.html)).toContain('&lt;b&gt;check contacts&lt;/b&gt;');
  });
});
