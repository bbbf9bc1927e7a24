import { loadAppConfig } from '../../config/app-config';
import { loadDevStackConfig } from '../../config/dev-stack';
import { createLogger } from '../../platform/logger';
import { redactUrl } from '../stack-file';
import { startCluster, type ClusterInfo } from './cluster';

/**
 * `npm run cluster`: the cluster profile on this machine (see src/dev/cluster/cluster.ts and deploy/README.md).
 * Prints every address once everything answers; Ctrl-C (SIGINT) or SIGTERM stops it all in reverse order.
 */
async function main(): Promise<void> {
  const began = Date.now();
  const config = loadAppConfig(process.env);
  if (config.temporal.external) {
    throw new Error('npm run cluster starts its own Temporal server: unset TEMPORAL_ADDRESS (and TEMPORAL_PROFILE)');
  }
  if (config.databaseUrl) throw new Error('npm run cluster starts its own PostgreSQL: unset DATABASE_URL');
  const dev = loadDevStackConfig();
  const logger = createLogger('cluster', config.logLevel);
  const workers = Number(process.env.TERMINUS_CLUSTER_WORKERS ?? 2);
  const apis = Number(process.env.TERMINUS_CLUSTER_APIS ?? 2);
  const cluster = await startCluster(config, dev, logger, process.env, { workers, apis });
  process.stdout.write(banner(cluster.info, (Date.now() - began) / 1000));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the cluster');
    cluster.stop().then(
      () => {
        process.stdout.write('terminus cluster stopped\n');
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

function banner(info: ClusterInfo, seconds: number): string {
  const lines = [
    '',
    'terminus cluster profile is running',
    `  Temporal server ${info.temporalAddress} (namespace ${info.namespace}; ${info.temporalServer.source} ${info.temporalServer.path})`,
    `  Server config   ${info.temporalServer.configFile}`,
    info.webUiUrl ? `  Temporal Web UI ${info.webUiUrl}` : `  Temporal Web UI ${info.webUiMissing ?? 'none'}`,
    `  HTTP API        ${info.apiUrl}  (round robin over ${info.apiReplicas.join(', ')}; health: ${info.apiUrl}/health)`,
    ...info.workers.map((w) => `  Worker          ${w.name} pid ${w.pid}, metrics ${w.metricsUrl}`),
    `  PostgreSQL ${info.database.version}   ${redactUrl(info.databaseUrl)}  (Temporal: temporal, temporal_visibility; password in ${info.database.passwordFile})`,
    ...(info.mailInboxUrl ? [`  Mail inbox      ${info.mailInboxUrl}  (MailDev)`] : []),
    ...(info.sandbox
      ? [
          `  Sandbox DNS     ${info.sandbox.dns}  (dig @127.0.0.1 -p ${info.sandbox.dnsPort} forum.example)`,
          `  Sandbox proxy   ${info.sandbox.http}`,
        ]
      : []),
    `  Demo tokens     ${info.demoTokensFile}`,
    `  Logs            ${info.logDir}`,
    `terminus cluster ready in ${seconds.toFixed(1)} s (Ctrl-C stops everything)`,
    '',
  ];
  return lines.join('\n') + '\n';
}

main().catch((err: unknown) => {
  process.stderr.write(`terminus cluster failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
