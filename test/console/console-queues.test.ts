// Queues past their first page: a queue shows the newest 25 cases of each of its stages, and links to the next ones
// of that queue, page after page, until none is left. In-process over the case rules (RulesCaseService), whose
// listing pages by cursor as the case list does.
import { loadConsoleConfig } from '../../src/config/oidc';
import { createConsoleApp } from '../../src/console/console-app';
import { SessionStore } from '../../src/console/session-store';
import { AuditLog } from '../../src/services/access/audit-log';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { RulesCaseService } from '../support/console/rules-case-service';

let t: TestDatabase;
let app: ReturnType<typeof createConsoleApp>;
let cookie: string;
const cases = new RulesCaseService();

beforeAll(async () => {
  t = await startTestDatabase();
  // 60 cases waiting for findings, opened a minute apart (case-acct-00 the oldest), and 3 already investigated.
  for (let i = 0; i < 60; i++) cases.add(`acct-${String(i).padStart(2, '0')}`, `site${i}.example`, {}, 120 - i);
  for (let i = 0; i < 3; i++) {
    cases.add(`done-${i}`, `done${i}.example`, {}, 30);
    await cases.act(`case-done-${i}`, 'findings', {
      facts: 'f',
      evidence: ['sha256:ab'],
      reasons: 'r',
      principal: { id: 'ivan', roles: ['investigator'] },
      role: 'investigator',
    });
  }
  app = createConsoleApp({
    db: t.db,
    cases,
    audit: new AuditLog(t.db),
    config: loadConsoleConfig({
      OIDC_ISSUER: 'https://id.example.org',
      OIDC_CLIENT_ID: 'c',
      TERMINUS_CONSOLE_URL: 'http://127.0.0.1:8787/console',
    })!,
    destructiveRate: { limit: 10, windowMs: 3_600_000 },
  });
  cookie = `terminus_console=${await new SessionStore(t.db).open('ivan', ['investigator'], 60_000)}`;
});
afterAll(() => t.stop());

const get = async (path: string) => {
  const res = await app.request(path, { headers: { cookie } });
  return { status: res.status, text: await res.text() };
};
const caseLinks = (text: string) => [...text.matchAll(/href="\/console\/cases\/(case-[a-z0-9-]+)"/g)].map((m) => m[1]);
const moreLink = (text: string) => /href="(\/console\/queues\/findings\?from=[A-Za-z0-9_-]+)"/.exec(text)?.[1];

describe('queues past the newest 25', () => {
  it('pages through every case waiting in a queue, none twice, none missed', async () => {
    const first = await get('/console/queues');
    expect(first.status).toBe(200);
    const seen = caseLinks(first.text);
    // The newest 25 of the stage, of which the 3 with findings are not due.
    expect(seen).toHaveLength(22);
    let next = moreLink(first.text);
    let pages = 1;
    while (next) {
      const page = await get(next);
      expect(page.status).toBe(200);
      seen.push(...caseLinks(page.text));
      next = moreLink(page.text);
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(60);
    expect(seen.every((id) => id?.startsWith('case-acct-'))).toBe(true);
  });

  it('refuses a queue of another role (404) and a position that is not one (400), saying so', async () => {
    const other = await get('/console/queues/legal');
    expect(other.status).toBe(404);
    expect(other.text).toContain('None of your queues is called that.');
    const forged = await get('/console/queues/findings?from=bm90LWpzb24');
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('does not point into the queue');
  });
});
