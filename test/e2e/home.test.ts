// One stack per home folder (`TERMINUS_HOME`), as a person meets it: a second `npm start` on a home in use stops
// at once and changes nothing, while the first goes on; `npm run worker` will not touch that home's embedded
// database; a lock left by a killed stack is taken over; and a home written by the PGlite version is refused with
// the command that moves its old database away.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { ephemeralStackEnv } from '../../src/dev/ephemeral-env';
import { homeLockPath, type HomeLockInfo } from '../../src/platform/home-lock';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { startRunningStack, type RunningStack } from '../support/running-stack';
import { deepHealth } from '../support/deep-health';

interface Run {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs a project entry file (`src/dev/start.ts`, `src/worker.ts`) as npm does, on `home`, with free ports. */
async function run(entry: string, home: string, extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<Run> {
  const { env } = await ephemeralStackEnv({ home, env: extraEnv });
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]; // "unset" in extraEnv
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), entry], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

/** Every file of a folder tree with its size and modification time: "changes nothing" made checkable. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const p = path.join(entry.parentPath, entry.name);
    if (p.includes(`${path.sep}postgres${path.sep}`)) continue; // the first stack's live database files
    if (/temporal\.sqlite|\.log$/.test(entry.name)) continue; // written by the running first stack
    const s = await stat(p);
    out[path.relative(dir, p)] = `${s.size}@${s.mtimeMs}`;
  }
  return out;
}

describe('one stack per home', () => {
  let home: string;
  let first: RunningStack | undefined;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'terminus-home-'));
  });
  afterAll(async () => {
    await first?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('refuses a second npm start on a home in use within 10 s, changing nothing; the first keeps working', async () => {
    first = await startRunningStack(home);
    // The stack's own pid (npm and tsx start it as a grandchild of the process the test spawned).
    const pid = (JSON.parse(await readFile(homeLockPath(home), 'utf8')) as HomeLockInfo).pid;
    expect(pid).not.toBe(first.process.pid);
    const before = await snapshot(home);

    const second = await run('src/dev/start.ts', home);
    expect(second.code).not.toBe(0);
    expect(second.code).not.toBeNull();
    expect(second.ms).toBeLessThan(10_000);
    expect(second.output).toContain(`in use by the terminus stack running as pid ${pid}`);
    expect(second.output).toContain(`api ${first.apiUrl}`);
    expect(second.output).not.toContain('terminus is running');
    expect(await snapshot(home)).toEqual(before);

    const health = await fetch(`${first.apiUrl}/health`);
    expect(await health.json()).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
    const deep = (await (await deepHealth(first.apiUrl, { home })).json()) as { status: string };
    expect(deep.status).toBe('ok');

    // The worker entry point will not run on the embedded database of a home the stack owns.
    const worker = await run('src/worker.ts', home, {
      TEMPORAL_ADDRESS: first.temporalAddress,
      DATABASE_URL: undefined,
    });
    expect(worker.code).toBe(1);
    expect(worker.output).toContain(`will not use the embedded database of ${home}`);
    expect(worker.output).toContain(`pid ${pid}`);

    expect(await first.stop()).toBe(0);
    first = undefined;
    await expect(stat(homeLockPath(home))).rejects.toThrow(/ENOENT/);
  }, 300_000);

  it('takes over the lock of a stack that was killed', async () => {
    await first?.stop(); // (if the test above failed half way)
    await writeFile(
      homeLockPath(home),
      JSON.stringify({
        pid: 2 ** 22 + 1, // above Linux's pid_max: never a live process
        hostname: hostname(),
        startedAt: new Date(Date.now() - 3_600_000).toISOString(),
        endpoints: { api: 'http://127.0.0.1:1' },
      }),
    );
    first = await startRunningStack(home);
    expect((await fetch(`${first.apiUrl}/health`)).status).toBe(200);
    expect(await first.stop()).toBe(0);
    first = undefined;
  }, 300_000);

  it('refuses a home written by the PGlite version, saying which folder to move away', async () => {
    const old = await mkdtemp(path.join(tmpdir(), 'terminus-pglite-home-'));
    try {
      await mkdir(path.join(old, 'data', 'pglite'), { recursive: true });
      await writeFile(path.join(old, 'data', 'pglite', 'PG_VERSION'), '17\n');
      const r = await run('src/dev/start.ts', old);
      expect(r.code).toBe(1);
      expect(r.output).toContain(`${path.join(old, 'data', 'pglite')} holds the app database of an earlier terminus`);
      expect(r.output).toContain(`mv ${path.join(old, 'data')} ${path.join(old, 'data')}.pglite-old`);
      // Nothing was started or created: the old folder is as it was, and there is no new database beside it.
      expect((await readdir(path.join(old, 'data'))).sort()).toEqual(['pglite']);
      await expect(stat(homeLockPath(old))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(old, { recursive: true, force: true });
    }
  }, 120_000);
});
