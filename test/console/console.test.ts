// The reviewer console in real Chromium on a stack started like `npm start`: three staff members sign in through
// the embedded OIDC provider (the investigator with the keyboard only), the investigator records findings, legal
// and the T&S lead read the statement of reasons and the notice and approve (each behind a confirmation page), the
// cutoff passes, the watch shows the competitor the customer moved to. A signed-in investigator cannot approve, a
// form without the CSRF token is refused, and axe finds no serious or critical violation on any page.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { DemoTokensFile } from '../../src/dev/demo-principals';
import { DEMO_CUSTOMER } from '../../src/dev/seed-sandbox';
import { launchBrowser, type TestBrowser } from '../support/browser';
import {
  consoleTargetOf,
  csrfOf,
  expectAccessible,
  signIn,
  tabTo,
  type ConsoleTarget,
} from '../support/console/console-browser';
import { startRunningStack, type RunningStack } from '../support/running-stack';

jest.setTimeout(300_000);

const CASE = `case-${DEMO_CUSTOMER.accountId}`;
const COMPETITOR = 'njalla';

let stack: RunningStack | undefined;
let browser: TestBrowser | undefined;
let target: ConsoleTarget;
let tokens: DemoTokensFile['tokens'];
const contexts: BrowserContext[] = [];

/** A call to the stack's HTTP API with a demo principal's bearer token. */
async function api(role: keyof DemoTokensFile['tokens'], method: string, pathname: string, body?: unknown) {
  const res = await fetch(`${stack!.apiUrl}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${tokens[role].token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Reloads the page until `text` (or the element) shows: a reload is sure to read the case afresh. */
async function reloadUntil(page: Page, text: string | RegExp | Locator, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await (typeof text === 'object' && 'count' in text ? text : page.getByText(text)).count()) > 0) return;
    if (Date.now() > deadline) {
      const shown = (
        await page
          .locator('main')
          .innerText()
          .catch(() => '')
      ).slice(-1500);
      throw new Error(`"${String(text)}" not shown after ${timeoutMs} ms; the page ends with:\n${shown}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    await page.reload();
  }
}

async function newContext(): Promise<BrowserContext> {
  const context = await browser!.context.browser()!.newContext({ viewport: { width: 1300, height: 900 } });
  context.setDefaultTimeout(30_000);
  contexts.push(context);
  return context;
}

beforeAll(async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'terminus-console-'));
  stack = await startRunningStack(home);
  target = consoleTargetOf(stack.output());
  tokens = (JSON.parse(await readFile(path.join(home, 'data', 'demo-tokens.json'), 'utf8')) as DemoTokensFile).tokens;
  browser = await launchBrowser();
  // The requester opens the demo case through the API; its cutoff lies 90 s ahead (csam: no minimum notice).
  await api('requester', 'POST', '/cases', {
    account: {
      id: DEMO_CUSTOMER.accountId,
      name: DEMO_CUSTOMER.name,
      noticeContacts: [...DEMO_CUSTOMER.noticeContacts],
    },
    domains: { primary: DEMO_CUSTOMER.primary, aliases: [...DEMO_CUSTOMER.aliases] },
    services: ['dns', 'proxy'],
    category: 'csam',
    summary: 'Hotline report: the forum distributes child sexual abuse material',
    evidenceRefs: ['https://hotline.example/report/2026-0815'],
    cutoff: { kind: 'instant', at: new Date(Date.now() + 90_000).toISOString() },
  });
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
}, 90_000);

