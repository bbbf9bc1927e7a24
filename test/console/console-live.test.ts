// Live updates in real Chromium: an open case page and an open queue page show a change made through the HTTP API
// without a reload (the page's own script asks the console's version endpoint, ETag and 304, and swaps the regions
// that changed), and a page on which a form is being filled waits until the form is left alone.
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { tabTo } from '../support/console/console-browser';
import { startConsoleServer, type ConsoleServer, type StaffMember } from '../support/console/console-server';

jest.setTimeout(120_000);

let server: ConsoleServer;
let browser: TestBrowser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startConsoleServer({ liveIntervalMs: 300 });
  browser = await launchBrowser();
  server.cases.add('live', 'live.example');
  server.cases.add('queue', 'queue.example');
  await server.api('ivan', 'POST', '/cases/case-queue/findings', {
    facts: 'Manifestos',
    evidence: ['sha256:ab'],
    reasons: 'pattern',
  });
  server.cases.enter('case-queue', 'legal_review');
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** A signed-in page on `path`, marked so that a reload would show (the mark lives in the page's window). */
async function open(who: StaffMember, path: string): Promise<Page> {
  const context = await browser.context.browser()!.newContext();
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  await server.signInAs(context, who);
  const page = await context.newPage();
  await page.goto(`${server.consoleUrl}${path}`);
  await page.evaluate(() => {
    (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  return page;
}

/** Legal places a hold through the HTTP API (a day long). */
const placeHold = (caseId: string, kind: string, reference: string) =>
  server.api('lena', 'POST', `/cases/${caseId}/holds`, {
    kind,
    reference,
    agencyContact: 'Agent Roe',
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    reasons: 'investigation ongoing',
  });

const notReloaded = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded === true);

describe('live updates', () => {
  it('the case page shows an alias added through the API, without a reload, and says what changed', async () => {
    const page = await open('lena', '/cases/case-live');
    const domains = page.getByRole('region', { name: 'Domains and zones' });
    expect(await domains.getByText('mirror-live.example').count()).toBe(0);
    await server.api('ivan', 'POST', '/cases/case-live/aliases', { domain: 'mirror-live.example', reasons: 'same' });
    await domains.getByText(/aliases and mirrors: mirror-live\.example/).waitFor();
    await page
      .getByRole('region', { name: 'Timeline' })
      .getByText(/mirror-live\.example/)
      .first()
      .waitFor();
    await page.getByText(/^Updated at .*domains and zones/).waitFor();
    expect(await notReloaded(page)).toBe(true);
  });

  it('waits while a form is being filled, keeping what was typed, and updates once the form is left', async () => {
    const page = await open('lena', '/cases/case-live');
    const reference = page.getByRole('region', { name: /^Place a law-enforcement hold/ }).getByLabel(/^Reference/);
    await tabTo(page, reference);
    await page.keyboard.type('AGENCY-9');
    await server.api('ivan', 'POST', '/cases/case-live/findings', {
      facts: 'Attack planning',
      evidence: ['sha256:cd'],
      reasons: 'AUP 3.1',
    });
    await page.getByText('This page has changed. It updates once you leave the form you are filling.').waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    expect(await timeline.getByText(/findings submitted/).count()).toBe(0);
    expect(await reference.inputValue()).toBe('AGENCY-9');

    // Emptied and left: nothing of the form is in progress any more, so the page catches up.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.locator('h1').click();
    await timeline.getByText(/findings submitted/).waitFor();
    expect(await notReloaded(page)).toBe(true);
  });

  it("legal's queue of holds to release shows a case once a hold is placed on it through the API", async () => {
    const page = await open('lena', '/queues');
    const holds = page.getByRole('region', { name: /^Holds to release/ });
    await holds.getByText('Nothing waits here.').waitFor();
    await placeHold('case-queue', 'do_not_terminate', 'AGENCY-2');
    await holds.getByRole('link', { name: 'case-queue' }).waitFor();
    await page.getByText(/^Updated at .*holds to release/).waitFor();
    expect(await notReloaded(page)).toBe(true);
  });

  it('answers 304 to a page that already shows the latest version, and 200 with the new one after a change', async () => {
    const context = await browser.context.browser()!.newContext();
    contexts.push(context);
    await server.signInAs(context, 'lena');
    const live = `${server.consoleUrl}/cases/case-live/live`;
    const first = await context.request.get(live);
    const { version } = (await first.json()) as { version: string };
    expect(first.headers().etag).toBe(`"${version}"`);
    expect((await context.request.get(live, { headers: { 'if-none-match': `"${version}"` } })).status()).toBe(304);
    await placeHold('case-live', 'preservation', 'P-1');
    const after = await context.request.get(live, { headers: { 'if-none-match': `"${version}"` } });
    expect(after.status()).toBe(200);
    expect(((await after.json()) as { version: string }).version).not.toBe(version);
  });
});
