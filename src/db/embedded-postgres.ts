import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A running embedded database: PGlite (Postgres in WASM) behind a loopback Postgres wire-protocol socket. */
export interface EmbeddedPostgres {
  /** A `postgres://` URL any `pg` client (or `psql`) can use. */
  url: string;
  port: number;
  /** Stops accepting connections and closes PGlite, flushing its data directory. */
  stop(): Promise<void>;
}

/** Where the embedded database keeps its files; omit for an in-memory database (tests). */
export interface EmbeddedPostgresOptions {
  dataDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  maxConnections?: number;
}

/**
 * Starts PGlite persisted to `dataDir` and serves it over the Postgres protocol, so the app uses the same
 * `pg` code path it uses against PostgreSQL. The socket server multiplexes client connections onto PGlite's
 * single session and keeps a transaction's statements together.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({
    db,
    host,
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 32,
  });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
