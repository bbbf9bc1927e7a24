import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMailDev, type MailDev } from '../../../src/adapters/mail/maildev-server';
import { startTestDatabase, type TestDatabase } from '../../support/database';
import { statementFixture } from '../../support/fixtures/notice-fixtures';
import { activityEnv, run, mailEnv, realNotify } from './mail-harness';

interface MailDevEmail {
  id: string;
  subject: string;
  headers: Record<string, string | string[]>;
  text: string;
  html: string;
  to: { address: string }[];
}

describe('embedded MailDev', () => {
  let dataDir: string;
  let tdb: TestDatabase;
  let maildev: MailDev | undefined;
  beforeAll(async () => {
    [dataDir, tdb] = await Promise.all([mkdtemp(path.join(tmpdir(), 'terminus-maildev-')), startTestDatabase()]);
  });
  afterAll(async () => {
    await maildev?.stop();
    await tdb?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on loopback, receives a notice from our transport, shows it in its REST API, and stops', async () => {
    maildev = await startMailDev({ smtpPort: 0, webPort: 0, host: '127.0.0.1', dataDir });
    expect(maildev.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(maildev.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await fetch(new URL('api/healthz', maildev.webUrl))).status).toBe(200);

    const { acts, transport } = realNotify(mailEnv(maildev.smtpUrl), { db: tdb.db });
    try {
      const sent = await run(activityEnv(), acts.sendCustomerMessage, {
        idempotencyKey: 'case-acct-maildev/notice',
        caseId: 'case-acct-maildev',
        kind: 'termination_notice',
        to: ['abuse@board.example'],
        statement: statementFixture(),
        nonDisclosure: false,
      });
      expect(sent.accepted).toEqual(['abuse@board.example']);

      const emails = (await (await fetch(new URL('api/email', maildev.webUrl))).json()) as MailDevEmail[];
      expect(emails).toHaveLength(1);
      const email = emails[0]!;
      expect(email.subject).toBe('Notice of service termination for board.example and 1 more');
      expect(email.headers['message-id']).toBe(sent.messageId);
      expect(email.to.map((t) => t.address)).toEqual(['abuse@board.example']);
      expect(email.text).toContain('07:00 UTC');
      expect(email.html).toContain('How to appeal');
      const page = await fetch(maildev.webUrl, { headers: { accept: 'text/html' } }); // the inbox a person opens
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
    } finally {
      transport.close();
    }

    const webUrl = maildev.webUrl;
    await maildev.stop();
    maildev = undefined;
    await expect(fetch(webUrl)).rejects.toThrow();
  });
});
