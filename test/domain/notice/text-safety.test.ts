import { bodyText, escapeHtml, hasHeaderBreak, headerText } from '../../../src/domain/notice';

describe('text safety', () => {
  it('escapes every HTML metacharacter', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('flattens header text: CR, LF, tabs and other controls become one space', () => {
    expect(headerText('Evil\r\nBcc: victim@x.example\tand\u0000more')).toBe('Evil Bcc: victim@x.example and more');
    expect(hasHeaderBreak(headerText('a\rb\nc\r\n'))).toBe(false);
  });

  it('removes bidi overrides from headers and bodies (text that reads differently than it is)', () => {
    expect(headerText('invoice\u202Efdp.exe')).toBe('invoice fdp.exe');
    expect(bodyText('abc\u202Edef\u2066')).toBe('abcdef');
  });

  it('bounds header text with an ellipsis', () => {
    const long = headerText('x'.repeat(500));
    expect(long.length).toBeLessThanOrEqual(180);
    expect(long.endsWith('…')).toBe(true);
  });

  it('keeps line breaks in bodies but normalises them to LF', () => {
    expect(bodyText('one\r\ntwo\rthree\n\u0007four')).toBe('one\ntwo\nthree\nfour');
  });
});
