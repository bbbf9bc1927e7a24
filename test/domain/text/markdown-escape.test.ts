import { markdownText, md } from '../../../src/domain/text/markdown-escape';

/** Removes CommonMark backslash escapes: what a renderer shows for escaped text. */
const shown = (markdown: string): string => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
/** The markdown with every escaped character removed: what is left can still be markup. */
const live = (markdown: string): string => markdown.replace(/\\[!-/:-@[-`{-~]/g, '');

describe('markdown escaping for the Web UI', () => {
  it.each([
    '[link](https://evil.example/x)',
    '![img](https://evil.example/i.png)',
    '<img src=x onerror=alert(1)>',
    '<https://evil.example>',
    'https://evil.example/raw www.evil.example mail@evil.example',
    '**bold** _em_ `code` ~~gone~~ | a | b |',
    '&lt;b&gt; &#x3C;',
    '\\[still literal\\]',
  ])('%j renders as itself and leaves no markup live', (value) => {
    const out = markdownText(value);
    expect(shown(out)).toBe(value);
    expect(live(out)).not.toMatch(/[[\]()<>!*_`~|&:@.\\]/);
  });

  it('keeps a value on its line: breaks and controls become spaces, bidi overrides go', () => {
    expect(markdownText('a\r\n# heading\n- item\u2028b\u0000c\u001b[31m')).toBe('a  \\# heading \\- item b c \\[31m');
    expect(markdownText('\u202Eevil\u2066x\u200F')).toBe('evilx');
  });

  it('escapes only the interpolated values of a template', () => {
    expect(md`**Holds:** ${'[x](y)'} until ${'2030-01-01'}`).toBe('**Holds:** \\[x\\]\\(y\\) until 2030\\-01\\-01');
    expect(md`**n:** ${42}`).toBe('**n:** 42');
  });
});
