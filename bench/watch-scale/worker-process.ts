import path from 'node:path';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startProcess, type ManagedProcess } from '../../src/dev/child-process';
import { PROJECT_ROOT } from '../../src/platform/paths';

/**
 * The worker under test: the production entry point (`src/worker.ts`, what `npm run worker` runs) in its own
 * Node process, so its resident memory is the worker's alone, configured only through the environment a
 * deployment would set. Run as `node --import tsx` (one process; the `tsx` command would add a parent process).
 */

/** Everything the worker is pointed at. */
export interface WorkerProcessOptions {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  smtpUrl: string;
  /** The sandbox DNS (probe resolver) and HTTP proxy (where every probe connects), `host:port`. */
  resolver: string;
  httpConnectTo: string;
  sandboxDnsPort: number;
  sandboxHttpPort: number;
  metricsAddress: string;
  workflowBundlePath: string;
  maxCachedWorkflows: number;
  maxConcurrentActivities?: number;
  maxConcurrentWorkflowTasks?: number;
  home: string;
  logFile: string;
  /** Passed to node before the script (`--max-old-space-size=...`, `--cpu-prof`). */
  nodeOptions?: string[];
  /** More configuration, as a deployment would set it (the group watch's probe limits). */
  extraEnv?: Record<string, string>;
}

/** The environment of the worker: what a deployment sets, and nothing inherited but PATH and HOME. */
export function workerEnvironment(o: WorkerProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    NODE_ENV: 'production',
    TERMINUS_HOME: o.home,
    TERMINUS_LOG_LEVEL: 'info',
    TEMPORAL_ADDRESS: o.temporalAddress,
    TEMPORAL_NAMESPACE: o.namespace,
    TERMINUS_TASK_QUEUE: o.taskQueue,
    DATABASE_URL: o.databaseUrl,
    SMTP_URL: o.smtpUrl,
    MAIL_FROM: 'Trust & Safety <trust-safety@terminus.test>',
    STAFF_ALERT_TO: 'tns-staff@terminus.test',
    TERMINUS_PROBE_RESOLVERS: o.resolver,
    TERMINUS_PROBE_HTTP_CONNECT_TO: o.httpConnectTo,
    TERMINUS_SANDBOX_HOST: '127.0.0.1',
    TERMINUS_SANDBOX_DNS_PORT: String(o.sandboxDnsPort),
    TERMINUS_SANDBOX_HTTP_PORT: String(o.sandboxHttpPort),
    TERMINUS_EDGE_NAMESERVERS: 'ns1.sandbox.terminus.test,ns2.sandbox.terminus.test',
    TERMINUS_EDGE_HEADERS: 'x-terminus-edge=^sandbox$',
    TERMINUS_METRICS_ADDRESS: o.metricsAddress,
    TERMINUS_WORKFLOW_BUNDLE: o.workflowBundlePath,
    TERMINUS_WORKER_MAX_CACHED_WORKFLOWS: String(o.maxCachedWorkflows),
  };
  if (o.maxConcurrentActivities) env.TERMINUS_WORKER_MAX_ACTIVITIES = String(o.maxConcurrentActivities);
  if (o.maxConcurrentWorkflowTasks) env.TERMINUS_WORKER_MAX_WORKFLOW_TASKS = String(o.maxConcurrentWorkflowTasks);
  return { ...env, ...o.extraEnv };
}

/** A running worker process. */
export interface WorkerProcess {
  pid: number;
  process: ManagedProcess;
}

/** Starts the worker and waits until it polls the task queue (or dies, with the tail of its log). */
export async function startWorkerProcess(
  options: WorkerProcessOptions,
  connection: Connection,
  timeoutMs = 120_000,
): Promise<WorkerProcess> {
  const proc = startProcess(
    process.execPath,
    [...(options.nodeOptions ?? []), '--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'worker.ts')],
    { name: 'worker', env: workerEnvironment(options), logFile: options.logFile },
  );
  const pid = proc.child.pid;
  if (pid === undefined) {
    await proc.stop();
    throw new Error(`worker did not start: ${proc.exitReason() ?? 'no pid'}`);
  }
  try {
    await waitForPollers(connection, options.namespace, options.taskQueue, timeoutMs, () => proc.exitReason());
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { pid, process: proc };
}

/** Resolves once both a workflow and an activity poller are on the task queue. */
export async function waitForPollers(
  connection: Connection,
  namespace: string,
  taskQueue: string,
  timeoutMs: number,
  isDead: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const TYPE = temporal.api.enums.v1.TaskQueueType;
  for (;;) {
    const dead = isDead();
    if (dead) throw new Error(dead);
    const counts = await Promise.all(
      [TYPE.TASK_QUEUE_TYPE_WORKFLOW, TYPE.TASK_QUEUE_TYPE_ACTIVITY].map(async (taskQueueType) => {
        const res = await connection.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: taskQueue },
          taskQueueType,
        });
        return res.pollers?.length ?? 0;
      }),
    );
    if (counts.every((n) => n > 0)) return;
    if (Date.now() > deadline) throw new Error(`no worker polled ${taskQueue} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
