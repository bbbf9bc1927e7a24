import path from 'node:path';
import { startDevServer, type DevServer } from '../../../src/dev/temporal-dev-server';

/** A file-backed Temporal dev server that can be stopped and started again on the same port and SQLite file. */
export interface RestartableTemporal {
  readonly address: string;
  readonly running: boolean;
  /** Stops the server (SIGTERM; everything is in the SQLite file). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same file; resolves once its frontend answers. */
  start(): Promise<void>;
}

/**
 * Starts the dev server with our own launcher (`startDevServer`, as the embedded stack does) persisted to
 * `<dir>/temporal.sqlite`, headless, on a free port that every later start reuses, so clients and workers keep
 * their address across a restart.
 */
export async function startRestartableTemporal(dir: string): Promise<RestartableTemporal> {
  const cliPath = process.env.TERMINUS_TEMPORAL_CLI;
  if (!cliPath) throw new Error('TERMINUS_TEMPORAL_CLI is unset: run the fault suite through `npm run test:faults`');
  const options = {
    cliPath,
    dbFile: path.join(dir, 'temporal.sqlite'),
    uiPort: false as const,
    logFile: path.join(dir, 'temporal.log'),
    startTimeoutMs: 120_000,
  };
  let server: DevServer | undefined = await startDevServer(options);
  const address = server.address;
  const port = Number(address.split(':').pop());
  return {
    address,
    get running() {
      return server !== undefined;
    },
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      if (server) return;
      server = await startDevServer({ ...options, port });
    },
  };
}
