import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../../../src/db/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../src/db/embedded-postgres';
import { migrate } from '../../../src/db/migrate';
import { freePort } from '../../../src/dev/ports';

/** The scenario's database, migrated, at a URL that stays the same across a restart. */
export interface RestartableDatabase {
  readonly url: string;
  /** `embedded`: a real stop and start of the embedded PostgreSQL; `postgres`: an outage in front of PostgreSQL. */
  readonly kind: 'embedded' | 'postgres';
  /** Takes the database away: open connections are cut, new ones refused. */
  stop(): Promise<void>;
  /** Brings it back on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it for good (and, on PostgreSQL, drops the scenario's schema). */
  close(): Promise<void>;
}

/**
 * The database for one fault scenario. By default the embedded stack's database: a real PostgreSQL server with its
 * cluster in `<dir>/postgres`, which `stop` really shuts down (fast shutdown: every connection is cut) and `start`
 * starts again from its files on the same port. With `TERMINUS_TEST_DATABASE_URL` or `DATABASE_URL` (a PostgreSQL we do not own and cannot
 * restart) the scenario gets its own schema there, reached through a loopback relay that `stop` closes (every
 * connection reset, new ones refused) and `start` reopens: the same outage as the app sees it.
 */
export async function startRestartableDatabase(dir: string): Promise<RestartableDatabase> {
  const external = process.env.TERMINUS_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const db = external ? await postgresBehindRelay(external) : await persistedPostgres(dir);
  const migrator = openDatabase({ url: db.url, maxConnections: 1 });
  try {
    await migrate(migrator);
  } finally {
    await migrator.close();
  }
  return db;
}

async function persistedPostgres(dir: string): Promise<RestartableDatabase> {
  const options = {
    dataDir: path.join(dir, 'postgres'),
    password: randomBytes(18).toString('base64url'),
    reachableFrom: dir,
  };
  let server: EmbeddedPostgres | undefined = await startEmbeddedPostgres(options);
  const port = server.port;
  const url = server.url;
  return {
    url,
    kind: 'embedded',
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      server ??= await startEmbeddedPostgres({ ...options, port });
    },
    async close() {
      await server?.stop();
      server = undefined;
    },
  };
}

async function postgresBehindRelay(external: string): Promise<RestartableDatabase> {
  const target = new URL(external);
  const schema = `f_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: external });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const relay = await startRelay(target.hostname, Number(target.port || 5432));
  const url = new URL(external);
  url.hostname = '127.0.0.1';
  url.port = String(relay.port);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    kind: 'postgres',
    stop: () => relay.close(),
    start: () => relay.open(),
    async close() {
      await relay.close();
      const cleanup = new Client({ connectionString: external });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

/** A TCP relay on a fixed loopback port that can cut every connection and stop listening, then listen again. */
async function startRelay(host: string, port: number) {
  const listenPort = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const open = async (): Promise<void> => {
    if (server) return;
    const s = net.createServer((client) => {
      const upstream = net.connect({ host, port });
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(listenPort, '127.0.0.1', () => resolve());
    });
    server = s;
  };
  await open();
  return {
    port: listenPort,
    open,
    async close(): Promise<void> {
      const s = server;
      server = undefined;
      for (const sock of sockets) sock.destroy();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
