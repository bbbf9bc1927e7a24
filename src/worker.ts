import { NativeConnection } from '@temporalio/worker';
import { loadAppConfig } from './config/app-config';
import { openDatabase } from './db/database';
import { migrate } from './db/migrate';
import { refuseForeignEmbeddedDatabase } from './platform/home-lock';
import { createLogger } from './platform/logger';
import { installTemporalRuntime } from './platform/temporal-runtime';
import { buildActivities } from './worker/activities';
import { buildActivityDeps } from './worker/activity-deps';
import { createTerminusWorker } from './worker/create-worker';

/**
 * The worker entry point (`npm run worker`) for a deployment where Temporal and PostgreSQL run elsewhere:
 * needs `TEMPORAL_ADDRESS` (or a Temporal config profile) and `DATABASE_URL`. Stops gracefully on SIGINT/SIGTERM.
 * It never runs on the embedded database of a home a running stack owns (that stack runs its own worker).
 */
async function main(): Promise<void> {
  const config = loadAppConfig();
  const logger = createLogger('worker', config.logLevel);
  await refuseForeignEmbeddedDatabase(config.home, config.databaseUrl, 'npm run worker');
  if (!config.temporal.external || !config.databaseUrl) {
    throw new Error('npm run worker needs TEMPORAL_ADDRESS and DATABASE_URL; for a local stack use npm start');
  }
  installTemporalRuntime(logger, config.worker.metricsBindAddress);
  const db = openDatabase({ url: config.databaseUrl });
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'database migrations applied');
  const connection = await NativeConnection.connect(config.temporal.connection);
  try {
    const worker = await createTerminusWorker({
      connection,
      config,
      activities: buildActivities(buildActivityDeps({ db })),
    });
    logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker started');
    await worker.run();
    logger.info('worker stopped');
  } finally {
    await connection.close();
    await db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
