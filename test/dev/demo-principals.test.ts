// The demo principals of `npm start` go through the principal store: one person each, active, with a token per
// role in demo-tokens.json (mode 0600); a restart reuses the file while its tokens work.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PRINCIPALS, ensureDemoPrincipals } from '../../src/dev/demo-principals';
import type { Role } from '../../src/domain/case-types';
import { listPrincipals } from '../../src/services/access/principal-store';
import { authenticateToken } from '../../src/services/access/token-store';
import { startTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await startTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'terminus-demo-principals-'));
});
afterAll(async () => {
  await database?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('creates one active principal per role, each a different person, and reuses the file on restart', async () => {
  const first = await ensureDemoPrincipals(database.db, dir);
  expect(first.created).toBe(true);
  expect((await stat(first.file)).mode & 0o777).toBe(0o600);
  const principals = await listPrincipals(database.db);
  expect(principals).toHaveLength(Object.keys(DEMO_PRINCIPALS).length);
  expect(new Set(principals.map((p) => p.person)).size).toBe(principals.length);
  expect(principals.every((p) => p.status === 'active' && p.proposedBy === 'embedded-stack')).toBe(true);

  const { tokens } = JSON.parse(await readFile(first.file, 'utf8')) as { tokens: Record<Role, { token: string }> };
  for (const [role, principal] of Object.entries(DEMO_PRINCIPALS) as [Role, string][]) {
    expect(await authenticateToken(database.db, tokens[role].token)).toMatchObject({ id: principal, roles: [role] });
  }
  expect((await ensureDemoPrincipals(database.db, dir)).created).toBe(false);
  // A lost file: new tokens for the same principals, the old ones revoked.
  await rm(first.file);
  expect((await ensureDemoPrincipals(database.db, dir)).created).toBe(true);
  expect(await authenticateToken(database.db, tokens.legal.token)).toBeNull();
  expect(await listPrincipals(database.db)).toHaveLength(principals.length);
});

it('takes over demo principals a migrated home left without roles (their tokens were all revoked)', async () => {
  await database.db.query(`UPDATE api_principals SET roles = '{}' WHERE id = $1`, [DEMO_PRINCIPALS.legal]);
  await rm(path.join(dir, 'demo-tokens.json'));
  expect((await ensureDemoPrincipals(database.db, dir)).created).toBe(true);
  const legal = (await listPrincipals(database.db)).find((p) => p.id === DEMO_PRINCIPALS.legal);
  expect(legal?.roles).toEqual(['legal']);
});
