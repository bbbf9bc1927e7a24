import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../config/app-config';

/** Where workflow code comes from: a pre-built bundle (production) or the source, bundled at start. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/** Inputs of {@link createTerminusWorker}: the connection is the caller's to close after the worker stops. */
export interface CreateWorkerInput {
  connection: NativeConnection;
  config: Pick<AppConfig, 'temporal' | 'worker'>;
  activities: object;
}

/**
 * Builds the terminus worker with production settings in one place: explicit workflow cache size and
 * concurrency, a shutdown grace period so in-flight activities can finish (Worker.run stops on SIGINT/SIGTERM),
 * and the pre-bundled workflow code when `TERMINUS_WORKFLOW_BUNDLE` names one (no webpack at start).
 */
export async function createTerminusWorker({ connection, config, activities }: CreateWorkerInput): Promise<Worker> {
  const options: WorkerOptions = {
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivityTaskExecutions,
    maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTaskExecutions,
    shutdownGraceTime: config.worker.shutdownGraceTimeMs,
    ...(config.worker.workflowBundlePath
      ? { workflowBundle: { codePath: config.worker.workflowBundlePath } }
      : { workflowsPath: WORKFLOWS_PATH }),
  };
  return Worker.create(options);
}
