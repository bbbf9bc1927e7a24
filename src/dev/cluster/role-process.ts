import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/paths';
import { startProcess, type ManagedProcess } from '../child-process';

/** The entry point and "ready" log line of each process role (what `npm run worker` / `npm run api` run). */
const ROLES = {
  worker: { entry: 'src/worker.ts', ready: '"msg":"worker started"' },
  api: { entry: 'src/api/main.ts', ready: '"msg":"api listening"' },
} as const;

/** A worker or API replica running as its own process, as it would on its own machine. */
export interface RoleProcess {
  name: string;
  pid: number;
  process: ManagedProcess;
  alive(): boolean;
  /** SIGKILL: the crash of a machine, nothing drains. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful stop (the worker drains, the API finishes its requests). */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <entry>` (the same code as `npm run worker` / `npm run api`, without npm and tsx's
 * wrapper processes in between, so the pid is the role's own and a SIGKILL reaches it) with `env`, its output in
 * `logFile`, and resolves once it logs that it is ready (worker polling, API listening).
 */
export async function startRole(
  role: keyof typeof ROLES,
  name: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  timeoutMs = 180_000,
): Promise<RoleProcess> {
  const spec = ROLES[role];
  // Readiness is read from the role's info-level log line.
  const level =
    env.TERMINUS_LOG_LEVEL === 'warn' || env.TERMINUS_LOG_LEVEL === 'error' ? 'info' : env.TERMINUS_LOG_LEVEL;
  const proc = startProcess(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, spec.entry)], {
    name,
    env: { ...env, TERMINUS_LOG_LEVEL: level },
    logFile,
  });
  const alive = (): boolean => proc.child.exitCode === null && proc.child.signalCode === null;
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      reject(new Error(`${name} not ready after ${timeoutMs} ms (log: ${logFile})`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      seen = (seen + chunk.toString()).slice(-4000);
      if (seen.includes(spec.ready)) done();
    };
    const onExit = (): void => {
      clearTimeout(timer);
      reject(new Error(proc.exitReason() ?? `${name} exited`));
    };
    const done = (): void => {
      clearTimeout(timer);
      proc.child.stdout?.off('data', onData);
      proc.child.off('exit', onExit);
      resolve();
    };
    proc.child.stdout?.on('data', onData);
    proc.child.once('exit', onExit);
  }).catch(async (err: unknown) => {
    await proc.stop();
    throw err;
  });
  return {
    name,
    pid: proc.child.pid ?? 0,
    process: proc,
    alive,
    async kill() {
      proc.child.kill('SIGKILL');
      await proc.stop();
    },
    stop: () => proc.stop(20_000),
  };
}
