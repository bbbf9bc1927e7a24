import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { z } from 'zod';
import { terminusHome } from '../platform/paths';
import { loadConsoleConfig, type ConsoleConfig } from './oidc';
import { formatZodError } from './zod-errors';

/** Default task queue; one place, so the worker, API and CLI can never disagree. */
export const DEFAULT_TASK_QUEUE = 'terminus';

/** The whole process configuration, parsed once at start-up from the environment. */
export interface AppConfig {
  home: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  temporal: {
    /** True when `TEMPORAL_ADDRESS` (or a Temporal config profile) names a server: the stack starts none. */
    external: boolean;
    /** Connection options from `@temporalio/envconfig` (address, TLS, API key, gRPC metadata). */
    connection: NativeConnectionOptions;
    namespace: string;
    taskQueue: string;
  };
  /** `DATABASE_URL`: PostgreSQL. Unset: the stack's embedded PostgreSQL. */
  databaseUrl?: string;
  worker: {
    maxCachedWorkflows: number;
    maxConcurrentActivityTaskExecutions: number;
    maxConcurrentWorkflowTaskExecutions: number;
    /** `host:port` for the Prometheus scrape endpoint; unset disables it. */
    metricsBindAddress?: string;
    /** How long in-flight activities get to finish on shutdown before they are cancelled. */
    shutdownGraceTimeMs: number;
    /** A pre-built workflow bundle (`npm run build:workflows`); unset bundles at start. */
    workflowBundlePath?: string;
  };
  api: { host: string; port: number };
  /** The reviewer console's sign-in (`OIDC_*`); undefined when no issuer is configured. */
  console?: ConsoleConfig;
}

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const EnvSchema = z.object({
  TERMINUS_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
  TERMINUS_TASK_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ".", "_" or "-"')
    .default(DEFAULT_TASK_QUEUE),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  TERMINUS_WORKER_MAX_CACHED_WORKFLOWS: intFrom(0, 100_000).default(1000),
  TERMINUS_WORKER_MAX_ACTIVITIES: intFrom(1, 10_000).default(100),
  TERMINUS_WORKER_MAX_WORKFLOW_TASKS: intFrom(1, 10_000).default(40),
  TERMINUS_METRICS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'host:port')
    .optional(),
  TERMINUS_SHUTDOWN_GRACE_MS: intFrom(0, 600_000).default(10_000),
  TERMINUS_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  TERMINUS_API_HOST: z.string().min(1).default('127.0.0.1'),
  TERMINUS_API_PORT: intFrom(0, 65_535).default(8787),
});

/**
 * Parses the environment into an {@link AppConfig}. Errors name every bad variable at once. Temporal
 * connection settings (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS_*`,
 * `TEMPORAL_PROFILE`, `TEMPORAL_CONFIG_FILE`) go through `@temporalio/envconfig`, as every Temporal tool reads them.
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid configuration: ${formatZodError(parsed.error)}`);
  const e = parsed.data;
  const external = Boolean(e.TEMPORAL_ADDRESS || env.TEMPORAL_PROFILE || env.TEMPORAL_CONFIG_FILE);
  const stringEnv = Object.fromEntries(Object.entries(env).filter((kv): kv is [string, string] => kv[1] !== undefined));
  const connect = external
    ? loadClientConnectConfig({ overrideEnvVars: stringEnv })
    : { connectionOptions: {}, namespace: undefined };
  return {
    home: terminusHome(env),
    logLevel: e.TERMINUS_LOG_LEVEL,
    temporal: {
      external,
      connection: connect.connectionOptions,
      namespace: connect.namespace ?? e.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: e.TERMINUS_TASK_QUEUE,
    },
    databaseUrl: e.DATABASE_URL,
    worker: {
      maxCachedWorkflows: e.TERMINUS_WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentActivityTaskExecutions: e.TERMINUS_WORKER_MAX_ACTIVITIES,
      maxConcurrentWorkflowTaskExecutions: e.TERMINUS_WORKER_MAX_WORKFLOW_TASKS,
      metricsBindAddress: e.TERMINUS_METRICS_ADDRESS,
      shutdownGraceTimeMs: e.TERMINUS_SHUTDOWN_GRACE_MS,
      workflowBundlePath: e.TERMINUS_WORKFLOW_BUNDLE,
    },
    api: { host: e.TERMINUS_API_HOST, port: e.TERMINUS_API_PORT },
    console: loadConsoleConfig(env, {
      TERMINUS_CONSOLE_URL: `http://${e.TERMINUS_API_HOST}:${e.TERMINUS_API_PORT}/console`,
    }),
  };
}
