import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** A child process we own: its output goes to a log file (or is dropped), and `stop` ends it for sure. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  /** Why it died, if it did (for start-up errors that name the cause). */
  exitReason(): string | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command`; stdout and stderr are appended to `logFile` when given, and the tail is kept for errors. */
export function startProcess(
  command: string,
  args: string[],
  options: { logFile?: string; env?: NodeJS.ProcessEnv; name: string },
): ManagedProcess {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  let tail = '';
  const keep = (chunk: Buffer): void => {
    log?.write(chunk);
    tail = (tail + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let reason: string | undefined;
  // If this process exits without stopping the child (an uncaught error), do not leave the child running.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    child.on('error', (err) => {
      reason = `${options.name} failed to start: ${err.message}`;
      resolve();
    });
    child.on('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      reason ??= `${options.name} exited (${signal ?? code}): ${tail.trim().split('\n').slice(-5).join(' | ')}`;
      log?.end();
      resolve();
    });
  });
  return {
    child,
    exitReason: () => reason,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null || reason) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
