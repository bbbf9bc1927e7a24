import { readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * One stack per home folder. `<home>/stack.lock` says who owns the home (its embedded database, Temporal's SQLite
 * file, MailDev's mail): created with O_EXCL, so of two stacks starting at once exactly one gets it, and removed
 * when that stack stops. A lock whose process is gone (a SIGKILLed stack, a crashed machine) is stale and taken
 * over by the next stack.
 */
export interface HomeLockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Where the stack listens (`api`, `temporal`, `database`, ...): configured ports first, then the real ones. */
  endpoints: Record<string, string>;
}

export interface HomeLock {
  readonly file: string;
  readonly info: HomeLockInfo;
  /** Records where the stack really listens (ports 0 become the ports picked). */
  update(endpoints: Record<string, string>): Promise<void>;
  /** Removes the lock, if it is still ours. */
  release(): Promise<void>;
}

/** A home folder owned by another live process. */
export class HomeInUseError extends Error {
  constructor(
    readonly home: string,
    readonly holder: HomeLockInfo,
  ) {
    super(
      `${home} is in use by the terminus stack running as pid ${holder.pid} since ${holder.startedAt}` +
        ` (${describeEndpoints(holder)}). Stop it first (Ctrl-C in its terminal, or kill -INT ${holder.pid}),` +
        ' or use another TERMINUS_HOME.',
    );
    this.name = 'HomeInUseError';
  }
}

export const homeLockPath = (home: string): string => path.join(home, 'stack.lock');

/** Takes the home's lock for this process, or throws {@link HomeInUseError} naming the stack that holds it. */
export async function acquireHomeLock(home: string, endpoints: Record<string, string> = {}): Promise<HomeLock> {
  await mkdir(home, { recursive: true });
  const file = homeLockPath(home);
  const info: HomeLockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), endpoints };
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o644);
      try {
        await handle.writeFile(`${JSON.stringify(info, null, 2)}\n`);
      } finally {
        await handle.close();
      }
      return lockHandle(file, info);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readLockFile(file);
    if (holder === 'unreadable') {
      // Being written this very moment (or left half-written by a crash long ago): look again shortly.
      if (attempt < 20 || (await ageMs(file)) < 5_000) {
        await sleep(50);
        continue;
      }
    } else if (holder && isLive(holder)) {
      throw new HomeInUseError(home, holder);
    }
    await takeOverStale(file, holder === 'unreadable' ? null : holder);
    if (attempt > 50) throw new Error(`could not take the lock ${file}`);
  }
}

/** The live stack that holds `home`, or null when nobody does (no lock, or a stale one). */
export async function homeLockHolder(home: string): Promise<HomeLockInfo | null> {
  const holder = await readLockFile(homeLockPath(home));
  return holder && holder !== 'unreadable' && isLive(holder) ? holder : null;
}

/**
 * For processes that are not the stack (`npm run worker`, an API process): refuses to use the embedded database of
 * a home another process owns. `databaseUrl` unset means "the home's embedded database"; a URL pointing at the
 * database port the owning stack recorded is that database too.
 */
export async function refuseForeignEmbeddedDatabase(
  home: string,
  databaseUrl: string | undefined,
  program: string,
): Promise<void> {
  const holder = await homeLockHolder(home);
  if (!holder || holder.pid === process.pid) return;
  const database = holder.endpoints.database;
  const target = databaseUrl ? safeHostPort(databaseUrl) : undefined;
  if (databaseUrl && (!database || target !== database)) return;
  throw new Error(
    `${program} will not use the embedded database of ${home}: it belongs to the terminus stack running as pid ` +
      `${holder.pid} (${describeEndpoints(holder)}), which runs its own worker and API. Point DATABASE_URL at a ` +
      'PostgreSQL of your own, or stop that stack.',
  );
}

function describeEndpoints(holder: HomeLockInfo): string {
  const entries = Object.entries(holder.endpoints).filter(([, v]) => v);
  return entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : 'ports not recorded yet';
}

function lockHandle(file: string, first: HomeLockInfo): HomeLock {
  let info = first;
  return {
    file,
    get info() {
      return info;
    },
    async update(endpoints) {
      info = { ...info, endpoints: { ...info.endpoints, ...endpoints } };
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o644 });
      await rename(tmp, file); // replaces the file in one step: a reader never sees it missing or half written
    },
    async release() {
      const current = await readLockFile(file);
      if (current && current !== 'unreadable' && current.pid === info.pid) await rm(file, { force: true });
    },
  };
}

/**
 * Removes a stale lock, once: of several processes finding the same stale lock, the one that creates
 * `<lock>.takeover` (O_EXCL) checks the lock is still that stale one and removes it; the others wait and retry.
 */
async function takeOverStale(file: string, stale: HomeLockInfo | null): Promise<void> {
  const guard = `${file}.takeover`;
  try {
    await (await open(guard, 'wx', 0o644)).close();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if ((await ageMs(guard)) > 10_000) await rm(guard, { force: true }); // its taker died mid-way
    await sleep(50);
    return;
  }
  try {
    const now = await readLockFile(file);
    const same = now === 'unreadable' ? stale === null : now !== null && stale !== null && now.pid === stale.pid;
    if (same) await rm(file, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

async function readLockFile(file: string): Promise<HomeLockInfo | null | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as HomeLockInfo;
    return Number.isInteger(parsed.pid) && parsed.pid > 0
      ? { ...parsed, endpoints: parsed.endpoints ?? {} }
      : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Alive as far as this machine can tell: a lock from another host (a shared folder) counts as alive. */
function isLive(holder: HomeLockInfo): boolean {
  if (holder.hostname && holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A recycled pid (after a reboot) belongs to a process started after the lock was written.
  const started = processStartTime(holder.pid);
  return started === undefined || started <= Date.parse(holder.startedAt) + 1_000;
}

/** When a process started (Linux, from /proc), in ms since the epoch. */
function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    // Clock ticks are 100 per second on every Linux this runs on.
    return Date.now() - (uptime - ticks / 100) * 1000;
  } catch {
    return undefined;
  }
}

function safeHostPort(url: string): string | undefined {
  try {
    const u = new URL(url);
    const host = u.hostname === 'localhost' ? '127.0.0.1' : u.hostname;
    return `${host}:${u.port || '5432'}`;
  } catch {
    return undefined;
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
