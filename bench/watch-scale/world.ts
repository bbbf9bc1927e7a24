import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { openDatabase, type Database } from '../../src/db/database';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrate';
import { seedSandbox } from '../../src/dev/seed-sandbox';
import { startDevServer } from '../../src/dev/temporal-dev-server';
import { binaryCacheDir } from '../../src/platform/paths';
import { freePort } from '../../src/dev/ports';
import { resolveTemporalBinary } from '../../src/dev/temporal-binaries';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../src/worker/create-worker';
import { startSmtpCounter, type SmtpCounter } from '../lib/smtp-counter';
import { startBenchInternet, type BenchInternet } from './internet';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

/**
 * Everything the watch benchmark runs against, each piece as the embedded stack runs it: a Temporal dev server
 * (its own process, in memory), the embedded PostgreSQL (its own process) holding the app tables and the sandbox
 * internet, the sandbox DNS and proxy, a real SMTP server, and the production worker in its own process.
 */
export interface World {
  client: Client;
  db: Database;
  internet: BenchInternet;
  smtp: SmtpCounter;
  worker: WorkerProcess;
  /** The dev server's pid, when it could be found (for its memory and CPU). */
  serverPid: number | null;
  metricsUrl: string;
  taskQueue: string;
  namespace: string;
  stop(): Promise<void>;
}

/** How the world is set up. */
export interface WorldOptions {
  workDir: string;
  taskQueue: string;
  maxCachedWorkflows: number;
  maxConcurrentActivities?: number;
  maxConcurrentWorkflowTasks?: number;
  workerNodeOptions: string[];
  /** More worker configuration (see `WorkerProcessOptions.extraEnv`). */
  workerEnv?: Record<string, string>;
  /** Seeds the sandbox internet before the worker starts (the database is served by then). */
  seed(db: Database): Promise<void>;
  /** Domains the sandbox reads into memory before the worker starts. */
  prewarm: readonly string[];
  log: (message: string) => void;
}

/** The child of this process running `temporal server start-dev` on `port` (read from /proc; null if not found). */
function findDevServerPid(port: number): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const portArg = cmdline[cmdline.indexOf('--port') + 1];
      if (ppid === process.pid && cmdline.includes('start-dev') && portArg === String(port)) return Number(entry);
    } catch {
      // A process that ended while we looked.
    }
  }
  return null;
}

/** Starts it all; on any failure, stops what was started and rethrows. */
export async function startWorld(o: WorldOptions): Promise<World> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => o.log(`stop failed: ${String(err)}`));
  };
  try {
    const cli = await resolveTemporalBinary('cli', { cacheDir: binaryCacheDir(), log: o.log });
    const server = await startDevServer({
      cliPath: cli.path,
      uiPort: false,
      logFile: path.join(o.workDir, 'temporal.log'),
      startTimeoutMs: 120_000,
    });
    stops.push(() => server.stop());
    const serverPid = findDevServerPid(Number(server.address.split(':').pop()));
    o.log(`Temporal dev server at ${server.address} (in memory, pid ${serverPid ?? '?'})`);

    const pg = await startEmbeddedPostgres({
      dataDir: path.join(o.workDir, 'postgres'),
      password: randomBytes(18).toString('base64url'),
      reachableFrom: o.workDir,
    });
    stops.push(() => pg.stop());
    const db = openDatabase({ url: pg.url });
    stops.push(() => db.close());
    await migrate(db);
    await seedSandbox(db);
    await o.seed(db);

    const internet = await startBenchInternet(db);
    stops.push(() => internet.stop());
    const warmBegan = Date.now();
    await internet.prewarm(o.prewarm);
    o.log(
      `sandbox internet read ${o.prewarm.length} domains into memory in ${((Date.now() - warmBegan) / 1000).toFixed(1)} s`,
    );
    const smtp = await startSmtpCounter();
    stops.push(() => smtp.stop());

    // A pre-built bundle, as production runs (TERMINUS_WORKFLOW_BUNDLE): webpack never runs in the worker.
    const { code } = await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: new DefaultLogger('WARN') });
    const bundlePath = path.join(o.workDir, 'workflow-bundle.js');
    await writeFile(bundlePath, code);

    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: server.namespace });

    const metricsAddress = `127.0.0.1:${await freePort()}`;
    const worker = await startWorkerProcess(
      {
        temporalAddress: server.address,
        namespace: server.namespace,
        taskQueue: o.taskQueue,
        databaseUrl: pg.url,
        smtpUrl: smtp.url,
        resolver: internet.dnsAddress,
        httpConnectTo: internet.httpHostPort,
        sandboxDnsPort: internet.dns.port,
        sandboxHttpPort: internet.proxy.port,
        metricsAddress,
        workflowBundlePath: bundlePath,
        maxCachedWorkflows: o.maxCachedWorkflows,
        maxConcurrentActivities: o.maxConcurrentActivities,
        maxConcurrentWorkflowTasks: o.maxConcurrentWorkflowTasks,
        home: o.workDir,
        nodeOptions: o.workerNodeOptions,
        ...(o.workerEnv ? { extraEnv: o.workerEnv } : {}),
        logFile: path.join(o.workDir, 'worker.log'),
      },
      connection,
    );
    stops.push(() => worker.process.stop(30_000));
    o.log(`worker running (pid ${worker.pid}), metrics at http://${metricsAddress}/metrics`);

    return {
      client,
      db,
      internet,
      smtp,
      worker,
      serverPid,
      metricsUrl: `http://${metricsAddress}/metrics`,
      taskQueue: o.taskQueue,
      namespace: server.namespace,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
