import fc from 'fast-check';
import { markdownText, md } from '../../../src/domain/text/markdown-escape';

/** The characters that open or close markup, whose backslash escape the Web UI's renderer honours. */
const MARKUP = '!#$&()*+-.:<>[\\]^_`{|}~';
const escaped = new RegExp(`\\\\([${MARKUP.replace(/[\\\]^-]/g, '\\$&')}])`, 'g');
/** Removes the backslash escapes the renderer honours: what it shows for escaped text. */
const shown = (markdown: string): string => markdown.replace(escaped, '$1');
/** The markdown with every escaped character removed: what is left can still be markup. */
const live = (markdown: string): string => markdown.replace(escaped, '');
/** Any markup character left unescaped. */
const markupLeft = new RegExp(`[${MARKUP.replace(/[\\\]^-]/g, '\\$&')}]`);

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
    expect(live(out)).not.toMatch(markupLeft);
  });

  it('keeps a value on its line: breaks and controls become spaces, bidi overrides go', () => {
    expect(markdownText('a\r\n# heading\n- item\u2028b\u0000c\u001b[31m')).toBe('a  \\# heading \\- item b c \\[31m');
    expect(markdownText('\u202Eevil\u2066x\u200F')).toBe('evilx');
  });

  it('leaves the punctuation that opens no markup as it is (the Web UI would show its backslash)', () => {
    expect(markdownText('a, b/c; d=e? f@g 50% "q" \'s\'')).toBe('a, b/c; d=e? f@g 50% "q" \'s\'');
  });

  it('escapes only the interpolated values of a template', () => {
    expect(md`**Holds:** ${'[x](y)'} until ${'2030-01-01'}`).toBe('**Holds:** \\[x\\]\\(y\\) until 2030\\-01\\-01');
    expect(md`**n:** ${42}`).toBe('**n:** 42');
  });
});

describe('markdown escaping: properties', () => {
  it('any string renders as one line of itself (controls as spaces, bidi gone) with no markup left live', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (value) => {
        const out = markdownText(value);
        const expected = value
          .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
          // eslint-disable-next-line no-control-regex
          .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
        expect(shown(out)).toBe(expected);
        expect(live(out)).not.toMatch(markupLeft);
        expect(out).not.toMatch(/\n/);
      }),
      { seed: 20261207, numRuns: 1000 },
    );
  });
});
