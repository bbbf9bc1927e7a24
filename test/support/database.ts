import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../src/db/database';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';

/** A migrated, empty database for one test file, and how to throw it away. */
export interface TestDatabase {
  db: Database;
  url: string;
  stop(): Promise<void>;
}

/**
 * Gives a test its own database with every migration applied. With `TERMINUS_TEST_DATABASE_URL` or
 * `DATABASE_URL` (a real PostgreSQL) each call gets a fresh schema there (dropped afterwards), so the same suite runs on PostgreSQL; otherwise an
 * in-memory PGlite served over the Postgres protocol, exactly the embedded stack's code path.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const external = process.env.TERMINUS_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const url = withSearchPath(external, schema);
    const db = openDatabase({ url });
    await migrate(db);
    return {
      db,
      url,
      async stop() {
        await db.close();
        const cleanup = new Client({ connectionString: external });
        await cleanup.connect();
        await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
        await cleanup.end();
      },
    };
  }
  const server = await startEmbeddedPostgres();
  const db = openDatabase({ url: server.url });
  await migrate(db);
  return {
    db,
    url: server.url,
    async stop() {
      await db.close();
      await server.stop();
    },
  };
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
