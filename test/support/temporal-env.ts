import { randomBytes } from 'node:crypto';
import type { ConnectionOptions, ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startProcess, type ManagedProcess } from '../../src/dev/child-process';
import { freePort, waitForPort } from '../../src/dev/ports';
import { terminusSearchAttributes } from '../../src/dev/search-attribute-types';
import { connectTimeSkippingServer } from './time-skipping-connect';

/** The workflow bundle entry every worker in tests loads: all workflows, exactly as production registers them. */
export const workflowsPath = require.resolve('../../src/workflows');

/** A unique workflow ID for one test, readable in the Web UI when a test fails. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A task queue no other test uses, so workers of parallel tests never steal each other's tasks. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return uniqueId(`tq-${prefix}`);
}

/** A time-skipping environment that owns its server process; `teardown` stops both. */
export interface TimeSkippingEnv {
  env: TestWorkflowEnvironment;
  teardown(): Promise<void>;
}

/** Options of a time-skipping environment. */
export interface TimeSkippingEnvOptions {
  /**
   * gRPC channel settings for the environment's client connection (the one `env.connection`, `env.client`,
   * `env.sleep` and `env.currentTimeMs` use), over the SDK's defaults.
   */
  channelArgs?: ConnectionOptions['channelArgs'];
}

/** Sets gRPC channel arguments on the client connections of an environment (a public SDK hook). */
function channelArgsPlugin(channelArgs: ConnectionOptions['channelArgs']): ConnectionPlugin {
  return {
    name: 'terminus-channel-args',
    configureConnection: (o) => ({ ...o, channelArgs: { ...o.channelArgs, ...channelArgs } }),
  };
}

/**
 * Starts a private time-skipping test server for the calling test file. We start the binary ourselves (the SDK
 * waits only 5 s for a server it launches, too little on a loaded 2-core machine) and then connect with time
 * skipping on (./time-skipping-connect.ts). Time skipping is global to a server, so files never share one. Our
 * search attributes are registered through the operator service, as the test server takes no start flags for them.
 */
export async function startTimeSkippingEnv(options: TimeSkippingEnvOptions = {}): Promise<TimeSkippingEnv> {
  const binary = process.env.TERMINUS_TEMPORAL_TEST_SERVER;
  if (!binary)
    throw new Error('TERMINUS_TEMPORAL_TEST_SERVER is unset: run tests through jest (global setup resolves it)');
  let proc: ManagedProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 3 && !proc; attempt++) {
    port = await freePort();
    const candidate = startProcess(binary, [String(port)], { name: 'temporal-test-server' });
    try {
      await waitForPort('127.0.0.1', port, 30_000, candidate.exitReason);
      proc = candidate;
    } catch (err) {
      await candidate.stop();
      if (attempt === 2) throw err;
    }
  }
  const env = await connectTimeSkippingServer({
    address: `127.0.0.1:${port}`,
    namespace: 'default',
    plugins: options.channelArgs ? [channelArgsPlugin(options.channelArgs)] : [],
  });
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: terminusSearchAttributes(),
    });
  } catch (err) {
    await env.teardown();
    await proc?.stop();
    throw err;
  }
  return {
    env,
    async teardown() {
      await env.teardown();
      await proc?.stop();
    },
  };
}

/**
 * Connects to the dev server the jest global setup started (visibility list queries, search attributes,
 * real timers). Shared by every test file: use unique IDs and task queues.
 */
export async function connectDevServer(): Promise<TestWorkflowEnvironment> {
  const address = process.env.TERMINUS_TEST_TEMPORAL_ADDRESS;
  if (!address)
    throw new Error(
      'TERMINUS_TEST_TEMPORAL_ADDRESS is unset: run tests through jest (global setup starts the dev server)',
    );
  return TestWorkflowEnvironment.createFromExistingServer({ address, namespace: 'default' });
}
