import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { pino } from 'pino';
import { loadAppConfig, type AppConfig } from '../../src/config/app-config';
import { loadApiConfig } from '../../src/config/api';
import { loadDevStackConfig } from '../../src/config/dev-stack';
import { ephemeralStackEnv } from '../../src/dev/ephemeral-env';
import { startStack, type Stack } from '../../src/dev/stack';
import type { AppLogger } from '../../src/platform/logger';
import { TemporalCaseService } from '../../src/services/case/case-service';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../src/worker/create-worker';
import { ZERO_NOTICE_POLICY_FILE } from './bench-policy';

/**
 * The embedded stack (`src/dev/stack.ts`, what `npm start` runs) started inside the benchmark process, in the
 * benchmark's scratch folder, on free ports: Temporal dev server (SQLite file), PGlite over the Postgres protocol,
 * MailDev as the SMTP sink, the sandbox edge, the worker and the HTTP API. Only the settings a deployment may set
 * differ from `npm start`: the policy file, a pre-built workflow bundle, quiet logs.
 */

/** A running bench stack and the clients the drivers use. */
export interface BenchStack {
  stack: Stack;
  config: AppConfig;
  client: Client;
  /** The service layer the HTTP API uses, over the same client (the real update path, minus HTTP). */
  service: TemporalCaseService;
  taskQueue: string;
  /** The environment the stack was started with (worker settings, policy file). */
  env: NodeJS.ProcessEnv;
  logFile: string;
  stop(): Promise<void>;
}

/** What may differ between bench stacks. */
export interface BenchStackOptions {
  workDir: string;
  /** Extra environment (worker concurrency, cache size, API limits); wins over the defaults here. */
  env?: NodeJS.ProcessEnv;
  log: (message: string) => void;
}

/** Settings a developer's shell may carry that would point the stack at something other than its own parts. */
const EXTERNAL_SETTINGS = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_PROFILE', 'TEMPORAL_CONFIG_FILE', 'SMTP_URL'];

let runtimeInstalled = false;

/**
 * Installs the process-wide Temporal runtime once, logging WARN and above to `logger` (a jest setup file or an
 * earlier benchmark in the same run may have installed one already: then that one stays).
 */
export function ensureRuntime(logger: AppLogger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', ({ level, message, meta }) => logger[levels[level]](meta ?? {}, message)),
    });
  } catch {
    // Already installed (jest's quiet runtime): keep it.
  }
}

/** Bundles workflow code once into `file` (as `npm run build:workflows` does), so no worker runs webpack. */
export async function writeWorkflowBundle(
  options: { workflowsPath: string; preloadModules?: string[] },
  file: string,
): Promise<string> {
  const { code } = await bundleWorkflowCode({ ...options, logger: new DefaultLogger('WARN') });
  await writeFile(file, code);
  return file;
}

/** A pino logger writing JSON lines to `file` (the stack's own logs stay out of the benchmark's output). */
export function fileLogger(file: string, level = 'warn'): AppLogger {
  return pino({ name: 'terminus-bench', level }, createWriteStream(file, { flags: 'a' }));
}

/** Starts the stack; on failure nothing is left running. */
export async function startBenchStack(o: BenchStackOptions): Promise<BenchStack> {
  const logFile = path.join(o.workDir, 'stack.log');
  const logger = fileLogger(logFile);
  ensureRuntime(logger);
  const bundle = await writeWorkflowBundle(WORKFLOW_BUNDLE_OPTIONS, path.join(o.workDir, 'terminus-workflows.js'));
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of EXTERNAL_SETTINGS) delete base[key];
  const { env } = await ephemeralStackEnv({
    home: path.join(o.workDir, 'home'),
    base: {
      ...base,
      TZ: 'UTC',
      TERMINUS_LOG_LEVEL: 'warn',
      TERMINUS_POLICY_FILE: ZERO_NOTICE_POLICY_FILE,
      TERMINUS_WORKFLOW_BUNDLE: bundle,
    },
    env: o.env,
  });
  const config = loadAppConfig(env);
  const started = Date.now();
  const stack = await startStack(config, loadDevStackConfig(env), logger, env);
  o.log(
    `embedded stack up in ${((Date.now() - started) / 1000).toFixed(1)} s (Temporal ${stack.info.temporalAddress})`,
  );
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: stack.info.temporalAddress });
    const client = new Client({ connection, namespace: stack.info.namespace });
    const api = loadApiConfig(env);
    const service = new TemporalCaseService({
      client,
      db: stack.db,
      taskQueue: config.temporal.taskQueue,
      timeoutMs: api.temporalTimeoutMs,
      openWaitMs: api.openWaitMs,
      transparencyMaxOpenCases: api.transparencyMaxOpenCases,
    });
    const conn = connection;
    return {
      stack,
      config,
      client,
      service,
      taskQueue: config.temporal.taskQueue,
      env,
      logFile,
      async stop() {
        await conn.close().catch(() => undefined);
        await stack.stop();
      },
    };
  } catch (err) {
    await connection?.close().catch(() => undefined);
    await stack.stop();
    throw err;
  }
}
