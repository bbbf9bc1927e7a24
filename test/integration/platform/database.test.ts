import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../../../src/db/database';
import { startEmbeddedPostgres } from '../../../src/db/embedded-postgres';
import { loadMigrations, migrate } from '../../../src/db/migrate';
import { startTestDatabase, type TestDatabase } from '../../support/database';

describe('database layer (the embedded PostgreSQL, or PostgreSQL with TERMINUS_TEST_DATABASE_URL)', () => {
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

  it('keeps concurrent transactions apart', async () => {
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

describe('embedded PostgreSQL', () => {
  it('keeps its data across a stop and a start on the same folder, and refuses a wrong password', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'terminus-pg-'));
    const dataDir = path.join(home, 'postgres');
    const options = { dataDir, password: 'first-secret', reachableFrom: home };
    const first = await startEmbeddedPostgres(options);
    expect(first.created).toBe(true);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    const db1 = openDatabase({ url: first.url });
    await migrate(db1);
    const [before] = await db1.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'installation_id'`);
    const [version] = await db1.query<{ server_version: string }>('SHOW server_version');
    expect(version?.server_version).toMatch(/^18\./);
    await db1.close();
    await first.stop();

    const second = await startEmbeddedPostgres(options);
    expect(second.created).toBe(false);
    try {
      const db2 = openDatabase({ url: second.url });
      expect(await migrate(db2)).toEqual([]);
      const [after] = await db2.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'installation_id'`);
      await db2.close();
      expect(after?.value).toBe(before?.value);
      expect(before?.value).toMatch(/^[0-9a-f-]{36}$/);

      const intruder = new Client({ connectionString: second.url.replace(':first-secret@', ':guess@') });
      intruder.on('error', () => undefined);
      await expect(intruder.connect()).rejects.toThrow(/password authentication failed/);
    } finally {
      await second.stop();
    }
    // The server is gone once stop resolves: nothing listens on its port any more.
    const late = new Client({ connectionString: second.url, connectionTimeoutMillis: 2_000 });
    late.on('error', () => undefined);
    await expect(late.connect()).rejects.toThrow();
    await rm(home, { recursive: true, force: true });
  }, 60_000);
});
