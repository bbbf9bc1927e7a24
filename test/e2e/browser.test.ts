// What people look at, checked in headless Chromium (the distribution's, through playwright-core) on the running
// embedded stack after the demo: the Temporal Web UI lists the case under its stage filter (and not under another)
// and shows its summary and current details; MailDev shows the notice with its statement of reasons; the API docs
// page renders every route. Screenshots go to test-artifacts/screenshots/.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { locateStack } from '../../src/dev/demo/locate-stack';
import { runDemo, type DemoResult } from '../../src/dev/demo/scenario';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { startRunningStack, type RunningStack } from '../support/running-stack';

jest.setTimeout(120_000);

let stack: RunningStack | undefined;
let browser: TestBrowser | undefined;
let demo: DemoResult;
let narration = '';
const CASE = 'case-acct-demo';
const SUMMARY = 'Termination case for account acct-demo (forum.example), category csam';

beforeAll(async () => {
  const home = await mkdtemp(path.join(tmpdir(), 'terminus-browser-'));
  stack = await startRunningStack(home);
  // A competitor other than the demo's default, picked per run: the page must show the one actually detected.
  const provider = ['cloudflare', 'njalla'][Date.now() % 2]!;
  const sink = { write: (s: string) => (narration += s) };
  demo = await runDemo(await locateStack({ ...process.env, TERMINUS_HOME: home }), {
    provider,
    leadMs: 10_000,
    timeZone: 'America/Los_Angeles',
    out: sink,
    progress: sink,
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n--- demo output ---\n${narration}`);
  });
  expect(demo.detected).toBe(provider);
  browser = await launchBrowser();
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 90_000);

async function open(url: string): Promise<Page> {
  const page = await browser!.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

const workflowsFiltered = (query: string): string =>
  `${stack!.webUiUrl}/namespaces/default/workflows?query=${encodeURIComponent(query)}`;

describe('Temporal Web UI', () => {
  it('lists the case when filtered by TerminusStage="monitoring", and not under another stage', async () => {
    const page = await open(workflowsFiltered('TerminusStage="monitoring"'));
    await page.getByText('TerminusStage = "monitoring"').first().waitFor();
    const row = page.getByRole('link', { name: CASE, exact: true });
    await row.waitFor();
    await page.getByText('terminationCase', { exact: true }).first().waitFor();
    await browser!.screenshot(page, 'web-ui-cases-in-monitoring');

    // The filter is applied, not decorative: under another stage the case is not listed.
    const other = await open(workflowsFiltered('TerminusStage="legal_review"'));
    await other.getByText('No Workflows Found').waitFor();
    expect(await other.getByRole('link', { name: CASE, exact: true }).count()).toBe(0);
    await browser!.screenshot(other, 'web-ui-cases-in-legal-review-none');
    await Promise.all([page.close(), other.close()]);
  });

  it("shows the case's summary and current details (stage, policy, domains, where it is served now)", async () => {
    const page = await open(workflowsFiltered('TerminusStage="monitoring"'));
    await page.getByRole('link', { name: CASE, exact: true }).click();
    await page.getByRole('heading', { name: CASE }).waitFor();
    await page.getByText('User Metadata', { exact: true }).click();
    // The UI renders both as markdown in sandboxed frames.
    const summary = page.frameLocator('#user-metadata-summary');
    await summary.getByText(SUMMARY).waitFor();
    const details = page.frameLocator('#user-metadata-current-details');
    await details.getByText('monitoring — outcome: terminated', { exact: false }).waitFor();
    await details.getByText('forum.example, www.forum.example, forum-mirror.example').waitFor();
    await details.getByText(`forum.example → ${demo.detected}`, { exact: false }).waitFor();
    await browser!.screenshot(page, 'web-ui-case-summary-and-details');
    await page.close();
  });
});

describe('MailDev inbox', () => {
  it('shows the notice to the customer with its statement of reasons, and the staff alert of the move', async () => {
    const page = await open(stack!.mailInboxUrl);
    // forum.example alone, or with its www when both moved to the same front (one alert per group change).
    await page
      .getByText(new RegExp(`Migration detected: (forum\\.example|2 domains): moved to ${demo.detected}`))
      .first()
      .waitFor();
    await page.getByText('Notice of service termination for forum.example').first().click();
    await page.getByRole('heading', { name: /Notice of service termination for forum\.example/ }).waitFor();
    await page.getByText('abuse@forum.example').first().waitFor();
    const body = page.frameLocator('iframe').first();
    await body.getByText('Dear Demo Forum Ltd,').waitFor();
    await body.getByText('This is the statement of reasons', { exact: false }).waitFor();
    await body.getByRole('heading', { name: 'When it takes effect' }).waitFor();
    await body.getByText('forum-mirror.example', { exact: true }).waitFor();
    await browser!.screenshot(page, 'maildev-notice');
    await page.close();
  });
});

describe('API docs', () => {
  it('renders Swagger UI with every route of the API', async () => {
    const page = await open(`${stack!.apiUrl}/docs`);
    await page.getByText('terminus API', { exact: false }).first().waitFor();
    await page.locator('.opblock').first().waitFor();
    const paths = await page.locator('.opblock-summary-path').allInnerTexts();
    const doc = (await (await fetch(`${stack!.apiUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(paths.length).toBe(operations);
    expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(
      expect.arrayContaining(['/cases', '/cases/{caseId}/findings', '/transparency', '/sandbox/moves']),
    );
    await browser!.screenshot(page, 'api-docs');
    await page.close();
  });
});
