import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import type { AppConfig } from '../../config/app-config';
import type { DevStackConfig } from '../../config/dev-stack';
import { openDatabase, type Database } from '../../db/database';
import { EMBEDDED_POSTGRES_MAJOR, embeddedPassword, startEmbeddedPostgres } from '../../db/embedded-postgres';
import { migrate } from '../../db/migrate';
import { acquireHomeLock } from '../../platform/home-lock';
import type { AppLogger } from '../../platform/logger';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../worker/create-worker';
import { ensureDemoPrincipals } from '../demo-principals';
import type { StackInfo } from '../stack';
import { removeStackFile, writeStackFile } from '../stack-file';
import { startDevMail, startDevSandbox, type DevSandboxInfo } from '../dev-services';
import { freePort } from '../ports';
import { startRole, type RoleProcess } from './role-process';
import { startRoundRobinProxy } from './round-robin-proxy';
import { startTemporalOnPostgres } from './temporal-on-postgres';
import { findUiServer, startWebUi, UI_BUILD_COMMAND } from './web-ui';

/** Where everything of a running cluster profile is (printed at start, used by the test). */
export interface ClusterInfo {
  temporalAddress: string;
  namespace: string;
  temporalServer: { path: string; source: string; configFile: string };
  webUiUrl?: string;
  /** Why there is no Web UI, when there is none. */
  webUiMissing?: string;
  databaseUrl: string;
  database: { version: number; passwordFile: string; dataDir: string };
  /** The one address of the API replicas (the round-robin proxy). */
  apiUrl: string;
  apiReplicas: string[];
  workers: Array<{ name: string; pid: number; metricsUrl: string }>;
  mailInboxUrl?: string;
  sandbox?: DevSandboxInfo;
  demoTokensFile: string;
  dataDir: string;
  logDir: string;
}

