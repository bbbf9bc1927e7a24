import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/db/database';
import { startEmbeddedPostgres } from '../../../src/db/embedded-postgres';
import { loadMigrations, migrate } from '../../../src/db/migrate';
import { startTestDatabase, type TestDatabase } from '../../support/database';

describe('database layer (PGlite over the wire, or PostgreSQL with TERMINUS_TEST_DATABASE_URL)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await startTestDatabase();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('applies every migration once; a second run applies nothing', async () => {
    const all = await loadMigrations();
    const ids = (await t.db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id);
    expect(ids).toEqual(all.map((m) => m.id));
    expect(await migrate(t.db)).toEqual([]);
  });

  it('rolls a failed transaction back completely and rethrows', async () => {
    await t.db.query('CREATE TABLE tx_probe (n int PRIMARY KEY)');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe VALUES (1)');
        await tx.query('INSERT INTO tx_probe VALUES (1)');
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await t.db.query('SELECT * FROM tx_probe')).toEqual([]);
  });

  it('keeps concurrent transactions apart (PGlite multiplexes connections onto one session)', async () => {
    await t.db.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await t.db.query('INSERT INTO counter VALUES (1, 0)');
    await Promise.all(
      Array.from({ length: 40 }, () =>
        t.db.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = 1 FOR UPDATE');
          await tx.query('UPDATE counter SET n = $1 WHERE id = 1', [(row?.n ?? 0) + 1]);
        }),
      ),
    );
    expect(await t.db.query('SELECT n FROM counter')).toEqual([{ n: 40 }]);
  });

  it('refuses a migration file whose name does not give its order', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'terminus-mig-'));
    await writeFile(path.join(dir, 'init.sql'), 'SELECT 1');
    await expect(loadMigrations(dir)).rejects.toThrow(/"init.sql" must look like 001_name.sql/);
  });
});

describe('embedded PGlite', () => {
  it('keeps its data across a stop and a start on the same folder', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'terminus-pglite-'));
    const first = await startEmbeddedPostgres({ dataDir });
    const db1 = openDatabase({ url: first.url });
    await migrate(db1);
    const [before] = await db1.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'installation_id'`);
    await db1.close();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    const db2 = openDatabase({ url: second.url });
    expect(await migrate(db2)).toEqual([]);
    const [after] = await db2.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'installation_id'`);
    await db2.close();
    await second.stop();
    expect(after?.value).toBe(before?.value);
    expect(before?.value).toMatch(/^[0-9a-f-]{36}$/);
  });
});
