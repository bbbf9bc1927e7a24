import { NativeConnection } from '@temporalio/worker';
import { loadRoleConfig } from './config/roles';
import { openDatabase } from './db/database';
import { migrate } from './db/migrate';
import { refuseForeignEmbeddedDatabase } from './platform/home-lock';
import { terminusHome } from './platform/paths';
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
  // A home a running stack owns is refused first: that is the likelier mistake than a missing variable.
  await refuseForeignEmbeddedDatabase(terminusHome(), process.env.DATABASE_URL, 'npm run worker');
  const config = loadRoleConfig('worker');
  const logger = createLogger('worker', config.logLevel);
  if (!config.databaseUrl) throw new Error('npm run worker needs DATABASE_URL');
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
