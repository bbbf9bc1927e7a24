import { loadAppConfig } from '../config/app-config';
import { loadDevStackConfig } from '../config/dev-stack';
import { createLogger } from '../platform/logger';
import { acquireHomeLock } from '../platform/home-lock';
import { freePort } from './ports';
import { installTemporalRuntime } from '../platform/temporal-runtime';
import type { SandboxSeedOutcome } from './seed-sandbox';
import { startStack, type StackInfo } from './stack';
import { removeStackFile, writeStackFile } from './stack-file';

/**
 * `npm start`: brings up the embedded stack, prints where everything is, and on Ctrl-C (SIGINT) or SIGTERM
 * stops it cleanly: the worker drains, servers close, PostgreSQL and Temporal flush their files. A second
 * `npm start` on the same home stops at once, before touching anything, naming the stack that owns the home.
 */
async function main(): Promise<void> {
  const config = loadAppConfig({ TERMINUS_METRICS_ADDRESS: '127.0.0.1:9464', ...process.env });
  const dev = loadDevStackConfig();
  // First of all: the home's lock (one stack per home), before any port is bound or file written.
  const lock = await acquireHomeLock(config.home, {
    api: `${config.api.host}:${config.api.port}`,
    ...(config.temporal.external ? {} : { temporal: `${dev.host}:${dev.temporalPort}` }),
    ...(config.databaseUrl ? {} : { database: `${dev.host}:${dev.databasePort}` }),
  });
  // The Temporal runtime cannot tell which port it bound for `:0`, so pick one here and print the truth.
  const metrics = config.worker.metricsBindAddress?.match(/^(.*):0$/);
  if (metrics?.[1]) config.worker.metricsBindAddress = `${metrics[1]}:${await freePort(metrics[1])}`;
  const logger = createLogger('terminus', config.logLevel);
  let stack: Awaited<ReturnType<typeof startStack>>;
  try {
    installTemporalRuntime(logger, config.worker.metricsBindAddress);
    stack = await startStack(config, dev, logger, process.env, { lock, resetSandbox: resetRequested() });
  } catch (err) {
    await lock.release();
    throw err;
  }
  await writeStackFile(stack.info);
  process.stdout.write(banner(stack.info));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the stack');
    removeStackFile(stack.info.dataDir)
      .catch(() => undefined)
      .then(() => stack.stop())
      .then(
        () => {
          process.stdout.write('terminus stack stopped\n');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function banner(info: StackInfo): string {
  const lines = [
    '',
    'terminus is running',
    `  Temporal        ${info.temporalAddress} (namespace ${info.namespace})`,
    ...(info.webUiUrl ? [`  Temporal Web UI ${info.webUiUrl}`] : []),
    `  HTTP API        ${info.apiUrl}  (health: ${info.apiUrl}/health; end-to-end with an operator token: npm run smoke)`,
    info.embeddedDatabase
      ? `  Database        embedded PostgreSQL ${info.embeddedDatabase.version} ${redact(info.databaseUrl)}  (password in ${info.embeddedDatabase.passwordFile})`
      : `  Database        PostgreSQL ${redact(info.databaseUrl)}`,
    ...(info.metricsUrl ? [`  Worker metrics  ${info.metricsUrl}`] : []),
    ...(info.mailInboxUrl ? [`  Mail inbox      ${info.mailInboxUrl}  (MailDev: every notice and alert sent)`] : []),
    ...(info.sandbox
      ? [
          `  Sandbox DNS     ${info.sandbox.dns}  (dig @127.0.0.1 -p ${info.sandbox.dnsPort} forum.example)`,
          `  Sandbox proxy   ${info.sandbox.http}  (curl -H 'Host: forum.example' ${info.sandbox.http}/)`,
          `  Sandbox state   ${sandboxState(info.sandbox.seed)}`,
        ]
      : []),
    ...(info.dsaStandInUrl
      ? [
          `  DSA database    ${info.dsaStandInUrl}  (local stand-in of the EU Transparency Database: statements submitted)`,
        ]
      : []),
    ...(info.consoleUrl
      ? [
          `  Console         ${info.consoleUrl}  (reviewer console: sign in with ${info.oidcIssuer})`,
          ...(info.signInFile
            ? [`  Console sign-in ${info.signInFile}  (demo staff accounts and their password)`]
            : []),
        ]
      : []),
    `  Demo tokens     ${info.demoTokensFile}  (one bearer token per role, for the CLI and API)`,
    `  Data folder     ${info.dataDir}`,
    'terminus ready (Ctrl-C stops everything)',
    '',
  ];
  return lines.join('\n') + '\n';
}

/**
 * `npm start -- --reset` (the argument reaches the script) or `npm start --reset` (npm 11 turns an unknown flag
 * into `npm_config_reset`, with a warning that a later npm will stop doing so).
 */
function resetRequested(): boolean {
  return process.argv.slice(2).includes('--reset') || process.env.npm_config_reset === 'true';
}

function sandboxState(seed: SandboxSeedOutcome): string {
  switch (seed.action) {
    case 'seeded':
      return `seeded with the demo customers (first start, ${seed.seededAt})`;
    case 'kept':
      return `as cases left it (seeded ${seed.seededAt}; npm start -- --reset seeds it again)`;
    case 'reset':
      return `RESET to the demo seed (--reset, ${seed.seededAt}): revoked demo zones and routes are back; cases unchanged`;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

main().catch((err: unknown) => {
  process.stderr.write(`terminus failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
