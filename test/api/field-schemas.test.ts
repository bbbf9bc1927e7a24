import { DomainName, Text } from '../../src/api/schemas/common';
import { actionBodySchema } from '../../src/api/schemas/action-bodies';
import { OpenCaseBody } from '../../src/api/schemas/case-schemas';

/** The shared field schemas the API derives bodies from: domains checked against the Public Suffix List, texts
 * without control characters (multi-line texts keep newline and tab), each refusal naming the field. */
describe('API field schemas', () => {
  it('stores a domain in one spelling and refuses suffixes and addresses with the reason', () => {
    expect(DomainName.parse(' Bücher.DE. ')).toBe('xn--bcher-kva.de');
    for (const [raw, reason] of [
      ['co.uk', /public suffix/],
      ['203.0.113.9', /IP address/],
      ['[::1]', /IP address/],
      ['localhost', /top-level domain/],
    ] as const) {
      const result = DomainName.safeParse(raw);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(reason);
    }
  });

  it('keeps newline and tab in a multi-line text and refuses every other control character', () => {
    const long = Text(5000);
    expect(long.parse('line one\r\nline two\n\tindented')).toBe('line one\r\nline two\n\tindented');
    for (const c of ['\u0000', '\u0007', '\u001b[31m', '\r', '\u0085', '\u007f', '\ud800']) {
      expect(long.safeParse(`before${c}after`).success).toBe(false);
    }
  });

  it('refuses newline and tab in a one-line text (names, references)', () => {
    const short = Text(200);
    expect(short.parse('LE-2026-0042')).toBe('LE-2026-0042');
    expect(short.safeParse('LE-2026\n0042').success).toBe(false);
    expect(short.safeParse('LE-2026\t0042').success).toBe(false);
  });

  it('names the field that carries a control character', () => {
    const hold = actionBodySchema('hold').safeParse({
      kind: 'do_not_terminate',
      reference: 'ref\u0000',
      agencyContact: 'agent',
      expiresAt: '2030-01-01T00:00:00Z',
      reasons: 'r',
    });
    expect(hold.success).toBe(false);
    expect(hold.error?.issues.map((i) => i.path.join('.'))).toContain('reference');
    const open = OpenCaseBody.safeParse({
      account: { id: 'acct-1', name: 'Name\u001b[2J', noticeContacts: ['a@b.example'] },
      domains: { primary: 'co.uk' },
      services: ['dns'],
      category: 'spam',
      summary: 's',
      cutoff: { kind: 'instant', at: '2030-01-01T00:00:00Z' },
    });
    expect(open.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['account.name', 'domains.primary']);
  });
});
