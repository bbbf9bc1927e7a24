// Issue 15, findings 6 and 8 at the HTTP edge: a customer domain that is a public suffix, an IP literal or has no
// registrable domain, and a text carrying control characters, get a 400 problem naming the field and the reason;
// a domain is stored in one spelling (case, trailing dot, IDN to punycode).
import type { CaseIntake } from '../../src/domain/case/case-state';
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { FakeCaseService } from '../support/api/fake-case-service';
import { openBody } from '../support/api/route-table';

let h: ApiHarness;
let fake: FakeCaseService;

beforeAll(async () => {
  fake = new FakeCaseService();
  h = await startApiHarness({ cases: fake });
});
afterAll(() => h?.stop());

interface FieldError {
  in: string;
  field: string;
  message: string;
}

async function refused(path: string, body: unknown): Promise<FieldError[]> {
  const answer = await h.call<{ errors?: FieldError[] }>('POST', path, {
    as: path === '/cases' ? 'rita' : 'lena',
    body,
  });
  expect(answer.status).toBe(400);
  expect(answer.contentType).toContain('application/problem+json');
  return answer.body.errors ?? [];
}

const withPrimary = (primary: string) => ({ ...openBody('acct-dom'), domains: { primary, aliases: [] } });

it.each([
  ['co.uk', /public suffix/],
  ['github.io', /public suffix/],
  ['192.0.2.1', /IP address/],
  ['[2001:db8::1]', /IP address/],
  ['localhost', /top-level domain/],
  ['forum.example..', /empty label/],
])('a case for %s is refused, naming domains.primary and why', async (primary, why) => {
  const errors = await refused('/cases', withPrimary(primary));
  expect(errors).toEqual([
    expect.objectContaining({ in: 'body', field: 'domains.primary', message: expect.stringMatching(why) }),
  ]);
});

it('a domain is stored in one spelling: lower case, no trailing dot, IDN in punycode', async () => {
  const before = fake.calls.length;
  const body = { ...openBody('acct-idn'), domains: { primary: 'Bücher.Example.', aliases: ['WWW.Bücher.Example'] } };
  expect((await h.call('POST', '/cases', { as: 'rita', body })).status).toBe(201);
  const intake = fake.calls.slice(before).find((c) => c.method === 'open')!.args[0] as CaseIntake;
  expect(intake.domains).toEqual({ primary: 'xn--bcher-kva.example', aliases: ['www.xn--bcher-kva.example'] });
});

it('control characters are refused per field: one-line fields refuse newline too', async () => {
  const name = await refused('/cases', {
    ...openBody('acct-ctl'),
    account: { ...(openBody().account as object), name: 'Board\u001b[2J' },
  });
  expect(name.map((e) => e.field)).toEqual(['account.name']);
  const summary = await refused('/cases', { ...openBody('acct-ctl'), summary: 'line one\u0000' });
  expect(summary.map((e) => e.field)).toEqual(['summary']);
  const hold = await refused('/cases/case-acct-ctl/holds', {
    kind: 'do_not_terminate',
    reference: 'LE-1\nLE-2',
    agencyContact: 'Agent',
    expiresAt: '2099-01-01T00:00:00Z',
    reasons: 'line one\nline two\tkept',
  });
  expect(hold).toEqual([expect.objectContaining({ field: 'reference', message: expect.stringMatching(/one line/) })]);
});
