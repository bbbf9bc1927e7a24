import { Client, Connection } from '@temporalio/client';
import { DEFAULT_API_CONFIG, loadApiConfig } from '../config/api';
import { loadPolicy } from '../config/policy';
import { loadRoleConfig } from '../config/roles';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { refuseForeignEmbeddedDatabase } from '../platform/home-lock';
import { createLogger } from '../platform/logger';
import { createConsoleApp } from '../console/console-app';
import { withConsole } from '../console/serve';
import { TemporalWatchReader } from '../console/watch-reader';
import { createAccountItemStore } from '../activities/account-items-store';
import { createSandboxControl } from '../dev/sandbox-control';
import { AuditLog } from '../services/access/audit-log';
import { createApiApp, defaultCaseService } from './app';
import { startApiServer } from './server';

/**
 * The API entry point (`npm run api`) for a deployment where Temporal and PostgreSQL run elsewhere: one replica of
 * the HTTP API on `TERMINUS_API_HOST:TERMINUS_API_PORT`; run as many as needed behind a load balancer (they share
 * nothing but the database and Temporal). Needs `TEMPORAL_ADDRESS` and `DATABASE_URL`; every missing variable is
 * named at once. Stops on SIGINT/SIGTERM after the requests in flight.
 */
async function main(): Promise<void> {
  const config = loadRoleConfig('api');
  const logger = createLogger('api', config.logLevel);
  await refuseForeignEmbeddedDatabase(config.home, config.databaseUrl, 'npm run api');
  const db = openDatabase({ url: config.databaseUrl! });
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'database migrations applied');
  const connection = await Connection.connect(config.temporal.connection);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const apiConfig = { ...DEFAULT_API_CONFIG, ...loadApiConfig() };
  const policy = loadPolicy(process.env.TERMINUS_POLICY_FILE);
  const cases = defaultCaseService({ client, db, taskQueue: config.temporal.taskQueue, policy }, apiConfig);
  // The reviewer console beside the API when an OIDC issuer is configured (OIDC_ISSUER, ...).
  const consoleApp = config.console
    ? createConsoleApp({
        db,
        cases,
        audit: new AuditLog(db),
        config: config.console,
        destructiveRate: apiConfig.destructiveRate,
        logger,
        watches: new TemporalWatchReader(client, db),
      })
    : undefined;
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
        // Only a profile whose edge is the sandbox turns these on (the cluster profile does; config checks it).
        sandbox: apiConfig.sandboxRoutes ? createSandboxControl(db) : undefined,
      }),
      () => consoleApp,
    ),
    config.api.host,
    config.api.port,
  );
  logger.info({ url: api.url, namespace: config.temporal.namespace }, 'api listening');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api stopping');
    api
      .stop()
      .then(() => connection.close())
      .then(() => db.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'api stop failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
