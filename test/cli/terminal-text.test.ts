import { output, type CommandContext } from '../../src/cli/context';
import { terminalText } from '../../src/cli/terminal-text';

describe('terminal-safe output', () => {
  it('writes out escape sequences, other controls and bidi overrides, and keeps newlines, tabs and letters', () => {
    expect(terminalText('a\x1b]0;pwned\x07b')).toBe('a\\u{1b}]0;pwned\\u{7}b');
    expect(terminalText('x\r\ny')).toBe('x\\u{d}\ny');
    expect(terminalText('\u009b2J')).toBe('\\u{9b}2J');
    expect(terminalText('evil\u202etxt.exe')).toBe('evil\\u{202e}txt.exe');
    expect(terminalText('line 1\n\tline 2 — Müller 東京')).toBe('line 1\n\tline 2 — Müller 東京');
  });

  it('cleans the human text a command prints, and leaves --json to JSON escaping', () => {
    const written: string[] = [];
    const io = { stdout: { write: (s: string) => written.push(s) }, stderr: { write: () => true }, env: {} };
    const human = () => 'findings: \x1b[2Jcleared\n';
    output({ json: false, io } as unknown as CommandContext, { facts: '\x1b[2J' }, human);
    output({ json: true, io } as unknown as CommandContext, { facts: '\x1b[2J' }, human);
    expect(written[0]).toBe('findings: \\u{1b}[2Jcleared\n');
    expect(JSON.parse(written[1]!)).toEqual({ facts: '\x1b[2J' });
    expect(written[1]).not.toContain('\x1b');
  });
});
