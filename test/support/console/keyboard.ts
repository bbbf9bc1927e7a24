import type { Locator, Page } from 'playwright-core';
import { tabTo } from './console-browser';

// Runs in the page: `document` there is the page's (this project compiles without DOM types).
type PageDocument = {
  activeElement: {
    tagName: string;
    textContent: string | null;
    getAttribute(name: string): string | null;
  } | null;
};
type PageWindow = { getComputedStyle(el: unknown): { outlineStyle: string; outlineWidth: string } };

/** What has the focus: its tag, role and text, and whether a focus ring is drawn around it. */
export async function focused(page: Page): Promise<{ tag: string; role: string | null; text: string; ring: boolean }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { document: PageDocument } & PageWindow;
    const el = g.document.activeElement;
    if (!el) return { tag: '', role: null, text: '', ring: false };
    const style = g.getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role'),
      text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ring: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
    };
  });
}

/** Fails unless the focused element shows a focus ring (keyboard users must see where they are). */
export async function expectFocusRing(page: Page, what: string): Promise<void> {
  const f = await focused(page);
  if (!f.ring) throw new Error(`${what}: the focused ${f.tag} ("${f.text.slice(0, 60)}") shows no focus ring`);
}

/** A value for one field of an action form: typed text, or an option chosen with the arrow keys. */
export type KeyValue = { type: string } | { choose: string };

/**
 * Fills fields of a form with the keyboard only: Tab to each field (checking its focus ring), type the text
 * (new lines with Enter) or move the selection of a drop-down with the arrow keys until it holds the option.
 */
export async function fillWithKeys(page: Page, form: Locator, values: [RegExp, KeyValue][]): Promise<void> {
  for (const [label, value] of values) {
    const field = form.getByLabel(label);
    await tabTo(page, field);
    await expectFocusRing(page, `field ${String(label)}`);
    if ('type' in value) {
      const lines = value.type.split('\n');
      for (const [i, line] of lines.entries()) {
        if (i > 0) await page.keyboard.press('Enter');
        await page.keyboard.type(line);
      }
    } else {
      for (let i = 0; i < 20 && (await field.inputValue()) !== value.choose; i++)
        await page.keyboard.press('ArrowDown');
      if ((await field.inputValue()) !== value.choose) throw new Error(`${String(label)}: no option ${value.choose}`);
    }
  }
}