describe('the reviewer console on the embedded stack', () => {
  let investigator: Page;

  it('signs the investigator in with the keyboard only; the queue lists the case; findings are recorded', async () => {
    investigator = await signIn(await newContext(), target, 'demo-investigator', { keyboard: true });
    await investigator.getByRole('heading', { name: 'What waits for me' }).waitFor();
    await reloadUntil(investigator, CASE, 60_000);
    await expectAccessible(investigator, 'queues page');
    const link = investigator.getByRole('link', { name: CASE });
    await tabTo(investigator, link);
    await investigator.keyboard.press('Enter');
    await investigator.getByRole('heading', { name: `Case ${CASE}` }).waitFor();
    await expectAccessible(investigator, 'case page (investigating)');

    // Only the investigator's own action is offered: no legal decision, no second approval.
    expect(await investigator.getByRole('heading', { name: /Legal approves/ }).count()).toBe(0);
    const findings = investigator.getByRole('region', { name: /^Submit the investigator's findings/ });
    await tabTo(investigator, findings.getByRole('textbox', { name: /^Facts/ }));
    await investigator.keyboard.type('Hash matches on three boards, confirmed by the hotline');
    await tabTo(investigator, findings.getByRole('textbox', { name: /^Evidence/ }));
    await investigator.keyboard.type(`sha256:${'ab'.repeat(32)}`);
    await tabTo(investigator, findings.getByRole('textbox', { name: /^Reasons/ }));
    await investigator.keyboard.type('AUP 2.1: distribution of CSAM');
    await tabTo(investigator, investigator.getByRole('button', { name: /Submit the investigator's findings/ }));
    await investigator.keyboard.press('Enter');
    await investigator.getByRole('status').filter({ hasText: "Done: Submit the investigator's findings" }).waitFor();
    await reloadUntil(investigator, /Stage legal_review/, 30_000);
  });

  it('refuses an approval by the signed-in investigator (403), and a form without the CSRF token (403)', async () => {
    const csrf = await csrfOf(investigator);
    const approve = await investigator.request.post(`${target.consoleUrl}/cases/${CASE}/actions/legal-decision`, {
      form: { csrf, decision: 'approve', reasons: 'I approve my own findings', confirmed: 'yes' },
      maxRedirects: 0,
    });
    expect(approve.status()).toBe(403);
    expect(await approve.text()).toContain('may not legal-decision');

    const forged = await investigator.request.post(`${target.consoleUrl}/cases/${CASE}/actions/findings`, {
      form: { facts: 'forged', evidence: 'x', reasons: 'forged' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toMatch(/no valid\s+CSRF token/);
  });

  it('legal reads the statement and the notice, then approves behind a confirmation naming the consequence', async () => {
    const legal = await signIn(await newContext(), target, 'demo-legal', { path: `/cases/${CASE}` });
    await legal.getByRole('heading', { name: `Case ${CASE}` }).waitFor();
    const notice = legal.getByRole('region', { name: 'Statement of reasons and notice' });
    await notice.getByText('As it would be sent if the customer were notified now').waitFor();
    await notice.getByText('Hash matches on three boards, confirmed by the hotline').first().waitFor();
    await notice.getByText(/Subject: Notice of service termination for forum\.example/).waitFor();
    // The HTML part as the customer's mail program shows it (a sandboxed frame: no script, no same-origin access).
    await legal.frameLocator('iframe[title^="The notice"]').getByText('Dear Demo Forum Ltd,').waitFor();
    await expectAccessible(legal, 'case page (legal review)');

    const form = legal.getByRole('region', { name: /Legal approves/ });
    await form.getByRole('combobox', { name: /^Decision/ }).selectOption('approve');
    await form.getByRole('textbox', { name: /^Reasons/ }).fill('AUP 2.1 applies; no law-enforcement hold');
    await form.getByRole('combobox', { name: /^Ground/ }).selectOption('illegal_content');
    await form.getByRole('button', { name: 'Continue' }).click();
    await legal.getByText('Consequence.').waitFor();
    await legal.getByText(/once the T&S lead also approves/).waitFor();
    await expectAccessible(legal, 'confirmation page');
    await legal.getByRole('button', { name: /^Yes:/ }).click();
    await legal.getByRole('status').filter({ hasText: 'Done' }).waitFor();
    await legal.getByText(/approved by legal \(demo-legal\); waiting for T&S lead/).waitFor();
  });

  it('the T&S lead finds the case in the approvals queue and gives the second approval', async () => {
    const lead = await signIn(await newContext(), target, 'demo-lead');
    const queue = lead.getByRole('region', { name: /Approvals: second approval/ });
    await queue.getByRole('link', { name: CASE }).waitFor();
    await browser!.screenshot(lead, 'console-queue');
    await queue.getByRole('link', { name: CASE }).click();
    await lead.getByRole('heading', { name: `Case ${CASE}` }).waitFor();
    const form = lead.getByRole('region', { name: /A further required approver/ });
    await form.getByRole('combobox', { name: /^Decision/ }).selectOption('approve');
    await form.getByRole('textbox', { name: /^Reasons/ }).fill('Agree with legal');
    await form.getByRole('button', { name: 'Continue' }).click();
    await lead.getByText(/the customer is notified at once/).waitFor();
    await lead.getByRole('button', { name: /^Yes:/ }).click();
    await lead.getByRole('status').filter({ hasText: 'Done' }).waitFor();
    await lead.getByText(/approvals complete/).waitFor();
    await browser!.screenshot(lead, 'console-case-approved');
  });

  it('sign-out ends the provider session too: signing in again asks for the password', async () => {
    const context = await newContext();
    const lead = await signIn(context, target, 'demo-lead');
    await lead.getByRole('heading', { name: 'What waits for me' }).waitFor();
    await lead.getByRole('button', { name: 'Sign out' }).click();
    await lead.getByRole('heading', { name: 'Sign out of the identity provider' }).waitFor();
    await expectAccessible(lead, 'provider sign-out page');
    await lead.getByRole('button', { name: 'Yes, sign me out' }).click();
    await lead.waitForURL(`${target.consoleUrl}/signed-out`);
    await lead.getByText('You are signed out of the console and of the identity provider.').waitFor();
    await expectAccessible(lead, 'signed-out page');
    // The console session is gone, and so is the provider's: the provider asks who it is again.
    await lead.goto(`${target.consoleUrl}/queues`);
    await lead.getByRole('heading', { name: 'Sign in' }).waitFor();
    await lead.getByLabel('Password').waitFor();
  });

  it('refuses at sign-in a signed-in identity whose principal was disabled, with a page saying why', async () => {
    await api('admin', 'POST', '/principals/demo-appeals/disable');
    const page = await signIn(await newContext(), target, 'demo-appeals');
    await page.getByRole('heading', { name: 'No access' }).waitFor();
    await page
      .getByText(/demo-appeals signed in at the identity provider, but the terminus principal was disabled/)
      .waitFor();
    await expectAccessible(page, 'sign-in refused page');
  });

  it('after the cutoff the case is monitored, and the watch shows the competitor the customer moved to', async () => {
    const page = await signIn(await newContext(), target, 'demo-operator', { path: `/cases/${CASE}` });
    await reloadUntil(page, /Stage monitoring/, 180_000);
    await page.getByText('As sent to the customer.').waitFor();
    await reloadUntil(page, /^dark$/, 120_000);
    await api('admin', 'POST', '/sandbox/moves', { domain: DEMO_CUSTOMER.primary, provider: COMPETITOR });
    await reloadUntil(page, COMPETITOR, 150_000);
    const watch = page.getByRole('region', { name: /Watch/ });
    await watch.getByRole('img', { name: /Provider per watched domain/ }).waitFor();
    // The primary domain's own history, as its watch recorded it (the evidence behind a domainWatch's verdicts is
    // read back from its history in watch-reader.test.ts; a group watch records the change and its confidence).
    const primary = watch.getByRole('region', { name: DEMO_CUSTOMER.primary, exact: true });
    await reloadUntil(page, primary.getByRole('listitem').filter({ hasText: COMPETITOR }), 60_000);
    await expectAccessible(page, 'case page (monitoring)');
    await browser!.screenshot(page, 'console-case');

    for (const [pathname, heading] of [
      ['/queues', 'What waits for me'],
      ['/cases', 'All cases'],
      ['/dashboard', 'Dashboard'],
    ] as const) {
      await page.goto(`${target.consoleUrl}${pathname}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await expectAccessible(page, `${heading} page`);
    }
    await page.getByRole('img', { name: /Open cases by stage/ }).waitFor();
  });
});
