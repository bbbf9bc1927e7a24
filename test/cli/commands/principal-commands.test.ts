// `terminus principal ...` through the API: an admin proposes a legal principal, a second admin activates it, the
// person enrols with both codes and gets a token; the proposer cannot activate it, nor mint its token.
import { startApiServer, type ApiServer } from '../../../src/api/server';
import { run } from '../../../src/cli/main';
import { ExitCode } from '../../../src/cli/exit-codes';
import { bootstrapPrincipal } from '../../../src/services/access/principal-store';
import { createToken } from '../../../src/services/access/token-store';
import { startApiHarness, type ApiHarness } from '../../support/api/api-harness';
import { FakeCaseService } from '../../support/api/fake-case-service';

let h: ApiHarness;
let server: ApiServer;
let second: string;

beforeAll(async () => {
  h = await startApiHarness({ cases: new FakeCaseService() });
  server = await startApiServer(h.app, '127.0.0.1', 0);
  await bootstrapPrincipal(h.db, { id: 'ruth', person: 'ruth@test.invalid', roles: ['admin'] }, 'database');
  second = (await createToken(h.db, { principal: 'ruth', createdBy: 'test' })).token;
});
afterAll(async () => {
  await server?.stop();
  await h?.stop();
});

async function terminus(args: string[], token?: string) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { TERMINUS_API_URL: server.url, ...(token ? { TERMINUS_TOKEN: token } : {}) },
  });
  return { code, stdout, stderr };
}

it('proposes, activates with a second admin, enrols with both codes, and disables', async () => {
  const proposed = await terminus(
    ['principal', 'create', '--id', 'lara', '--person', 'lara@example.org', '--roles', 'legal', '--json'],
    h.tokens.root,
  );
  expect(proposed.code).toBe(0);
  const a = JSON.parse(proposed.stdout) as { principal: { status: string }; enrolmentCode: string };
  expect(a.principal.status).toBe('proposed');

  const self = await terminus(['principal', 'activate', 'lara'], h.tokens.root);
  expect(self.code).toBe(ExitCode.Forbidden);
  expect(self.stderr).toContain('four eyes on identity');
  const minted = await terminus(['token', 'create', '--principal', 'lara'], h.tokens.root);
  expect(minted.code).toBe(ExitCode.Forbidden);

  const activated = await terminus(['principal', 'activate', 'lara', '--json'], second);
  expect(activated.code).toBe(0);
  const b = JSON.parse(activated.stdout) as { enrolmentCode: string };

  const enrolled = await terminus(['principal', 'enrol', 'lara', '--code', a.enrolmentCode, '--code', b.enrolmentCode]);
  expect(enrolled.code).toBe(0);
  const token = enrolled.stdout.split('\n')[0]!;
  expect(token).toMatch(/^tmn_/);
  expect((await terminus(['whoami'], token)).stdout).toContain('lara (legal)');

  const listed = await terminus(['principal', 'list'], second);
  expect(listed.stdout).toMatch(/lara {2}lara@example.org {2}legal {2}active {2}proposed by root, activated by ruth/);
  expect((await terminus(['principal', 'disable', 'lara'], second)).code).toBe(0);
  expect((await terminus(['whoami'], token)).code).toBe(ExitCode.Forbidden);
});
