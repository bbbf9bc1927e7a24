import path from 'node:path';
import { mkdir, stat } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createApiApp, defaultCaseService } from '../api/app';
import { DEFAULT_API_CONFIG, loadApiConfig } from '../config/api';
import { loadConsoleConfig } from '../config/oidc';
import { createConsoleApp } from '../console/console-app';
import { withConsole } from '../console/serve';
import { TemporalWatchReader } from '../console/watch-reader';
import { AuditLog } from '../services/access/audit-log';
import { loadPolicy } from '../config/policy';
import { ensureDemoPrincipals } from './demo-principals';
import { startApiServer } from '../api/server';
import type { AppConfig } from '../config/app-config';
import type { DevStackConfig } from '../config/dev-stack';
import { openDatabase, type Database } from '../db/database';
import { EMBEDDED_POSTGRES_MAJOR, embeddedPassword, startEmbeddedPostgres } from '../db/embedded-postgres';
import { migrate } from '../db/migrate';
import { startDevServer } from './temporal-dev-server';
import type { AppLogger } from '../platform/logger';
import { binaryCacheDir } from '../platform/paths';
import { acquireHomeLock, type HomeLock } from '../platform/home-lock';
import { resolveTemporalBinary } from './temporal-binaries';
import { createAccountItemStore } from '../activities/account-items-store';
import { buildActivities } from '../worker/activities';
import { buildActivityDeps } from '../worker/activity-deps';
import { createSandboxControl } from './sandbox-control';
import {
  type DevSandboxInfo,
  startDevMail,
  startDevOidc,
  startDevSandbox,
  startDevTransparencyDb,
} from './dev-services';
import { createTerminusWorker } from '../worker/create-worker';

/** Where everything of a running stack is, printed at start and used by tests and the demo. */
export interface StackInfo {
  temporalAddress: string;
  namespace: string;
  webUiUrl?: string;
  databaseUrl: string;
  /** Set when the stack runs its own PostgreSQL: its major version and the file holding its password (0600). */
  databaseEmbedded: boolean;
  embeddedDatabase?: { version: number; passwordFile: string; dataDir: string };
  apiUrl: string;
  metricsUrl?: string;
  dataDir: string;
  /** The demo principals' tokens (one per role), mode 0600. */
  demoTokensFile: string;
  /** MailDev's web inbox, when the stack started MailDev (no `SMTP_URL`). */
  mailInboxUrl?: string;
  /** The sandbox edge's DNS server and HTTP proxy, when the edge is the sandbox. */
  sandbox?: DevSandboxInfo;
  /** The DSA Transparency Database stand-in's list of stored statements, when the stack started it. */
  dsaStandInUrl?: string;
  /** The reviewer console and the identity provider it signs staff in with (when one is configured or embedded). */
  consoleUrl?: string;
  oidcIssuer?: string;
  /** The embedded provider's demo accounts and password (mode 0600), when the stack runs it. */
  signInFile?: string;
}

/** A running stack; `stop` takes it down in reverse order of start. */
export interface Stack {
  info: StackInfo;
  db: Database;
  stop(): Promise<void>;
}

/**
 * Starts the embedded stack: the Temporal dev server persisted to a SQLite file (unless `TEMPORAL_ADDRESS` names
 * one), a PostgreSQL 18 server of its own with migrations applied (unless `DATABASE_URL` names a PostgreSQL), the
 * worker and the HTTP API. Everything lives under `<home>/data`, so a restart keeps it all. The stack owns its home
 * for its lifetime (`<home>/stack.lock`): pass the lock when the caller took it already (`npm start` takes it before
 * anything else), otherwise the stack takes it and fails with {@link HomeInUseError} when another stack holds it.
 * The sandbox is seeded on the database's first start only; `resetSandbox` (`npm start -- --reset`) seeds it again.
 */
