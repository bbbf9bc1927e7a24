import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import {
  acquireHomeLock,
  homeLockHolder,
  homeLockPath,
  HomeInUseError,
  refuseForeignEmbeddedDatabase,
  type HomeLockInfo,
} from '../../src/platform/home-lock';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'terminus-lock-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** The pid of a process that has exited (and, on a quiet machine, not been reused yet). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

it('holds the home: a second taker is refused, naming the holder and where it listens; release frees it', async () => {
  const lock = await acquireHomeLock(home, { api: '127.0.0.1:8787' });
  await lock.update({ database: '127.0.0.1:5433' });
  const written = JSON.parse(await readFile(homeLockPath(home), 'utf8')) as HomeLockInfo;
  expect(written).toMatchObject({ pid: process.pid, endpoints: { api: '127.0.0.1:8787', database: '127.0.0.1:5433' } });

  const refused = await acquireHomeLock(home).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(HomeInUseError);
  expect((refused as Error).message).toContain(`pid ${process.pid}`);
  expect((refused as Error).message).toContain('database 127.0.0.1:5433');
  expect(await homeLockHolder(home)).toMatchObject({ pid: process.pid });

  await lock.release();
  expect(await homeLockHolder(home)).toBeNull();
  await (await acquireHomeLock(home)).release();
});

it('of several takers at once, exactly one gets the lock', async () => {
  const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquireHomeLock(home)));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof HomeInUseError)).toHaveLength(7);
});

it('takes over a stale lock left by a process that is gone', async () => {
  const stale: HomeLockInfo = {
    pid: deadPid(),
    hostname: hostname(),
    startedAt: new Date(Date.now() - 60_000).toISOString(),
    endpoints: { api: '127.0.0.1:8787' },
  };
  await writeFile(homeLockPath(home), JSON.stringify(stale));
  expect(await homeLockHolder(home)).toBeNull();
  const lock = await acquireHomeLock(home);
  expect(lock.info.pid).toBe(process.pid);
  expect(JSON.parse(await readFile(homeLockPath(home), 'utf8'))).toMatchObject({ pid: process.pid });
  await lock.release();
});

it('takes over a lock whose pid was reused by a process started after it', async () => {
  // pid 1 is alive, but it started long before this lock was written: not the stack that wrote it.
  await writeFile(
    homeLockPath(home),
    JSON.stringify({ pid: 1, hostname: hostname(), startedAt: new Date().toISOString(), endpoints: {} }),
  );
  if (process.platform === 'linux') {
    // Written "now": pid 1 started before, so it could be the writer; only a later start proves reuse.
    expect(await homeLockHolder(home)).toMatchObject({ pid: 1 });
  }
  await writeFile(
    homeLockPath(home),
    JSON.stringify({ pid: 1, hostname: hostname(), startedAt: '2000-01-01T00:00:00.000Z', endpoints: {} }),
  );
  if (process.platform === 'linux') expect(await homeLockHolder(home)).toBeNull();
});

it("refuses a worker on the embedded database of another process's home", async () => {
  const other: HomeLockInfo = {
    pid: 1, // alive, and started before this lock was written
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    endpoints: { api: 'http://127.0.0.1:8787', database: '127.0.0.1:5433' },
  };
  await writeFile(homeLockPath(home), JSON.stringify(other));
  await expect(refuseForeignEmbeddedDatabase(home, undefined, 'npm run worker')).rejects.toThrow(
    /npm run worker will not use the embedded database of .* pid 1 \(api http:\/\/127\.0\.0\.1:8787, database 127\.0\.0\.1:5433\)/,
  );
  await expect(
    refuseForeignEmbeddedDatabase(home, 'postgres://postgres:x@localhost:5433/postgres', 'npm run worker'),
  ).rejects.toThrow(/pid 1/);
  // A PostgreSQL of one's own is fine, and so is a home nobody holds.
  await expect(
    refuseForeignEmbeddedDatabase(home, 'postgres://u:p@db.internal:5432/terminus', 'npm run worker'),
  ).resolves.toBeUndefined();
  await rm(homeLockPath(home));
  await expect(refuseForeignEmbeddedDatabase(home, undefined, 'npm run worker')).resolves.toBeUndefined();
});
