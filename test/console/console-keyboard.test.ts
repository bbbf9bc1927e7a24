// The console in real Chromium with the keyboard only, for every role that acts on cases: each action form is
// reached with Tab, filled by typing and the arrow keys, sent with Enter or Space; a destructive one's confirmation
// takes the focus (its consequence), Escape cancels it back to the case, Enter or Space confirms; the focus ring
// shows at every step and the focus lands on the result message. The API and the console share one server and one
// case service over the case rules (no Temporal: what is tested here is the browser side), and axe stays clean.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { CASE_ACTION_TABLE, type CaseActionName } from '../../src/domain/case/actions';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { expectAccessible, tabTo } from '../support/console/console-browser';
import { startConsoleServer, type ConsoleServer, type StaffMember } from '../support/console/console-server';
import { expectFocusRing, fillWithKeys, focused, type KeyValue } from '../support/console/keyboard';

jest.setTimeout(120_000);

let server: ConsoleServer;
let browser: TestBrowser;
const contexts: BrowserContext[] = [];
const FUTURE = new Date(Date.now() + 30 * 86_400_000).toISOString();

beforeAll(async () => {
  server = await startConsoleServer();
  browser = await launchBrowser();
  const { cases } = server;
  cases.add('inv', 'inv.example');
  cases.add('review', 'review.example');
  await cases.act('case-review', 'findings', {
    facts: 'Manifestos before attacks',
    evidence: ['sha256:ab'],
    reasons: 'pattern',
    principal: { id: 'ivan', roles: ['investigator'] },
    role: 'investigator',
  });
  cases.enter('case-review', 'legal_review');
  const appealed = cases.add('appealed', 'appealed.example');
  appealed.cutoff = { at: FUTURE, timeZone: 'UTC', localTime: FUTURE };
  appealed.deadlines.appealUntil = FUTURE;
  cases.enter('case-appealed', 'awaiting_cutoff');
  await cases.act('case-appealed', 'appeal', {
    text: 'We removed the content',
    principal: { id: 'rita', roles: ['requester'] },
    role: 'requester',
  });
  cases.add('withdrawn', 'withdrawn.example');
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function open(who: StaffMember, caseId: string): Promise<Page> {
  const context = await browser.context.browser()!.newContext({ viewport: { width: 1300, height: 900 } });
  context.setDefaultTimeout(20_000);
  contexts.push(context);
  await server.signInAs(context, who);
  const page = await context.newPage();
  await page.goto(`${server.consoleUrl}/cases/${caseId}`);
  await page.getByRole('heading', { name: `Case ${caseId}`, level: 1 }).waitFor();
  return page;
}

const formOf = (page: Page, name: CaseActionName): Locator =>
  page.getByRole('region', { name: new RegExp(`^${CASE_ACTION_TABLE[name].summary.replace(/[()]/g, '\\$&')}`) });

/** Expects the focus on the result message (the "Done" status), with its focus ring. */
async function expectDone(page: Page, name: CaseActionName): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: `Done: ${CASE_ACTION_TABLE[name].summary}` })
    .waitFor();
  const f = await focused(page);
  expect(f).toMatchObject({ role: 'status', text: `Done: ${CASE_ACTION_TABLE[name].summary}.` });
  await expectFocusRing(page, `result of ${name}`);
}

/** Takes an action with the keyboard: fills its form, sends it, and for a destructive one confirms it. */
async function act(page: Page, name: CaseActionName, values: [RegExp, KeyValue][], send: 'Enter' | 'Space') {
  const form = formOf(page, name);
  await fillWithKeys(page, form, values);
  const spec = CASE_ACTION_TABLE[name];
  await tabTo(page, form.getByRole('button', { name: spec.destructive ? 'Continue' : spec.summary }));
  await expectFocusRing(page, `${name} button`);
  await page.keyboard.press(send);
  if (spec.destructive) {
    await page.getByRole('heading', { name: `Confirm: ${spec.summary}` }).waitFor();
    // The focus is on the consequence, so it is read first; then Tab reaches the confirmation.
    expect((await focused(page)).text).toMatch(/^Consequence\./);
    await tabTo(page, page.getByRole('button', { name: /^Yes:/ }));
    await expectFocusRing(page, 'confirmation button');
    await page.keyboard.press(send);
  }
  await expectDone(page, name);
}

