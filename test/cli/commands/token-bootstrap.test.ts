// `terminus token create` straight to the database (the bootstrap of the first admin): the token is stored and
// the action lands in the audit log as one finished row, written through the same audit module as the API's.
import { run } from '../../../src/cli/main';
import { AuditLog } from '../../../src/services/access/audit-log';
import { authenticateToken } from '../../../src/services/access/token-store';
import { startTestDatabase, type TestDatabase } from '../../support/database';

let database: TestDatabase;
let audit: AuditLog;

beforeAll(async () => {
  database = await startTestDatabase();
  audit = new AuditLog(database.db);
});
afterAll(async () => {
  await database?.stop();
});

/** Runs the CLI in-process with only the given environment; returns its exit code and output. */
async function terminus(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
  });
  return { code, stdout, stderr };
}

it('writes the token and one finished audit row (no principal, CLI, database) with --database-url', async () => {
  const r = await terminus([
    'token',
    'create',
    '--principal',
    'root',
    '--roles',
    'admin',
    '--database-url',
    database.url,
    '--json',
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const created = JSON.parse(r.stdout) as { token: string; tokenId: string; principal: string; roles: string[] };
  expect(created).toMatchObject({ principal: 'root', roles: ['admin'] });
  expect(await authenticateToken(database.db, created.token)).toEqual({
    id: 'root',
    roles: ['admin'],
    tokenId: created.tokenId,
  });

  const rows = await audit.recent({ target: 'principal:root', limit: 10 });
  expect(rows).toHaveLength(1);
  const row = rows[0]!;
  expect(row).toEqual({
    id: expect.any(String),
    at: expect.any(String),
    finishedAt: expect.any(String),
    principalId: null,
    roles: [],
    action: 'token.create',
    method: 'CLI',
    path: 'database',
    target: 'principal:root',
    remoteAddr: 'cli:database',
    result: 'ok',
    status: 201,
  });
  // Finished as it was written (no `started` row left behind).
  expect(Date.parse(row.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(row.at));
});

it('takes DATABASE_URL when no token is given, and audits that too', async () => {
  const r = await terminus(['token', 'create', '--principal', 'second', '--roles', 'operator,legal'], {
    DATABASE_URL: database.url,
  });
  expect(r.code).toBe(0);
  const rows = await audit.recent({ target: 'principal:second', limit: 10 });
  expect(rows.map((a) => [a.action, a.method, a.path, a.principalId, a.result, a.status])).toEqual([
    ['token.create', 'CLI', 'database', null, 'ok', 201],
  ]);
});

it('writes neither a token nor an audit row for a refused principal', async () => {
  const r = await terminus([
    'token',
    'create',
    '--principal',
    'Not Valid',
    '--roles',
    'admin',
    '--database-url',
    database.url,
  ]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('principal "Not Valid"');
  expect(await audit.recent({ target: 'principal:Not Valid', limit: 10 })).toEqual([]);
  const principals = await database.db.query<{ id: string }>('SELECT id FROM api_principals WHERE id = $1', [
    'Not Valid',
  ]);
  expect(principals).toEqual([]);
});
