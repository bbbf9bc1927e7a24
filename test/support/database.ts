import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../src/db/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';

/** A migrated, empty database for one test file, and how to throw it away. */
export interface TestDatabase {
  db: Database;
  url: string;
  stop(): Promise<void>;
}

/** Set by the jest global setup: the superuser URL of the one embedded PostgreSQL of this test run. */
export const TEST_POSTGRES_URL_VARIABLE = 'TERMINUS_TEST_POSTGRES_URL';

/**
 * Gives a test its own database with every migration applied. With `TERMINUS_TEST_DATABASE_URL` or `DATABASE_URL`
 * (a PostgreSQL of your own) each call gets a fresh schema there (dropped afterwards); otherwise a fresh database
 * (dropped afterwards) on the embedded PostgreSQL the global setup started for the whole run, the same server the
 * embedded stack runs. Outside jest's global setup (a script), a private embedded server in a temp folder.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const external = process.env.TERMINUS_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) return freshSchema(external);
  const shared = process.env[TEST_POSTGRES_URL_VARIABLE];
  if (shared) return freshDatabase(shared);
  const server = await startThrowawayPostgres();
  const t = await freshDatabase(server.url);
  return {
    ...t,
    async stop() {
      await t.stop();
      await server.stop();
    },
  };
}

/** An embedded PostgreSQL in its own temp folder, tuned for tests (no fsync); `stop` also removes the folder. */
export async function startThrowawayPostgres(): Promise<EmbeddedPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'terminus-test-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'postgres'),
    password: randomBytes(18).toString('base64url'),
    reachableFrom: dir,
    durable: false,
    maxConnections: 300,
  });
  return {
    ...server,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function freshDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = openDatabase({ url });
  await migrate(db);
  return {
    db,
    url,
    async stop() {
      await db.close();
      await admin(serverUrl, `DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}

async function freshSchema(external: string): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await admin(external, `CREATE SCHEMA ${schema}`);
  const u = new URL(external);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const url = u.toString();
  const db = openDatabase({ url });
  await migrate(db);
  return {
    db,
    url,
    async stop() {
      await db.close();
      await admin(external, `DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
