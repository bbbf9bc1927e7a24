import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { startProcess, type ManagedProcess } from '../child-process';
import { waitForPort } from '../ports';

const run = promisify(execFile);

/** The Temporal server release the cluster profile runs (DESIGN.md: "the Temporal server v1.32.1"). */
export const TEMPORAL_SERVER_VERSION = 'v1.32.1';
const MODULE = 'go.temporal.io/server';

/** `~/.cache/terminus/temporal-server-v1.32.1`: the server and its SQL tool, built once per machine. */
export const serverCacheDir = (): string =>
  path.join(os.homedir(), '.cache', 'terminus', `temporal-server-${TEMPORAL_SERVER_VERSION}`);

const isExecutable = (file: string): Promise<boolean> =>
  access(file, constants.X_OK).then(
    () => true,
    () => false,
  );

/** The Go toolchain: `go` on PATH, or the default install folder. */
async function goBinary(env: NodeJS.ProcessEnv): Promise<string> {
  for (const dir of [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/local/go/bin']) {
    if (await isExecutable(path.join(dir, 'go'))) return path.join(dir, 'go');
  }
  throw new Error('the Go toolchain (go) is needed to build the Temporal server and is not on PATH');
}

/**
 * Finds an executable in this order: the explicit env path, `PATH` (`command`), the cache folder (`cached`); when
 * none has it, builds it with `go install <pkg>@v1.32.1` into the cache (GOBIN) and says so.
 */
async function findOrBuild(
  what: { envVar: string; command: string; cached: string; pkg: string },
  env: NodeJS.ProcessEnv,
  log: (m: string) => void,
): Promise<{ path: string; source: 'env' | 'path' | 'cache' | 'built' }> {
  const explicit = env[what.envVar];
  if (explicit) {
    if (await isExecutable(path.resolve(explicit))) return { path: path.resolve(explicit), source: 'env' };
    throw new Error(`${what.envVar}=${explicit} is not an executable file`);
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.resolve(dir, what.command);
    if (await isExecutable(candidate)) return { path: candidate, source: 'path' };
  }
  const cached = path.join(serverCacheDir(), what.cached);
  if (await isExecutable(cached)) return { path: cached, source: 'cache' };
  log(`building ${what.pkg}@${TEMPORAL_SERVER_VERSION} with go install into ${serverCacheDir()} (about 6 minutes)`);
  await mkdir(serverCacheDir(), { recursive: true });
  await run(await goBinary(env), ['install', `${what.pkg}@${TEMPORAL_SERVER_VERSION}`], {
    env: { ...env, GOBIN: serverCacheDir() },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!(await isExecutable(cached))) throw new Error(`go install did not produce ${cached}`);
  return { path: cached, source: 'built' };
}

/** The Temporal server binary: `TERMINUS_TEMPORAL_SERVER`, `temporal-server` on PATH, the cache, or a build. */
export function resolveTemporalServer(env: NodeJS.ProcessEnv, log: (m: string) => void) {
  const spec = { envVar: 'TERMINUS_TEMPORAL_SERVER', command: 'temporal-server', cached: 'server' };
  return findOrBuild({ ...spec, pkg: `${MODULE}/cmd/server` }, env, log);
}

/** The schema tool (`temporal-sql-tool`): `TERMINUS_TEMPORAL_SQL_TOOL`, PATH, the cache (`sql`), or a build. */
export function resolveSqlTool(env: NodeJS.ProcessEnv, log: (m: string) => void) {
  const spec = { envVar: 'TERMINUS_TEMPORAL_SQL_TOOL', command: 'temporal-sql-tool', cached: 'sql' };
  return findOrBuild({ ...spec, pkg: `${MODULE}/cmd/tools/sql` }, env, log);
}

/** Where the server module's versioned PostgreSQL schemas are (the Go module cache, downloaded on demand). */
export async function schemaDirs(env: NodeJS.ProcessEnv): Promise<{ temporal: string; visibility: string }> {
  const go = await goBinary(env);
  const modcache = (await run(go, ['env', 'GOMODCACHE'], { env })).stdout.trim();
  const root = path.join(modcache, `${MODULE}@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
  if (!(await isExecutable(path.join(root, 'temporal', 'versioned')))) {
    // Not in the cache yet: fetch the module source (no build).
    const tmp = path.join(os.tmpdir(), 'terminus-go-mod');
    await mkdir(tmp, { recursive: true });
    await run(go, ['mod', 'download', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], { env, cwd: tmp });
  }
  return { temporal: path.join(root, 'temporal', 'versioned'), visibility: path.join(root, 'visibility', 'versioned') };
}

/** A PostgreSQL server Temporal keeps its two databases on. */
export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The databases of the default (persistence) and visibility stores. */
export const TEMPORAL_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;

/**
 * Creates the persistence and visibility databases when missing and brings both schemas to the release's latest
 * version with the SQL tool (`setup-schema -v 0.0` once, then `update-schema` every time: a no-op when current).
 */
export async function setupTemporalSchemas(
  pg: PostgresTarget,
  tools: { sqlTool: string; env: NodeJS.ProcessEnv; logFile: string },
): Promise<void> {
  const dirs = await schemaDirs(tools.env);
  const admin = new PgClient({
    host: pg.host,
    port: pg.port,
    user: pg.user,
    password: pg.password,
    database: 'postgres',
  });
  await admin.connect();
  const fresh: string[] = [];
  try {
    for (const db of Object.values(TEMPORAL_DATABASES)) {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (found.rowCount === 0) {
        await admin.query(`CREATE DATABASE ${db}`);
        fresh.push(db);
      }
    }
  } finally {
    await admin.end();
  }
  const base = ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user];
  const env = { ...tools.env, SQL_PASSWORD: pg.password };
  const sql = async (db: string, args: string[]): Promise<void> => {
    await runLogged(tools.sqlTool, [...base, '--db', db, ...args], env, tools.logFile);
  };
  for (const [db, dir] of [
    [TEMPORAL_DATABASES.default, dirs.temporal],
    [TEMPORAL_DATABASES.visibility, dirs.visibility],
  ] as const) {
    if (fresh.includes(db)) await sql(db, ['setup-schema', '-v', '0.0']);
    await sql(db, ['update-schema', '-d', dir]);
  }
}

/**
 * Forgets the members a previous run of our server left in `cluster_membership` (their ports were picked then and
 * are gone now): otherwise the new server spends its join timeout (30 s, then a retry) trying to reach them. Only
 * for a server the caller owns alone (the cluster profile holds its home's lock).
 */
export async function forgetOldMembers(pg: PostgresTarget): Promise<number> {
  const client = new PgClient({ ...pg, database: TEMPORAL_DATABASES.default });
  await client.connect();
  try {
    return (await client.query('DELETE FROM cluster_membership')).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/** Runs a command to completion, its output appended to `logFile`; a failure carries the output's tail. */
function runLogged(cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = startProcess(cmd, args, { name: path.basename(cmd), env, logFile });
    proc.child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(proc.exitReason() ?? `${cmd} ${args.join(' ')} failed`));
    });
  });
}

/** The ports the server listens on; membership ports are stored as smallint, so they must stay below 32768. */
export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** A single-binary, development-style server config: all four services, PostgreSQL for both stores. */
export function serverConfigYaml(o: {
  host: string;
  ports: TemporalServerPorts;
  pg: PostgresTarget;
  dynamicConfig: string;
}) {
  const store = (db: string, conns: number) => `      sql:
        pluginName: "postgres12"
        databaseName: "${db}"
        connectAddr: "${o.pg.host}:${o.pg.port}"
        connectProtocol: "tcp"
        user: ${JSON.stringify(o.pg.user)}
        password: ${JSON.stringify(o.pg.password)}
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: "1h"`;
  const service = (name: string, grpc: number, membership: number, http?: number) => `  ${name}:
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnIP: "${o.host}"${http ? `\n      httpPort: ${http}` : ''}`;
  const p = o.ports;
  return `# Written by npm run cluster at every start; see deploy/temporal/ for the deployment reference.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
${store(TEMPORAL_DATABASES.default, 20)}
    postgres-visibility:
${store(TEMPORAL_DATABASES.visibility, 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "${o.host}"
services:
${service('frontend', p.frontend, p.frontendMembership, p.frontendHttp)}
${service('history', p.history, p.historyMembership)}
${service('matching', p.matching, p.matchingMembership)}
${service('worker', p.worker, p.workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "${o.host}:${p.frontend}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: ${JSON.stringify(o.dynamicConfig)}
  pollInterval: "10s"
`;
}

/** Dynamic config: search attributes registered by the cluster profile are readable at once; updates on. */
const DYNAMIC_CONFIG = `system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
    constraints: {}
frontend.enableUpdateWorkflowExecution:
  - value: true
`;

/** A running Temporal server process. */
export interface TemporalServer {
  address: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Writes the config under `dir` and starts the server; resolves once the frontend's port accepts connections. */
export async function startTemporalServer(o: {
  serverPath: string;
  dir: string;
  host: string;
  ports: TemporalServerPorts;
  pg: PostgresTarget;
  logFile: string;
  startTimeoutMs?: number;
}): Promise<TemporalServer> {
  await mkdir(o.dir, { recursive: true });
  const dynamicConfig = path.join(o.dir, 'dynamicconfig.yaml');
  const configFile = path.join(o.dir, 'temporal-server.yaml');
  await writeFile(dynamicConfig, DYNAMIC_CONFIG);
  // The file holds the database password: readable by this user only.
  await writeFile(configFile, serverConfigYaml({ ...o, dynamicConfig }), { mode: 0o600 });
  const proc = startProcess(o.serverPath, ['--config-file', configFile, '--allow-no-auth', 'start'], {
    name: 'temporal server',
    logFile: o.logFile,
  });
  try {
    await waitForPort(o.host, o.ports.frontend, o.startTimeoutMs ?? 120_000, () => proc.exitReason());
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { address: `${o.host}:${o.ports.frontend}`, process: proc, stop: () => proc.stop(15_000) };
}
