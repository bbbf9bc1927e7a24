// The local stand-in of the EU DSA Transparency Database and the HTTP client, against each other: the stand-in
// applies the rules written from the database's public source, so every statement terminus exports must pass and
// a wrong one must fail here, as it would at the Commission.
import {
  createTransparencyDatabase,
  type TransparencyDatabase,
} from '../../../src/adapters/dsa/transparency-db-client';
import {
  startTransparencyDbStandIn,
  type TransparencyDbStandIn,
} from '../../../src/adapters/dsa/transparency-db-standin';
import { everyCategoryAndOutcome } from '../../support/dsa-statements';

const TOKEN = 'X|stand-in-token';
let standIn: TransparencyDbStandIn;
let client: TransparencyDatabase;

beforeEach(async () => {
  standIn = await startTransparencyDbStandIn({ token: TOKEN });
  client = createTransparencyDatabase({ baseUrl: standIn.url, token: TOKEN });
});
afterEach(() => standIn.stop());

const post = (body: string | Buffer, token = TOKEN) =>
  fetch(`${standIn.url}/api/v1/statements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });

it('accepts the statement of every policy category and every outcome that ended service, in one batch', async () => {
  const statements = everyCategoryAndOutcome();
  expect(statements).toHaveLength(10); // 5 shipped categories x (terminated, reinstated)
  const { created } = await client.submit(statements);
  expect(created.map((c) => c.puid)).toEqual(statements.map((s) => s.puid));
  expect(standIn.statements()).toHaveLength(10);
  for (const s of statements) expect(await client.hasPuid(s.puid)).toBe(true);
  expect(await client.hasPuid('case-other__run-1')).toBe(false);
});

it('refuses what the database refuses, with its field errors, storing nothing', async () => {
  const [ok] = everyCategoryAndOutcome();
  const dropped = { ...ok!, category: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE' } as unknown as typeof ok;
  await expect(client.submit([ok!, dropped!])).rejects.toMatchObject({
    name: 'DsaRejectedError',
    duplicatePuid: false,
    errors: { statement_1: { category: ['The selected category is invalid.'] } },
  });
  const slash = { ...ok!, puid: 'case-acct-1/run-1' };
  await expect(client.submit([slash])).rejects.toMatchObject({ errors: { statement_0: { puid: expect.any(Array) } } });
  expect(standIn.statements()).toHaveLength(0);
});

it('refuses an empty batch and one of 101', async () => {
  const [ok] = everyCategoryAndOutcome();
  await expect(client.submit([])).rejects.toMatchObject({ name: 'DsaRejectedError' });
  const many = Array.from({ length: 101 }, (_, i) => ({ ...ok!, puid: `p${i}` }));
  await expect(client.submit(many)).rejects.toMatchObject({ name: 'DsaRejectedError' });
  expect((await client.submit(many.slice(0, 100))).created).toHaveLength(100);
});

it('refuses a body with a lone surrogate or invalid UTF-8, as PHP json_decode does', async () => {
  const [ok] = everyCategoryAndOutcome();
  const lone = JSON.stringify({ statements: [{ ...ok!, decision_facts: `${'x'.repeat(10)}\ud83d` }] });
  expect(lone).toContain('\\ud83d');
  expect((await post(lone)).status).toBe(422);
  const bytes = Buffer.concat([
    Buffer.from('{"statements":[{"decision_facts":"'),
    Buffer.from([0xff]),
    Buffer.from('"}]}'),
  ]);
  expect((await post(bytes)).status).toBe(422);
  expect(standIn.statements()).toHaveLength(0);
});

it('keeps puids unique: a second submission is refused as a duplicate, and the client says so', async () => {
  const [ok] = everyCategoryAndOutcome();
  await client.submit([ok!]);
  await expect(client.submit([ok!])).rejects.toMatchObject({ name: 'DsaRejectedError', duplicatePuid: true });
  expect(standIn.statements()).toHaveLength(1);
});

it('answers 401 without the token; the client reports 5xx and 429 as transient', async () => {
  expect((await post('{}', 'wrong')).status).toBe(401);
  const wrong = createTransparencyDatabase({ baseUrl: standIn.url, token: 'wrong' });
  await expect(wrong.hasPuid('x')).rejects.toMatchObject({ name: 'DsaUnauthorizedError' });
  standIn.failNext(503, 429);
  const [ok] = everyCategoryAndOutcome();
  await expect(client.submit([ok!])).rejects.toMatchObject({ name: 'Error', message: expect.stringContaining('503') });
  await expect(client.submit([ok!])).rejects.toMatchObject({ name: 'Error', message: expect.stringContaining('429') });
  await client.submit([ok!]);
  expect(standIn.requests().filter((r) => r.startsWith('POST'))).toEqual([
    'POST /api/v1/statements 401',
    'POST /api/v1/statements 503',
    'POST /api/v1/statements 429',
    'POST /api/v1/statements 201',
  ]);
});
