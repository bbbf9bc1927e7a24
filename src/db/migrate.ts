import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from './database';

/** Where the SQL migrations live: `NNN_name.sql`, applied in file-name order, each exactly once. */
export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** One applied (or to-be-applied) migration. */
export interface Migration {
  id: string;
  sql: string;
}

/** Reads the migration files; names must look like `001_init.sql` so the order is explicit. */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    if (!/^\d{3}_[a-z0-9_]+\.sql$/.test(file)) {
      throw new Error(`migration file name "${file}" must look like 001_name.sql`);
    }
    migrations.push({ id: file.replace(/\.sql$/, ''), sql: await readFile(path.join(dir, file), 'utf8') });
  }
  return migrations;
}

/**
 * Applies pending migrations, each in its own transaction with its bookkeeping row, so a crash leaves the
 * schema at a migration boundary. A transaction-scoped advisory lock serialises concurrent starters
 * (two workers booting at once).
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  await db.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied: string[] = [];
  for (const m of all) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(727274)');
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [m.id]);
      if (rows.length > 0) return false;
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}
