import type { ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';

/** Where the time-skipping server listens, and what the environment's client connection should change. */
export interface TimeSkippingConnectOptions {
  address: string;
  namespace: string;
  plugins?: ConnectionPlugin[];
}

type CreateFn = (opts: {
  server: { type: 'existing' };
  supportsTimeSkipping: boolean;
  address: string;
  namespace: string;
  plugins?: ConnectionPlugin[];
}) => Promise<TestWorkflowEnvironment>;

/**
 * The one use of a private SDK API in the project, kept here alone. A time-skipping environment needs connections
 * with the SDK's test service (time skipping, server time), and in SDK 1.24.0 only two paths build them:
 * `TestWorkflowEnvironment.createTimeSkipping`, which launches the server itself and gives it 5 s to answer (too
 * little on a loaded 2-core machine), and the private static `create`, which can also connect to a server already
 * running. `createFromExistingServer` is public but always connects with time skipping off, and the connection
 * option that turns the test service on (`InternalConnectionOptionsSymbol`) is SDK-internal. So we start the test
 * server ourselves and connect through `create`, with no deep import. Pinned SDK version;
 * test/workflows/case/happy-path.test.ts fails if this stops skipping time.
 */
export function connectTimeSkippingServer(o: TimeSkippingConnectOptions): Promise<TestWorkflowEnvironment> {
  const create = (TestWorkflowEnvironment as unknown as { create: CreateFn }).create.bind(TestWorkflowEnvironment);
  return create({
    server: { type: 'existing' },
    supportsTimeSkipping: true,
    address: o.address,
    namespace: o.namespace,
    ...(o.plugins ? { plugins: o.plugins } : {}),
  });
}
