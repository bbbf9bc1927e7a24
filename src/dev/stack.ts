import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createApiApp } from '../api/app';
import { loadApiConfig } from '../config/api';
import { loadPolicy } from '../config/policy';
import { ensureDemoPrincipals } from './demo-principals';
import { startApiServer } from '../api/server';
import type { AppConfig } from '../config/app-config';
import type { DevStackConfig } from '../config/dev-stack';
import { openDatabase, type Database } from '../db/database';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { migrate } from '../db/migrate';
import { startDevServer } from './temporal-dev-server';
import type { AppLogger } from '../platform/logger';
import { binaryCacheDir } from '../platform/paths';
import { resolveTemporalBinary } from './temporal-binaries';
import { startMailDev } from '../adapters/mail/maildev-server';
import type { RunningSandbox } from '../adapters/edge/compose';
import { startSandboxEdge } from '../adapters/sandbox/sandbox-edge';
import { loadEdgeConfig, SANDBOX_NAMESERVERS } from '../config/edge';
import { buildActivities } from '../worker/activities';
import { buildActivityDeps } from '../worker/activity-deps';
import { createSandboxControl } from './sandbox-control';
import { seedSandbox } from './seed-sandbox';
import { createTerminusWorker } from '../worker/create-worker';

/** Where everything of a running stack is, printed at start and used by tests and the demo. */
export interface StackInfo {
  temporalAddress: string;
  namespace: string;
  webUiUrl?: string;
  databaseUrl: string;
  databaseEmbedded: boolean;
  apiUrl: string;
  metricsUrl?: string;
  dataDir: string;
  /** The demo principals' tokens (one per role), mode 0600. */
  demoTokensFile: string;
  /** MailDev's web inbox, when the stack started MailDev (no `SMTP_URL`). */
  mailInboxUrl?: string;
  /** The sandbox edge's DNS server and HTTP proxy, when the edge is the sandbox. */
  sandbox?: { dns: string; dnsPort: number; http: string };
}

/** A running stack; `stop` takes it down in reverse order of start. */
export interface Stack {
  info: StackInfo;
  db: Database;
  stop(): Promise<void>;
}

/**
 * Starts the embedded stack: the Temporal dev server persisted to a SQLite file (unless `TEMPORAL_ADDRESS` names
 * one), PGlite served over the Postgres protocol with migrations applied (unless `DATABASE_URL` names a
 * PostgreSQL), the worker and the HTTP API. Everything lives under `<home>/data`, so a restart keeps it all.
 */
export async function startStack(
  config: AppConfig,
  dev: DevStackConfig,
  logger: AppLogger,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<Stack> {
  // Settings the stack fills in for the services it starts itself; anything the caller set wins.
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
  };
  try {
    const dataDir = path.join(config.home, 'data');
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
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'pglite'),
        host: dev.host,
        port: dev.databasePort,
      });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    const db = openDatabase({ url: databaseUrl });
    stops.push(() => db.close());
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'database migrations applied');

    let mailInboxUrl: string | undefined;
    if (!env.SMTP_URL) {
      const mail = await startMailDev({
        host: '127.0.0.1',
        smtpPort: dev.mailSmtpPort,
        webPort: dev.mailWebPort,
        dataDir: path.join(dataDir, 'mail'),
      });
      stops.push(() => mail.stop());
      env.SMTP_URL = mail.smtpUrl;
      env.SMTP_TLS_REJECT_UNAUTHORIZED ??= 'false';
      env.MAIL_FROM ??= 'Trust & Safety <trust-safety@terminus.test>';
      env.STAFF_ALERT_TO ??= 'tns-staff@terminus.test';
      mailInboxUrl = mail.webUrl;
    }

    const edgeConfig = loadEdgeConfig(env);
    let sandboxInfo: StackInfo['sandbox'];
    let runningSandbox: RunningSandbox | undefined;
    if (edgeConfig.dns.adapter === 'sandbox' || edgeConfig.proxy.adapter === 'sandbox') {
      const sandbox = await startSandboxEdge({
        db,
        host: edgeConfig.sandbox.host,
        dnsPort: edgeConfig.sandbox.dnsPort,
        httpPort: edgeConfig.sandbox.httpPort,
      });
      stops.push(() => sandbox.stop());
      await seedSandbox(db);
      runningSandbox = sandbox.running;
      const httpHostPort = new URL(sandbox.running.httpUrl).host;
      // The sandbox is also "the rest of the internet": probes resolve through it and reach its proxy.
      env.TERMINUS_PROBE_RESOLVERS ??= `${edgeConfig.sandbox.host}:${sandbox.running.dnsPort}`;
      env.TERMINUS_PROBE_HTTP_CONNECT_TO ??= httpHostPort;
      env.TERMINUS_EDGE_NAMESERVERS ??= SANDBOX_NAMESERVERS.join(',');
      env.TERMINUS_EDGE_HEADERS ??= 'x-terminus-edge=^sandbox$';
      // Probing loopback costs nothing: watches look every 10 s instead of 5 min, so a move shows within a minute.
      env.TERMINUS_WATCH_FAST_INTERVAL_MS ??= '10000';
      sandboxInfo = {
        dns: `${edgeConfig.sandbox.host}:${sandbox.running.dnsPort}`,
        dnsPort: sandbox.running.dnsPort,
        http: sandbox.running.httpUrl,
      };
    }

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
    const api = await startApiServer(
      createApiApp({
        client,
        db,
        taskQueue: config.temporal.taskQueue,
        policy: loadPolicy(env.TERMINUS_POLICY_FILE),
        config: loadApiConfig(env),
        logger,
        ...(runningSandbox ? { sandbox: createSandboxControl(db) } : {}),
      }),
      config.api.host,
      config.api.port,
    );
    stops.push(() => api.stop());
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
        apiUrl: api.url,
        metricsUrl: config.worker.metricsBindAddress ? `http://${config.worker.metricsBindAddress}/metrics` : undefined,
        dataDir,
        demoTokensFile: demo.file,
        mailInboxUrl,
        sandbox: sandboxInfo,
      },
      db,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
