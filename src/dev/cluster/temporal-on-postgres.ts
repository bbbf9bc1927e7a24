import path from 'node:path';
import { prepareNamespace } from './namespace';
import { temporalServerPorts } from './ports';
import {
  forgetOldMembers,
  resolveSqlTool,
  resolveTemporalServer,
  setupTemporalSchemas,
  startTemporalServer,
  type PostgresTarget,
  type TemporalServer,
} from './temporal-server';

/** Where the Temporal server runs and what it keeps; `frontendPort` 0 picks a free one. */
export interface TemporalOnPostgresOptions {
  pg: PostgresTarget;
  host: string;
  frontendPort: number;
  namespace: string;
  /** The server's own folder (its configuration) and where its schema and server logs go. */
  dir: string;
  logDir: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
}

/** The running server, the binaries it was found as (built once and cached, or given), and how to stop it. */
export interface TemporalOnPostgres {
  address: string;
  server: TemporalServer;
  binaries: { server: string; source: string; sqlTool: string };
}

/**
 * The one order the production-shaped Temporal server starts in, for the cluster profile and the benchmarks that
 * run on it: find (or build once) the server and its SQL tool, bring both schemas up to date, forget the cluster
 * members a killed server left (their stale addresses would be dialled first), start on ports the membership table
 * can store, and register the namespace and search attributes. A failure after the server started stops it.
 */
export async function startTemporalOnPostgres(o: TemporalOnPostgresOptions): Promise<TemporalOnPostgres> {
  const server = await resolveTemporalServer(o.env, o.log);
  const sqlTool = await resolveSqlTool(o.env, o.log);
  await setupTemporalSchemas(o.pg, { sqlTool: sqlTool.path, env: o.env, logFile: path.join(o.logDir, 'schema.log') });
  await forgetOldMembers(o.pg);
  const running = await startTemporalServer({
    serverPath: server.path,
    dir: o.dir,
    host: o.host,
    ports: await temporalServerPorts(o.host, o.frontendPort),
    pg: o.pg,
    logFile: path.join(o.logDir, 'temporal-server.log'),
  });
  try {
    await prepareNamespace({ address: running.address, namespace: o.namespace, log: o.log });
  } catch (err) {
    await running.stop();
    throw err;
  }
  return {
    address: running.address,
    server: running,
    binaries: { server: server.path, source: server.source, sqlTool: sqlTool.path },
  };
}
