// `terminus case open` with where the case came from: the options make the intake's source, the API checks what
// each kind needs, and without them the case is own initiative as before. And what the case is about: a domain
// family, or an account (`--scope account`) with its linked accounts.
import { startApiServer, type ApiServer } from '../../../src/api/server';
import { run } from '../../../src/cli/main';
import { ExitCode } from '../../../src/cli/exit-codes';
import type { CaseIntake } from '../../../src/domain/case/case-state';
import { startApiHarness, type ApiHarness } from '../../support/api/api-harness';
import { FakeCaseService } from '../../support/api/fake-case-service';

let h: ApiHarness;
let fake: FakeCaseService;
let server: ApiServer;

beforeAll(async () => {
  fake = new FakeCaseService();
  h = await startApiHarness({ cases: fake });
  server = await startApiServer(h.app, '127.0.0.1', 0);
});
afterAll(async () => {
  await server?.stop();
  await h?.stop();
});

async function open(account: string, extra: string[]) {
  let stderr = '';
  const code = await run(
    [
      'case',
      'open',
      '--account',
      account,
      '--name',
      'Board',
      '--contact',
      `abuse@${account}.example`,
      '--domain',
      `${account}.example`,
      '--category',
      'hate_speech',
      '--summary',
      'order received',
      '--cutoff-at',
      '2026-03-10T00:00:00Z',
      ...extra,
    ],
    {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      env: { TERMINUS_API_URL: server.url, TERMINUS_TOKEN: h.tokens.rita },
    },
  );
  const intake = fake.calls
    .filter((c) => c.method === 'open')
    .map((c) => c.args[0] as CaseIntake)
    .find((i) => i.account.id === account);
  return { code, stderr, intake };
}

it('an order: authority, country, reference, receipt and the account creation day reach the intake', async () => {
  const r = await open('acct-ord', [
    '--source',
    'member_state_order',
    '--authority',
    'Parquet de Paris',
    '--country',
    'FR',
    '--source-ref',
    'RG 26/1',
    '--received-at',
    '2026-03-01T10:00:00Z',
    '--account-created',
    '2021-06-30',
  ]);
  expect(r.code).toBe(0);
  expect(r.intake?.source).toEqual({
    kind: 'member_state_order',
    authority: 'Parquet de Paris',
    country: 'FR',
    reference: 'RG 26/1',
    receivedAt: '2026-03-01T10:00:00Z',
  });
  expect(r.intake?.account.createdOn).toBe('2021-06-30');
});

it('no source options: own initiative; a detail without --source, or a notice without its notifier, is refused', async () => {
  expect((await open('acct-own', [])).intake?.source).toBeUndefined();
  const orphan = await open('acct-orphan', ['--notifier', 'Jane']);
  expect(orphan.code).toBe(ExitCode.BadInput);
  expect(orphan.stderr).toContain('--notifier needs --source');
  expect((await open('acct-late', ['--received-at', '2026-03-01T10:00:00Z'])).stderr).toContain(
    '--received-at needs --source',
  );
  const bare = await open('acct-bare', ['--source', 'article_16_notice', '--received-at', '2026-03-01T10:00:00Z']);
  expect(bare.code).toBe(ExitCode.BadInput);
  expect(bare.stderr).toContain('source.notifier');
  expect(bare.intake).toBeUndefined();
});

it('opens an account case with two linked accounts, each with its reason and references', async () => {
  const r = await open('acct-op', [
    '--scope',
    'account',
    '--linked-account',
    'acct-op2|same billing contact|https://evidence.example/billing sha256:abc',
    '--linked-account',
    'acct-op3|same name servers: ns1|https://evidence.example/ns',
  ]);
  expect(r.code).toBe(ExitCode.Ok);
  expect(r.intake).toMatchObject({
    scope: 'account',
    linkedAccounts: [
      {
        id: 'acct-op2',
        reason: 'same billing contact',
        evidenceRefs: ['https://evidence.example/billing', 'sha256:abc'],
      },
      { id: 'acct-op3', reason: 'same name servers: ns1', evidenceRefs: ['https://evidence.example/ns'] },
    ],
  });
});

it('refuses a link without references before calling the API', async () => {
  const r = await open('acct-bad', ['--scope', 'account', '--linked-account', 'acct-x|no evidence']);
  expect(r.code).not.toBe(ExitCode.Ok);
  expect(r.stderr).toContain('--linked-account');
  expect(r.intake).toBeUndefined();
});

it('the API refuses linked accounts on a domain case, naming the field', async () => {
  const r = await open('acct-dom', ['--linked-account', 'acct-y|same owner|https://evidence.example/y']);
  expect(r.code).toBe(ExitCode.BadInput);
  expect(r.stderr).toContain('linkedAccounts');
  expect(r.intake).toBeUndefined();
});
