import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createTerminusWorker } from '../../src/worker/create-worker';
import { createBaselineActivities } from './baseline/activities';
import type { BenchStack } from './embedded-stack';
import { writeWorkflowBundle } from './embedded-stack';

/**
 * The baseline worker: built by the same function as the terminus worker (`createTerminusWorker`), with the same
 * cache size, concurrency and shutdown settings, on the same Temporal server and in the same process, but on its
 * own task queue, with the bench-only workflow bundle and the no-op activity.
 */

/** The running baseline worker. */
export interface BaselineWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

/** The baseline's task queue (apart from the stack's, so neither worker sees the other's tasks). */
export const BASELINE_TASK_QUEUE = 'terminus-bench-baseline';

/** Starts it and returns once it runs. */
export async function startBaselineWorker(bench: BenchStack, workDir: string): Promise<BaselineWorker> {
  const bundle = await writeWorkflowBundle(
    { workflowsPath: require.resolve('./baseline/workflows') },
    path.join(workDir, 'baseline-workflows.js'),
  );
  const connection = await NativeConnection.connect({ address: bench.stack.info.temporalAddress });
  try {
    const worker = await createTerminusWorker({
      connection,
      config: {
        temporal: { ...bench.config.temporal, taskQueue: BASELINE_TASK_QUEUE },
        worker: { ...bench.config.worker, workflowBundlePath: bundle },
      },
      activities: createBaselineActivities(),
    });
    const running = worker.run();
    return {
      taskQueue: BASELINE_TASK_QUEUE,
      async stop() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await connection.close();
      },
    };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
