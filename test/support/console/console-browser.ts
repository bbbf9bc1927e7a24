import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Locator, Page } from 'playwright-core';

/** The console and its embedded identity provider, as a running stack's banner printed them. */
export interface ConsoleTarget {
  consoleUrl: string;
  signInFile: string;
}

/** The console's address and sign-in file from `npm start`'s banner. */
export function consoleTargetOf(banner: string): ConsoleTarget {
  const consoleUrl = /Console {9}(\S+)/.exec(banner)?.[1];
  const signInFile = /Console sign-in (\S+)/.exec(banner)?.[1];
  if (!consoleUrl || !signInFile) throw new Error(`the banner names no console:\n${banner.slice(-2000)}`);
  return { consoleUrl, signInFile };
}

/** The demo accounts' password, from the stack's sign-in file. */
export async function demoPassword(target: ConsoleTarget): Promise<string> {
  return (JSON.parse(await readFile(target.signInFile, 'utf8')) as { password: string }).password;
}

/** Fails with every serious or critical axe violation of the page as it stands (rule, impact, where). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map(
      (v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    throw new Error(`${what}: ${bad.length} serious or critical accessibility violations\n${lines.join('\n')}`);
  }
}

/** Presses Tab until `target` has the focus (at most `max` presses): proof it is reachable from the keyboard. */
export async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    // Runs in the page: `document` there is the page's (this project compiles without DOM types).
    const focused = await target.evaluate(
      (el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
    );
    if (focused) return;
  }
  throw new Error(`not reachable with Tab in ${max} presses: ${target.toString()}`);
}

/**
 * Signs in to the console through the embedded provider's login and consent pages, checking both with axe. With
 * `keyboard`, every step is keys only (Tab, arrows, typing, Enter). Resolves on the page the console lands on.
 */
export async function signIn(
  context: BrowserContext,
  target: ConsoleTarget,
  account: string,
  options: { keyboard?: boolean; path?: string } = {},
): Promise<Page> {
  const password = await demoPassword(target);
  const page = await context.newPage();
  await page.goto(`${target.consoleUrl}${options.path ?? '/queues'}`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await expectAccessible(page, 'login page');
  const choice = page.getByRole('radio', { name: new RegExp(`\\(${account};`) });
  const field = page.getByLabel('Password');
  if (options.keyboard) {
    await tabTo(page, page.getByRole('radio').first());
    // A radio group is one Tab stop: the arrow keys move the choice.
    for (let i = 0; i < 10 && !(await choice.isChecked()); i++) await page.keyboard.press('ArrowDown');
    await tabTo(page, field);
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
  } else {
    await choice.check();
    await field.fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  const allow = page.getByRole('button', { name: 'Allow' });
  await allow
    .or(page.locator('header strong', { hasText: 'terminus console' }))
    .first()
    .waitFor();
  if (await allow.isVisible()) {
    await expectAccessible(page, 'consent page');
    if (options.keyboard) {
      await tabTo(page, allow);
      await page.keyboard.press('Enter');
    } else {
      await allow.click();
    }
  }
  await page.waitForURL(`${target.consoleUrl}/**`);
  return page;
}

/** The CSRF token of the signed-in session, as the console's own forms carry it. */
export const csrfOf = (page: Page): Promise<string> => page.locator('input[name="csrf"]').first().inputValue();
