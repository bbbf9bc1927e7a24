import { Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { startProcess } from './child-process';
import { freePort, retryOnAddressInUse, waitForPort } from './ports';

/** A Temporal dev server we started (Temporal CLI `server start-dev`). */
export interface DevServer {
  /** gRPC frontend, `host:port`. */
  address: string;
  /** Web UI, or undefined when headless. */
  uiUrl?: string;
  namespace: string;
  stop(): Promise<void>;
}

/** How to run it. `dbFile` persists everything (the embedded stack); omitted, it is in memory (tests). */
export interface DevServerOptions {
  cliPath: string;
  dbFile?: string;
  host?: string;
  port?: number;
  /** 0 or undefined picks a free port; `false` runs headless (no Web UI). */
  uiPort?: number | false;
  namespace?: string;
  logFile?: string;
  /** A slow first start on 2 cores (SQLite schema creation) can take a while; the SDK would wait only 5 s. */
  startTimeoutMs?: number;
}

/**
 * Starts the dev server ourselves (not through the SDK) and waits until its frontend answers, so a slow start
 * is not mistaken for a failure. Our custom search attributes are registered by the start flags; registering
 * them again on a persisted database is harmless. The CLI picks its HTTP API port itself, and ours are picked
 * before it binds them: a start that lost one of them to another process is tried again on new ports.
 */
export function startDevServer(options: DevServerOptions): Promise<DevServer> {
  return retryOnAddressInUse(() => startOnce(options));
}

async function startOnce(options: DevServerOptions): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const namespace = options.namespace ?? 'default';
  const uiPort = options.uiPort === false ? undefined : options.uiPort || (await freePort(host));
  const args = ['server', 'start-dev', '--ip', host, '--port', String(port), '--namespace', namespace];
  args.push('--log-format', 'json', '--log-level', 'warn');
  if (options.dbFile) {
    // Write-ahead log, synced at checkpoints: a commit costs an append instead of rewriting pages behind a rollback
    // journal with fsyncs. A crash of the server (or a SIGKILL) loses nothing committed; only a power cut can lose
    // the last moments, which is the trade a single-machine dev server should make.
    args.push('--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=wal');
    args.push('--sqlite-pragma', 'synchronous=normal');
  }
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-ip', host, '--ui-port', String(uiPort));
  for (const key of ALL_SEARCH_ATTRIBUTES) {
    args.push('--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`);
  }
  const proc = startProcess(options.cliPath, args, { name: 'temporal dev server', logFile: options.logFile });
  try {
    await waitForPort(host, port, options.startTimeoutMs ?? 60_000, () => proc.exitReason());
    await waitForFrontend(`${host}:${port}`, namespace, options.startTimeoutMs ?? 60_000, () => proc.exitReason());
    if (uiPort !== undefined) await waitForPort(host, uiPort, 30_000, () => proc.exitReason());
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    address: `${host}:${port}`,
    uiUrl: uiPort === undefined ? undefined : `http://${host}:${uiPort}`,
    namespace,
    stop: () => proc.stop(10_000),
  };
}

/**
 * The port opens before the namespace is ready; wait until describing it succeeds. A server that exited meanwhile
 * (its port was someone else's, which also answers TCP) is reported at once with its reason, not after the timeout.
 */
export async function waitForFrontend(
  address: string,
  namespace: string,
  timeoutMs: number,
  isDead: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const dead = isDead();
    if (dead) throw new Error(dead);
    const connection = await Connection.connect({ address, connectTimeout: 2000 }).catch((err: unknown) => {
      lastError = err;
      return undefined;
    });
    if (connection) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        lastError = err;
      } finally {
        await connection.close();
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Temporal at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}`);
}