describe('every action from the keyboard, for every role that acts', () => {
  it('investigator: findings (text and references) and an alias (a domain)', async () => {
    const page = await open('ivan', 'case-inv');
    await expectAccessible(page, 'case page (investigator)');
    await act(
      page,
      'findings',
      [
        [/^Facts/, { type: 'Manifestos posted before three attacks' }],
        [/^Evidence/, { type: 'sha256:cd\nhttps://evidence.example/2' }],
        [/^Reasons/, { type: 'AUP 3.1' }],
      ],
      'Enter',
    );
    expect(server.cases.state('case-inv').findings?.evidence).toEqual(['sha256:cd', 'https://evidence.example/2']);
    await act(
      page,
      'alias',
      [
        [/^Domain/, { type: 'mirror-inv.example' }],
        [/^Reasons/, { type: 'same content' }],
      ],
      'Space',
    );
    expect(server.cases.state('case-inv').domains.aliases).toEqual(['mirror-inv.example']);
  });

  it('legal: a hold (choice, texts, instant), its release and the legal decision, Escape cancelling once', async () => {
    const page = await open('lena', 'case-review');
    await act(
      page,
      'hold',
      [
        [/^Kind/, { choose: 'do_not_terminate' }],
        [/^Reference/, { type: 'AGENCY-7' }],
        [/^Agency Contact/, { type: 'Agent Roe' }],
        [/^Expires At/, { type: FUTURE }],
        [/^Reasons/, { type: 'investigation ongoing' }],
      ],
      'Enter',
    );
    expect(server.cases.state('case-review').holds[0]).toMatchObject({
      kind: 'do_not_terminate',
      reference: 'AGENCY-7',
    });
    // The hold to release is the one active hold, chosen in the list already.
    await act(page, 'hold-release', [[/^Reasons/, { type: 'agency agrees' }]], 'Space');
    expect(server.cases.state('case-review').holds[0]!.releasedBy).toBe('lena');

    // Escape on the confirmation goes back to the case without acting; the form is where the focus starts again.
    const form = formOf(page, 'legal-decision');
    await fillWithKeys(page, form, [
      [/^Decision/, { choose: 'approve' }],
      [/^Reasons/, { type: 'changed my mind' }],
    ]);
    await tabTo(page, form.getByRole('button', { name: 'Continue' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Confirm:/ }).waitFor();
    await expectAccessible(page, 'confirmation page');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Case case-review', level: 1 }).waitFor();
    expect(page.url()).toMatch(/#action-legal-decision$/);
    expect(server.cases.state('case-review').legal).toBeUndefined();

    await act(
      page,
      'legal-decision',
      [
        [/^Decision/, { choose: 'approve' }],
        [/^Reasons/, { type: 'AUP 3.1 applies' }],
        [/^Ground -/, { choose: 'illegal_content' }],
      ],
      'Enter',
    );
    expect(server.cases.state('case-review').legal?.decision).toBe('approve');
  });

  it('T&S lead: the second approval, confirmed with Space', async () => {
    const page = await open('tom', 'case-review');
    await act(
      page,
      'second-approval',
      [
        [/^Decision/, { choose: 'approve' }],
        [/^Reasons/, { type: 'agree with legal' }],
      ],
      'Space',
    );
    await page.getByText(/approvals complete/).waitFor();
  });

  it('appeals: the decision on an appeal (the appeal chosen from the list)', async () => {
    const page = await open('ada', 'case-appealed');
    const appealId = server.cases.state('case-appealed').appeals[0]!.id;
    await act(
      page,
      'appeal-decision',
      [
        [/^Appeal Id/, { choose: appealId }],
        [/^Outcome/, { choose: 'denied' }],
        [/^Reasons/, { type: 'content still online' }],
      ],
      'Enter',
    );
    expect(server.cases.state('case-appealed').appeals[0]!.decision?.outcome).toBe('denied');
  });

  it('admin: withdrawing a case; a form sent empty puts the focus on what is missing', async () => {
    const page = await open('root', 'case-withdrawn');
    const form = formOf(page, 'withdraw');
    // The browser's own check stops an empty required field: the focus goes to it, nothing is sent.
    await tabTo(page, form.getByRole('button', { name: 'Continue' }));
    await page.keyboard.press('Enter');
    expect((await focused(page)).tag).toBe('textarea');
    await act(page, 'withdraw', [[/^Reasons/, { type: 'opened in error' }]], 'Enter');
    expect(server.cases.state('case-withdrawn').withdrawal?.by).toBe('root');
    await expectAccessible(page, 'case page after withdrawal');
  });
});
