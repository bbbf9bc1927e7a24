import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The embedded stack's mail server: MailDev (SMTP + a web inbox + REST API), so a person can read the notices
 * the stack just sent. MailDev 3 is an ES module that loads a web UI, fastify and jsdom, so it runs in its own
 * child Node process: the app (CommonJS, also run under jest) never imports it, its memory stays out of the
 * worker, and `stop()` ends it for sure. The child exits by itself when its parent dies (IPC disconnect).
 */

/** Where MailDev listens. Ports may be 0 (the OS picks; the actual ports are in the result). */
export interface MailDevOptions {
  /** Keep received mail here across restarts; omit for an in-memory inbox. */
  dataDir?: string;
  smtpPort: number;
  webPort: number;
  /** Loopback only: the inbox has no authentication. */
  host: '127.0.0.1';
  /** How long to wait for the child to listen (a cold start on a busy 2-core machine takes a few seconds). */
  startTimeoutMs?: number;
}

/** A running MailDev. */
export interface MailDev {
  /** An `SMTP_URL` value for the app (`smtp://127.0.0.1:port`). */
  smtpUrl: string;
  /** The web inbox; its REST API is under `/api` (e.g. `GET /api/email`). */
  webUrl: string;
  stop(): Promise<void>;
}

type ChildMessage = { type: 'ready'; smtpPort: number; webPort: number } | { type: 'error'; message: string };

// The child: plain ESM, configured through one environment variable, answering over IPC.
const CHILD_SOURCE = `
const cfg = JSON.parse(process.env.TERMINUS_MAILDEV_CONFIG);
const { MailDev } = await import(cfg.entry);
const md = new MailDev({ smtp: cfg.smtpPort, web: cfg.webPort, ip: cfg.host, webIp: cfg.host,
  ...(cfg.dataDir ? { mailDirectory: cfg.dataDir } : {}), silent: true });
let stopping;
const stop = () => (stopping ??= md.stop().catch(() => {}).finally(() => process.exit(0)));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('message', (m) => { if (m && m.type === 'stop') stop(); });
try {
  const s = await md.start();
  process.send({ type: 'ready', smtpPort: s.smtp.getAddress().port, webPort: s.api?.getAddress()?.port ?? 0 });
} catch (err) {
  process.send({ type: 'error', message: String(err && err.stack || err) }, () => process.exit(1));
}
`;

/** Finds MailDev's ES module entry the way Node would, walking up from this file (its `exports` has no `require`). */
export function findMailDevEntry(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkgFile = path.join(dir, 'node_modules', 'maildev', 'package.json');
    if (existsSync(pkgFile)) {
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
        main?: string;
        exports?: { '.'?: { import?: string } };
      };
      const rel = pkg.exports?.['.']?.import ?? pkg.main ?? 'index.js';
      return pathToFileURL(path.join(path.dirname(pkgFile), rel)).href;
    }
    if (path.dirname(dir) === dir) throw new Error('the maildev package is not installed (npm install maildev)');
  }
}

/** Starts MailDev in a child process and resolves once both its SMTP server and web inbox listen. */
export function startMailDev(options: MailDevOptions): Promise<MailDev> {
  const config = {
    entry: findMailDevEntry(),
    smtpPort: options.smtpPort,
    webPort: options.webPort,
    host: options.host,
    dataDir: options.dataDir,
  };
  const child = spawn(process.execPath, ['--input-type=module', '--eval', CHILD_SOURCE], {
    env: { ...process.env, TERMINUS_MAILDEV_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<MailDev>((resolve, reject) => {
    const fail = (why: string): void => {
      cleanup();
      void stop().finally(() =>
        reject(new Error(`MailDev did not start: ${why}${stderr ? ` (stderr: ${stderr.trim()})` : ''}`)),
      );
    };
    const timer = setTimeout(
      () => fail(`no answer within ${options.startTimeoutMs ?? 30_000} ms`),
      options.startTimeoutMs ?? 30_000,
    );
    const onMessage = (m: ChildMessage): void => {
      if (m.type === 'error') return fail(m.message);
      cleanup();
      // The IPC channel stays open (it is how the child learns its parent died) but must not keep us alive.
      child.unref();
      (child.channel as { unref?: () => void } | undefined)?.unref?.();
      resolve({
        smtpUrl: `smtp://${options.host}:${m.smtpPort}`,
        webUrl: `http://${options.host}:${m.webPort}/`,
        stop,
      });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => fail(`exited (${signal ?? code})`);
    const onError = (err: Error): void => fail(err.message);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}
