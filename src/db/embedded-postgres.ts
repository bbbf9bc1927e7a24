import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { PgliteSessionQueue } from './pglite-session-queue';

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
 * `pg` code path it uses against PostgreSQL. Connections are handled by `@electric-sql/pglite-socket`'s
 * per-connection handler; the one session is shared through {@link PgliteSessionQueue}, which keeps each
 * connection's statement (Parse to Sync) and transaction together (the library's own queue interleaves them).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
  const host = options.host ?? '127.0.0.1';
  const maxConnections = options.maxConnections ?? 32;
  // The handler's option is typed with the library's (unexported) queue class; ours has the same methods.
  const queryQueue = new PgliteSessionQueue(db) as unknown as PGLiteSocketHandlerOptions['queryQueue'];
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    if (handlers.size >= maxConnections) {
      socket.end('Too many connections\n');
      return;
    }
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    handler.addEventListener('close', () => handlers.delete(handler));
    handler.addEventListener('error', () => handlers.delete(handler));
    handler.attach(socket).catch(() => {
      handlers.delete(handler);
      socket.destroy();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  server.on('error', () => undefined);
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await Promise.all([...handlers].map((h) => h.detach(true)));
      handlers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
