import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { ephemeralStackEnv } from '../../src/dev/ephemeral-env';

/** A `npm start` stack started by a test in its own process, with every URL it printed. */
export interface RunningStack {
  process: ChildProcess;
  output: () => string;
  temporalAddress: string;
  webUiUrl: string;
  apiUrl: string;
  metricsUrl: string;
  mailInboxUrl: string;
  sandboxDns: { host: string; port: number };
  sandboxHttpUrl: string;
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the embedded stack exactly as `npm start` does (the same entry file), in `home`, on free ports, and
 * waits for its "terminus ready" banner. Extra environment (for example `DATABASE_URL`) is passed through.
 */
export async function startRunningStack(
  home: string,
  extraEnv: NodeJS.ProcessEnv = {},
  timeoutMs = 180_000,
): Promise<RunningStack> {
  const { env } = await ephemeralStackEnv({ home, metrics: true, env: extraEnv });
  const child = spawn(
    process.execPath,
    [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/dev/start.ts'],
    {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (!out.includes('terminus ready')) {
    if (child.exitCode !== null) throw new Error(`stack exited ${child.exitCode}:\n${out.slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`stack not ready after ${timeoutMs} ms:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const grab = (label: RegExp): string => {
    const m = label.exec(out);
    if (!m?.[1]) throw new Error(`banner has no ${String(label)}:\n${out}`);
    return m[1];
  };
  return {
    process: child,
    output: () => out,
    temporalAddress: grab(/Temporal {8}(\S+)/),
    webUiUrl: grab(/Temporal Web UI (\S+)/),
    apiUrl: grab(/HTTP API {8}(\S+)/),
    metricsUrl: grab(/Worker metrics {2}(\S+)/),
    mailInboxUrl: grab(/Mail inbox {6}(\S+)/),
    sandboxDns: { host: '127.0.0.1', port: Number(grab(/Sandbox DNS {5}\S+:(\d+)/)) },
    sandboxHttpUrl: grab(/Sandbox proxy {3}(\S+)/),
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