/** A running cluster profile; the test kills and restarts its roles. */
export interface Cluster {
  info: ClusterInfo;
  db: Database;
  workers: RoleProcess[];
  apis: RoleProcess[];
  /** Starts worker `i` again (after it died or was killed). */
  restartWorker(i: number): Promise<RoleProcess>;
  /** Stops API replica `i` gracefully and starts it again on the same port. */
  restartApi(i: number): Promise<RoleProcess>;
  /**
   * Shuts PostgreSQL down (fast: every connection of the Temporal server, the workers and the APIs is cut), keeps
   * it down for `downMs`, and starts it again from its files on the same port.
   */
  restartPostgres(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  workers?: number;
  apis?: number;
  /** Overrides of the roles' environment (tests shorten intervals). */
  roleEnv?: NodeJS.ProcessEnv;
}

/**
 * The cluster profile on one machine: PostgreSQL (its own process, password auth) holding Temporal's persistence
 * and visibility databases and the app's; the Temporal server (all services in one binary) configured for it; the
 * namespace and search attributes; MailDev and the sandbox edge when mail and edge are not configured; N workers
 * and N API replicas as separate processes (`npm run worker`, `npm run api`) behind one round-robin address; the
 * Web UI when its server is built. Everything lives under `<home>/data`; the home is locked for the lifetime.
 */
export async function startCluster(
  config: AppConfig,
  dev: DevStackConfig,
  logger: AppLogger,
  baseEnv: NodeJS.ProcessEnv = process.env,
  options: ClusterOptions = {},
): Promise<Cluster> {
  const host = dev.host;
  const lock = await acquireHomeLock(config.home, {});
  const stops: Array<() => Promise<void>> = [() => lock.release()];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
    stops.length = 0;
  };
  try {
    const dataDir = path.join(config.home, 'data');
    const clusterDir = path.join(dataDir, 'cluster');
    const logDir = path.join(clusterDir, 'logs');
    await mkdir(logDir, { recursive: true });

    // PostgreSQL: one server, three databases (Temporal's two and the app's).
    const passwordFile = path.join(dataDir, 'postgres.password');
    const password = await embeddedPassword(passwordFile);
    const pgOptions = {
      dataDir: path.join(dataDir, 'postgres'),
      password,
      logFile: path.join(logDir, 'postgres.log'),
      reachableFrom: config.home,
      host,
      port: dev.databasePort,
      maxConnections: 300,
      takeOverOrphan: true,
    };
    let pg = await startEmbeddedPostgres(pgOptions);
    stops.push(() => pg.stop());
    const target = { host: pg.host, port: pg.port, user: pg.user, password };
    await ensureDatabase(target, 'terminus');
    const databaseUrl = withDatabase(pg.url, 'terminus');
    const db = openDatabase({ url: databaseUrl });
    stops.push(() => db.close());
    await migrate(db);

    // The Temporal server.
    const namespace = config.temporal.namespace;
    const temporal = await startTemporalOnPostgres({
      pg: target,
      host,
      frontendPort: dev.temporalPort,
      namespace,
      dir: clusterDir,
      logDir,
      env: baseEnv,
      log: (m) => logger.info(m),
    });
    stops.push(() => temporal.server.stop());
    const server = { path: temporal.binaries.server, source: temporal.binaries.source };
    logger.info({ ...temporal.binaries }, 'Temporal server started');

    // Settings every role gets: the same validated variables a deployment sets.
    const env: NodeJS.ProcessEnv = {
      ...baseEnv,
      TZ: 'UTC',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: namespace,
      DATABASE_URL: databaseUrl,
      TERMINUS_TASK_QUEUE: config.temporal.taskQueue,
      ...options.roleEnv,
    };
    delete env.TERMINUS_METRICS_ADDRESS;

    const mailInboxUrl = await startDevMail(env, dev, dataDir, stops);
    const sandbox: ClusterInfo['sandbox'] = (await startDevSandbox(db, env, stops))?.info;
    const demo = await ensureDemoPrincipals(db, dataDir);

    // One workflow bundle for every worker (no webpack per worker start).
    if (!env.TERMINUS_WORKFLOW_BUNDLE) {
      const bundle = path.join(clusterDir, 'workflow-bundle.js');
      await writeFile(
        bundle,
        (await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: new DefaultLogger('WARN') })).code,
      );
      env.TERMINUS_WORKFLOW_BUNDLE = bundle;
    }

    const workerCount = options.workers ?? 2;
    const apiCount = options.apis ?? 2;
    const workerMetrics = await Promise.all(Array.from({ length: workerCount }, () => freePort(host)));
    const apiPorts = await Promise.all(Array.from({ length: apiCount }, () => freePort(host)));
    const startWorker = (i: number): Promise<RoleProcess> =>
      startRole(
        'worker',
        `worker-${i + 1}`,
        { ...env, TERMINUS_METRICS_ADDRESS: `${host}:${workerMetrics[i]}` },
        path.join(logDir, `worker-${i + 1}.log`),
      );
    const startApi = (i: number): Promise<RoleProcess> =>
      startRole(
        'api',
        `api-${i + 1}`,
        {
          ...env,
          TERMINUS_API_HOST: host,
          TERMINUS_API_PORT: String(apiPorts[i]),
          // The demo moves the customer in the sandbox internet through the API, as on the embedded stack.
          ...(sandbox ? { TERMINUS_SANDBOX_ROUTES: 'on' } : {}),
        },
        path.join(logDir, `api-${i + 1}.log`),
      );
    const workers: RoleProcess[] = [];
    const apis: RoleProcess[] = [];
    stops.push(async () => {
      await Promise.all([...apis, ...workers].map((r) => r.stop()));
    });
    const started = await Promise.allSettled([
      ...Array.from({ length: workerCount }, (_, i) => startWorker(i).then((w) => (workers[i] = w))),
      ...Array.from({ length: apiCount }, (_, i) => startApi(i).then((a) => (apis[i] = a))),
    ]);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;

    const proxy = await startRoundRobinProxy(
      config.api.host,
      config.api.port,
      apiPorts.map((port) => ({ host, port })),
    );
    stops.push(() => proxy.stop());
    const apiUrl = `http://${proxy.address}`;

    let webUiUrl: string | undefined;
    let webUiMissing: string | undefined;
    const ui = await findUiServer(baseEnv);
    if (ui) {
      const web = await startWebUi({
        binary: ui,
        dir: path.join(clusterDir, 'ui'),
        host,
        port: dev.temporalUiPort || (await freePort(host)),
        temporalAddress: temporal.address,
        namespace,
        logFile: path.join(logDir, 'web-ui.log'),
      });
      stops.push(() => web.stop());
      webUiUrl = web.url;
    } else {
      webUiMissing = `not built; to have it: ${UI_BUILD_COMMAND}`;
    }
    await lock.update({ api: proxy.address, temporal: temporal.address });

    const info: ClusterInfo = {
      temporalAddress: temporal.address,
      namespace,
      temporalServer: {
        path: server.path,
        source: server.source,
        configFile: path.join(clusterDir, 'temporal-server.yaml'),
      },
      webUiUrl,
      webUiMissing,
      databaseUrl,
      database: { version: EMBEDDED_POSTGRES_MAJOR, passwordFile, dataDir: pg.dataDir },
      apiUrl,
      apiReplicas: apiPorts.map((p) => `http://${host}:${p}`),
      workers: workers.map((w, i) => ({
        name: w.name,
        pid: w.pid,
        metricsUrl: `http://${host}:${workerMetrics[i]}/metrics`,
      })),
      mailInboxUrl,
      sandbox,
      demoTokensFile: demo.file,
      dataDir,
      logDir,
    };
    // `npm run demo` (and any tool) finds the running profile as it finds `npm start`'s stack.
    await writeStackFile(stackInfoOf(info));
    stops.push(() => removeStackFile(dataDir));
    return {
      info,
      db,
      workers,
      apis,
      async restartWorker(i) {
        if (workers[i]?.alive()) await workers[i].stop();
        workers[i] = await startWorker(i);
        return workers[i];
      },
      async restartApi(i) {
        await apis[i]?.stop();
        apis[i] = await startApi(i);
        return apis[i];
      },
      async restartPostgres(downMs = 0) {
        await pg.stop();
        await new Promise((r) => setTimeout(r, downMs));
        pg = await startEmbeddedPostgres({ ...pgOptions, port: pg.port });
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The cluster's addresses in the shape of the embedded stack's stack file (the API is the round-robin address). */
function stackInfoOf(info: ClusterInfo): StackInfo {
  return {
    temporalAddress: info.temporalAddress,
    namespace: info.namespace,
    webUiUrl: info.webUiUrl,
    databaseUrl: info.databaseUrl,
    databaseEmbedded: true,
    embeddedDatabase: info.database,
    apiUrl: info.apiUrl,
    metricsUrl: info.workers[0]?.metricsUrl,
    dataDir: info.dataDir,
    demoTokensFile: info.demoTokensFile,
    mailInboxUrl: info.mailInboxUrl,
    sandbox: info.sandbox,
  };
}

/** `postgres://u:p@h:port/postgres` -> the same server, database `name`. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function ensureDatabase(pg: { host: string; port: number; user: string; password: string }, name: string) {
  const client = new PgClient({ ...pg, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}
