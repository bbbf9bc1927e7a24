import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../../src/db/embedded-postgres';
import { prepareNamespace } from '../../../src/dev/cluster/namespace';
import { temporalServerPorts } from '../../../src/dev/cluster/ports';
import {
  forgetOldMembers,
  setupTemporalSchemas,
  startTemporalServer,
  type TemporalServer,
} from '../../../src/dev/cluster/temporal-server';
import { startDevServer, type DevServer } from '../../../src/dev/temporal-dev-server';
import { faultsProfile } from './profile';

/** A Temporal server that can be stopped and started again on the same port with the same persisted state. */
export interface RestartableTemporal {
  readonly address: string;
  /** `embedded`: the CLI's dev server on SQLite; `cluster`: the Temporal server v1.32.1 on PostgreSQL. */
  readonly profile: 'embedded' | 'cluster';
  readonly running: boolean;
  /** Stops the server (SIGTERM; everything is persisted). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same store; resolves once its frontend answers. */
  start(): Promise<void>;
  /** Stops it for good, with what it alone used (the cluster profile's PostgreSQL). */
  close(): Promise<void>;
}

/**
 * The fault suite's Temporal, for the profile the suite runs (`TERMINUS_FAULTS_PROFILE`): the embedded stack's dev
 * server, or the cluster profile's real server with its own PostgreSQL holding persistence and visibility. Either
 * keeps its port across restarts, so clients and workers keep their address.
 */
export function startRestartableTemporal(dir: string): Promise<RestartableTemporal> {
  return faultsProfile() === 'cluster' ? clusterTemporal(dir) : devServer(dir);
}

async function devServer(dir: string): Promise<RestartableTemporal> {
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
    profile: 'embedded',
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
    async close() {
      await server?.stop();
      server = undefined;
    },
  };
}

/**
 * The cluster profile's server, as `npm run cluster` runs it: schemas set up with the release's SQL tool, the
 * `default` namespace registered with every search attribute. A restart forgets the old membership rows first (the
 * same ports are reused, but the host identity changes), as the cluster profile does.
 */
async function clusterTemporal(dir: string): Promise<RestartableTemporal> {
  const serverPath = process.env.TERMINUS_TEMPORAL_SERVER;
  const sqlTool = process.env.TERMINUS_TEMPORAL_SQL_TOOL;
  if (!serverPath || !sqlTool) {
    throw new Error('TERMINUS_TEMPORAL_SERVER is unset: run the fault suite through `npm run test:faults:cluster`');
  }
  const password = randomBytes(18).toString('base64url');
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'temporal-postgres'),
    password,
    reachableFrom: dir,
    durable: false,
    maxConnections: 200,
  });
  const pg = { host: postgres.host, port: postgres.port, user: postgres.user, password };
  const logFile = path.join(dir, 'temporal.log');
  try {
    await setupTemporalSchemas(pg, { sqlTool, env: process.env, logFile });
    const ports = await temporalServerPorts('127.0.0.1', 0);
    const options = { serverPath, dir: path.join(dir, 'temporal'), host: '127.0.0.1', ports, pg, logFile };
    let server: TemporalServer | undefined = await startTemporalServer(options);
    await prepareNamespace({ address: server.address, namespace: 'default' });
    return {
      address: server.address,
      profile: 'cluster',
      get running() {
        return server !== undefined;
      },
      async stop() {
        await server?.stop();
        server = undefined;
      },
      async start() {
        if (server) return;
        await forgetOldMembers(pg);
        server = await startTemporalServer(options);
      },
      async close() {
        await server?.stop();
        server = undefined;
        await postgres.stop();
      },
    };
  } catch (err) {
    await postgres.stop();
    throw err;
  }
}