export async function startStack(
  config: AppConfig,
  dev: DevStackConfig,
  logger: AppLogger,
  baseEnv: NodeJS.ProcessEnv = process.env,
  options: { lock?: HomeLock; resetSandbox?: boolean } = {},
): Promise<Stack> {
  // Settings the stack fills in for the services it starts itself; anything the caller set wins.
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  const lock = options.lock ?? (await acquireHomeLock(config.home, configuredEndpoints(config, dev)));
  const stops: Array<() => Promise<void>> = [() => lock.release()];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
  };
  try {
    const dataDir = path.join(config.home, 'data');
    if (!config.databaseUrl) await refusePgliteData(dataDir);
    await mkdir(dataDir, { recursive: true });

    let temporal = { address: '', uiUrl: undefined as string | undefined, namespace: config.temporal.namespace };
    if (config.temporal.external) {
      temporal.address = config.temporal.connection.address ?? 'localhost:7233';
    } else {
      const cli = await resolveTemporalBinary('cli', { cacheDir: binaryCacheDir(), log: (m) => logger.info(m) });
      logger.info({ path: cli.path, source: cli.source }, 'Temporal CLI found');
      const server = await startDevServer({
        cliPath: cli.path,
        dbFile: path.join(dataDir, 'temporal.sqlite'),
        host: dev.host,
        port: dev.temporalPort,
        uiPort: dev.temporalUiPort,
        namespace: config.temporal.namespace,
        logFile: path.join(dataDir, 'temporal.log'),
      });
      stops.push(() => server.stop());
      temporal = { address: server.address, uiUrl: server.uiUrl, namespace: server.namespace };
    }
    const connectionOptions = config.temporal.external ? config.temporal.connection : { address: temporal.address };

    let databaseUrl = config.databaseUrl;
    let embeddedDatabase: StackInfo['embeddedDatabase'];
    if (!databaseUrl) {
      const passwordFile = path.join(dataDir, 'postgres.password');
      const started = Date.now();
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        password: await embeddedPassword(passwordFile),
        logFile: path.join(dataDir, 'postgres.log'),
        reachableFrom: config.home,
        host: dev.host,
        port: dev.databasePort,
        // We hold the home's lock: a server still running on its folder was left by a stack that died.
        takeOverOrphan: true,
      });
      stops.push(() => pg.stop());
      logger.info(
        { port: pg.port, serverPid: pg.pid, created: pg.created, ms: Date.now() - started },
        `PostgreSQL ${EMBEDDED_POSTGRES_MAJOR} started`,
      );
      databaseUrl = pg.url;
      embeddedDatabase = { version: EMBEDDED_POSTGRES_MAJOR, passwordFile, dataDir: pg.dataDir };
      await lock.update({ database: `${pg.host}:${pg.port}` });
    }
    const db = openDatabase({ url: databaseUrl });
    stops.push(() => db.close());
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'database migrations applied');

    const mailInboxUrl = await startDevMail(env, dev, dataDir, stops);
    const sandbox = await startDevSandbox(db, env, stops, { resetSandbox: options.resetSandbox });
    const sandboxInfo: StackInfo['sandbox'] = sandbox?.info;
    const runningSandbox = sandbox?.running;
    const dsaStandInUrl = await startDevTransparencyDb(env, stops);

    const nativeConnection = await NativeConnection.connect(connectionOptions);
    stops.push(() => nativeConnection.close());
    const worker: Worker = await createTerminusWorker({
      connection: nativeConnection,
      config,
      activities: buildActivities(buildActivityDeps({ db, env, sandbox: runningSandbox })),
    });
    const workerRun = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
    });

    const connection = await Connection.connect(connectionOptions);
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: temporal.namespace });
    const apiConfig = { ...DEFAULT_API_CONFIG, ...loadApiConfig(env) };
    // One case service for the API and the console: an action through either shows at once in both.
    const policy = loadPolicy(env.TERMINUS_POLICY_FILE);
    const cases = defaultCaseService({ client, db, taskQueue: config.temporal.taskQueue, policy }, apiConfig);
    let consoleApp: ReturnType<typeof createConsoleApp> | undefined;
    const api = await startApiServer(
      withConsole(
        createApiApp({
          client,
          db,
          taskQueue: config.temporal.taskQueue,
          policy,
          config: apiConfig,
          cases,
          logger,
          items: createAccountItemStore(db),
          ...(runningSandbox ? { sandbox: createSandboxControl(db) } : {}),
        }),
        () => consoleApp,
      ),
      config.api.host,
      config.api.port,
    );
    stops.push(() => api.stop());
    // The console signs staff in through an OIDC provider: the embedded one unless OIDC_ISSUER names another.
    const signIn = await startDevOidc(env, dataDir, api.url, stops);
    const consoleConfig = loadConsoleConfig(env, {
      TERMINUS_CONSOLE_URL: `${api.url}/console`,
      TEMPORAL_NAMESPACE: temporal.namespace,
      ...(temporal.uiUrl ? { TERMINUS_TEMPORAL_UI_URL: temporal.uiUrl } : {}),
    });
    if (consoleConfig) {
      consoleApp = createConsoleApp({
        db,
        cases,
        audit: new AuditLog(db),
        config: consoleConfig,
        destructiveRate: apiConfig.destructiveRate,
        logger,
        watches: new TemporalWatchReader(client, db),
      });
    }
    await lock.update({ api: api.url, temporal: temporal.address });
    const demo = await ensureDemoPrincipals(db, dataDir);
    logger.info(
      { file: demo.file, created: demo.created },
      'demo principals: one token per role in this file (mode 0600)',
    );

    return {
      info: {
        temporalAddress: temporal.address,
        namespace: temporal.namespace,
        webUiUrl: temporal.uiUrl,
        databaseUrl,
        databaseEmbedded: !config.databaseUrl,
        embeddedDatabase,
        apiUrl: api.url,
        metricsUrl: config.worker.metricsBindAddress ? `http://${config.worker.metricsBindAddress}/metrics` : undefined,
        dataDir,
        demoTokensFile: demo.file,
        ...(consoleConfig ? { consoleUrl: consoleConfig.publicUrl, oidcIssuer: consoleConfig.issuer } : {}),
        ...(signIn ? { signInFile: signIn.signInFile } : {}),
        mailInboxUrl,
        sandbox: sandboxInfo,
        ...(dsaStandInUrl ? { dsaStandInUrl } : {}),
      },
      db,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Where the stack will listen, as configured (0: a port picked at start, recorded once known). */
function configuredEndpoints(config: AppConfig, dev: DevStackConfig): Record<string, string> {
  const at = (host: string, port: number): string => (port ? `${host}:${port}` : '');
  return {
    api: at(config.api.host, config.api.port),
    temporal: config.temporal.external ? '' : at(dev.host, dev.temporalPort),
    database: config.databaseUrl ? '' : at(dev.host, dev.databasePort),
  };
}

/**
 * A home written by an earlier terminus keeps its app database in `<home>/data/pglite` (PGlite, PostgreSQL in WASM),
 * which a real PostgreSQL cannot read. Starting over it with an empty database would lose its tokens, outbox and
 * audit rows without a word, so the stack stops and says what to do.
 */
export async function refusePgliteData(dataDir: string): Promise<void> {
  const old = path.join(dataDir, 'pglite');
  try {
    await stat(old);
  } catch {
    return;
  }
  throw new Error(
    `${old} holds the app database of an earlier terminus (PGlite), which this version does not read: it runs ` +
      `PostgreSQL ${EMBEDDED_POSTGRES_MAJOR} in ${path.join(dataDir, 'postgres')}. To start afresh, move the whole ` +
      `data folder away (mv ${dataDir} ${dataDir}.pglite-old), which also clears Temporal's history of the cases ` +
      `that database knew; or move only the PGlite folder (mv ${old} ${old}.old) to keep Temporal's history with ` +
      'an empty app database.',
  );
}
