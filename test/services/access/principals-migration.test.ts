// Migration 501 applies on a database that already has principals and tokens (issue 15): each principal keeps the
// roles its live tokens carried, an admin that also held an approving role keeps admin only (its approving tokens
// are revoked), and existing tokens go on working within their principal's roles.
import { loadMigrations, migrate } from '../../../src/db/migrate';
import { openDatabase, type Database } from '../../../src/db/database';
import { authenticateToken, hashToken } from '../../../src/services/access/token-store';
import { findPrincipal } from '../../../src/services/access/principal-store';
import { startTestDatabase, type TestDatabase } from '../../support/database';

let database: TestDatabase;
let legacy: Database;

beforeAll(async () => {
  database = await startTestDatabase();
  await database.db.query('CREATE SCHEMA legacy');
  const url = new URL(database.url);
  url.searchParams.set('options', '-c search_path=legacy');
  legacy = openDatabase({ url: url.toString() });
});
afterAll(async () => {
  await legacy?.close();
  await database?.stop();
});

const token = (n: number) => `tmn_${String(n).repeat(43).slice(0, 43)}`;

it('keeps existing principals and tokens working, without admin holding an approving role', async () => {
  const all = await loadMigrations();
  const before = all.filter((m) => m.id < '501');
  expect(await migrate(legacy, before)).toContain('500_api_auth');
  const rows: [string, number, string[], boolean][] = [
    ['root', 1, ['admin'], false],
    ['boss', 2, ['admin', 'legal'], false],
    ['boss', 3, ['admin'], false],
    ['lena', 4, ['legal'], false],
    ['lena', 5, ['operator'], true],
  ];
  for (const id of new Set(rows.map((r) => r[0])))
    await legacy.query('INSERT INTO api_principals (id) VALUES ($1)', [id]);
  for (const [id, n, roles, revoked] of rows) {
    await legacy.query(
      `INSERT INTO api_tokens (token_sha256, principal_id, roles, created_by, revoked_at)
       VALUES ($1, $2, $3, 'test', CASE WHEN $4 THEN now() END)`,
      [hashToken(token(n)), id, roles, revoked],
    );
  }

  expect(
    await migrate(
      legacy,
      all.filter((m) => m.id < '502'),
    ),
  ).toEqual(['501_principals']);

  expect(await findPrincipal(legacy, 'root')).toMatchObject({
    roles: ['admin'],
    status: 'active',
    person: 'legacy:root',
  });
  expect(await findPrincipal(legacy, 'boss')).toMatchObject({ roles: ['admin'], status: 'active' });
  expect(await findPrincipal(legacy, 'lena')).toMatchObject({ roles: ['legal'], status: 'active' });
  expect(await authenticateToken(legacy, token(1))).toMatchObject({ id: 'root', roles: ['admin'] });
  expect(await authenticateToken(legacy, token(2))).toBeNull();
  expect(await authenticateToken(legacy, token(3))).toMatchObject({ id: 'boss', roles: ['admin'] });
  expect(await authenticateToken(legacy, token(4))).toMatchObject({ id: 'lena', roles: ['legal'] });
  expect(await authenticateToken(legacy, token(5))).toBeNull();
});
