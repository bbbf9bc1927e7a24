import { Pool, type PoolClient, type QueryResultRow } from 'pg';

/**
 * The app's own store. One SQL code path: the same `pg` pool talks to PostgreSQL (`DATABASE_URL`) or to the
 * embedded PostgreSQL the stack starts, so nothing in the app knows which one it has.
 */
export interface Database {
  /** Runs one statement with positional parameters (`$1`, `$2`, ...). */
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs `fn` in a transaction; a thrown error rolls it back and is rethrown. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes every connection; further calls fail. */
  close(): Promise<void>;
}

/** What a transaction body may do: query, nothing else. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** Pool settings. */
export interface DatabaseOptions {
  url: string;
  maxConnections?: number;
  /** Applied to every connection so a stuck statement cannot hold an activity forever. */
  statementTimeoutMs?: number;
}

/** Opens a pooled database. Connections are made lazily; call {@link Database.close} to release them. */
export function openDatabase(options: DatabaseOptions): Database {
  const pool = new Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 5,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 10_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
  });
  // An idle client that loses its server (a restart) emits 'error'; the pool drops it and reconnects next time.
  pool.on('error', () => undefined);

  const run = async <R extends QueryResultRow>(
    client: Pool | PoolClient,
    sql: string,
    params?: readonly unknown[],
  ): Promise<R[]> => (await client.query<R>(sql, params as unknown[] | undefined)).rows;

  return {
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
