import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../config/app-config';

/** Where workflow code comes from: a pre-built bundle (production) or the source, bundled at start. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * Third-party modules evaluated once per worker thread instead of once per workflow. The reusable V8 context
 * otherwise runs every module of the bundle again for each new workflow (a case, each of its children, each
 * cache miss): building tldts's public-suffix trie alone took about 4 ms of CPU each time. Both are stateless
 * from a workflow's point of view (pure functions and internal caches; nothing reads per-workflow state at load),
 * and the SDK freezes what they export, so no workflow can change them for another. Our own modules stay
 * per-workflow. Every bundle must be built with these options (see {@link WORKFLOW_BUNDLE_OPTIONS}).
 */
export const PRELOADED_WORKFLOW_MODULES = ['tldts', 'luxon'];

/** The one set of bundler options: the worker's own bundling, `npm run build:workflows`, the cluster, the benches. */
export const WORKFLOW_BUNDLE_OPTIONS = { workflowsPath: WORKFLOWS_PATH, preloadModules: PRELOADED_WORKFLOW_MODULES };

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
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: PRELOADED_WORKFLOW_MODULES } }),
  };
  return Worker.create(options);
}
