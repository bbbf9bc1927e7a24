// `terminus case sor` on cases without a statement: the database takes 1 to 100 statements per call, so an empty
// batch is an error with the reason (exit 4, conflict), never `{"statements": []}` and exit 0.
import { startApiServer, type ApiServer } from '../../../src/api/server';
import { ExitCode } from '../../../src/cli/exit-codes';
import { runTerminus } from '../../support/cli-run';
import { startApiHarness, type ApiHarness } from '../../support/api/api-harness';
import { FakeCaseService, KNOWN_CASE } from '../../support/api/fake-case-service';

let h: ApiHarness;
let server: ApiServer;

beforeAll(async () => {
  h = await startApiHarness({ cases: new FakeCaseService() });
  server = await startApiServer(h.app, '127.0.0.1', 0);
});
afterAll(async () => {
  await server?.stop();
  await h?.stop();
});

const terminus = (args: string[]) => runTerminus(args, server.url, h.tokens.lena);

it('a batch of cases none of which has a statement exits 4 with the reason, printing no batch', async () => {
  const r = await terminus(['case', 'sor', KNOWN_CASE, 'case-acct-2']);
  expect(r.code).toBe(ExitCode.Conflict);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('no statement to submit');
});

it('one case without a statement exits 4 too', async () => {
  const r = await terminus(['case', 'sor', KNOWN_CASE]);
  expect(r.code).toBe(ExitCode.Conflict);
  expect(r.stderr).toContain('has no DSA statement of reasons');
});
