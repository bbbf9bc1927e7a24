// `terminus case items`: one page with the next cursor, or every page streamed with --all (JSON lines for scripts).
import { startApiServer, type ApiServer } from '../../../src/api/server';
import { ExitCode } from '../../../src/cli/exit-codes';
import { runTerminus } from '../../support/cli-run';
import { startApiHarness, type ApiHarness } from '../../support/api/api-harness';
import { FakeCaseService, KNOWN_CASE } from '../../support/api/fake-case-service';
import {
  fakeAccountActivities,
  fakeAccountItemStore,
  newAccountWorld,
  type AccountWorld,
} from '../../support/fakes/account-fakes';

const NAMES = Array.from({ length: 1_234 }, (_, i) => `z${String(i).padStart(4, '0')}.example`);
let h: ApiHarness;
let server: ApiServer;

beforeAll(async () => {
  const worlds = new Map<string, AccountWorld>([[KNOWN_CASE, newAccountWorld({ 'acct-1': NAMES })]]);
  await fakeAccountActivities(worlds).discoverAccountItems({
    idempotencyKey: 'k',
    caseId: KNOWN_CASE,
    accountIds: ['acct-1'],
    phase: 'intake',
  });
  const row = worlds.get(KNOWN_CASE)!.rows.get(KNOWN_CASE)!.get('z0007.example')!;
  Object.assign(row, { status: 'failed', error: 'provider refused' });
  h = await startApiHarness({ cases: new FakeCaseService(), items: fakeAccountItemStore(worlds) });
  server = await startApiServer(h.app, '127.0.0.1', 0);
});
afterAll(async () => {
  await server?.stop();
  await h?.stop();
});

const terminus = (args: string[]) => runTerminus(args, server.url, h.tokens.otto);

it('prints one page and how to get the next', async () => {
  const r = await terminus(['case', 'items', 'acct-1', '--limit', '10']);
  expect(r.code).toBe(ExitCode.Ok);
  expect(r.stdout.trim().split('\n')).toHaveLength(10);
  expect(r.stdout).toMatch(/^z0000\.example\s+pending\s+zone/);
  expect(r.stderr).toMatch(
    /10 of 1234 shown \(pending 1233, done 0, failed 1, excluded 0, absent 0\); next page: --cursor \S+/,
  );
});

it('streams every page with --all --json, one item a line, each once', async () => {
  const r = await terminus(['case', 'items', KNOWN_CASE, '--all', '--json']);
  expect(r.code).toBe(ExitCode.Ok);
  const items = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { name: string });
  expect(items.map((i) => i.name)).toEqual(NAMES);
});

it('filters by status and shows why an item failed', async () => {
  const r = await terminus(['case', 'items', KNOWN_CASE, '--status', 'failed']);
  expect(r.code).toBe(ExitCode.Ok);
  expect(r.stdout.trim()).toMatch(/^z0007\.example\s+failed.*provider refused$/);
  expect(r.stderr).toMatch(/^1 of 1 shown/);
});

it('refuses a page size the API would refuse, before calling it', async () => {
  const r = await terminus(['case', 'items', KNOWN_CASE, '--limit', '501']);
  expect(r.code).not.toBe(ExitCode.Ok);
  expect(r.stderr).toContain('--limit');
});
