import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../src/platform/paths';
import { readLedger, type FreezePoint } from './ledger';

/** A fault worker process (see `fault-worker.ts`) the test can kill and replace. */
export interface WorkerProcess {
  readonly pid: number;
  /** SIGKILL: no shutdown, no grace, in-flight activities are lost with the process. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL if it lingers; for teardown. */
  stop(): Promise<void>;
  /** Whether the process is still alive (a worker that exits by itself is a finding). */
  alive(): boolean;
  /** The last lines it printed, for failure messages. */
  tail(): string;
}

/** How to start one: the environment (Temporal, database, SMTP, sandbox), its ledger and freeze points. */
export interface WorkerProcessOptions {
  env: NodeJS.ProcessEnv;
  ledgerFile: string;
  logFile: string;
  freeze?: FreezePoint[];
  readyTimeoutMs?: number;
}

const ENTRY = path.join(__dirname, 'fault-worker.ts');

/**
 * Starts a fault worker (`node --import tsx`, one process: a signal reaches the worker itself, not a wrapper) and
 * resolves once it polls its task queue, as its `ready` ledger line says; rejects with its output if it dies first.
 */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...options.env,
      FAULT_LEDGER: options.ledgerFile,
      FAULT_FREEZE: JSON.stringify(options.freeze ?? []),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      log.end();
      resolve();
    }),
  );
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const pid = child.pid ?? -1;

  const handle: WorkerProcess = {
    pid,
    alive,
    tail: () => tail,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!alive()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (!readLedger(options.ledgerFile).some((e) => e.kind === 'ready' && e.pid === pid)) {
    if (!alive()) throw new Error(`fault worker exited before it was ready:\n${tail}`);
    if (Date.now() > deadline) {
      await handle.kill();
      throw new Error(`fault worker not ready after ${options.readyTimeoutMs ?? 120_000} ms:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return handle;
}
