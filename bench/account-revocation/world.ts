import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { createCaddyProxyProvider } from '../../src/adapters/edge/caddy';
import { createPowerDnsProvider } from '../../src/adapters/edge/powerdns';
import type { EdgeProviders } from '../../src/adapters/edge/provider';
import { openDatabase, type Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { startProcess, type ManagedProcess } from '../../src/dev/child-process';
import { startCaddy, type CaddyServer } from '../../test/support/caddy';
import { startPowerDns, type PowerDnsServer } from '../../test/support/powerdns';
import { waitForPollers } from '../watch-scale/worker-process';
import { startDeleteCounter, type DeleteCounter } from './delete-counter';
import type { AccountRevocationProfile } from './options';
import { startBenchPlatform } from './platform';
import type { RealEdgeAddress } from './seed-edge';

/**
 * Everything the account-revocation benchmark runs on: real PowerDNS (gsqlite3) and Caddy, the profile's PostgreSQL
 * and Temporal (see platform.ts), the counting relay in front of PowerDNS, and the worker as its
 * own process (started again after a kill).
 */

/** The running world. */
export interface AccountWorld {
  db: Database;
  client: Client;
  pdns: PowerDnsServer;
  caddy: CaddyServer;
  counter: DeleteCounter;
  /** What the benchmark itself reads the edge with (directly, not through the relay). */
  providers: EdgeProviders;
  edge: RealEdgeAddress;
  taskQueue: string;
  startWorker(): Promise<ManagedProcess>;
  stop(): Promise<void>;
}

/** Starts it all; on failure, stops what was started and rethrows. */
export async function startAccountWorld(o: {
  profile: AccountRevocationProfile;
  workDir: string;
  log: (m: string) => void;
}): Promise<AccountWorld> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => o.log(`stop failed: ${String(err)}`));
  };
  /** Starts a server and registers its stop at once, so a failure elsewhere still stops it. */
  const started = async <T>(start: Promise<T>, stop: (x: T) => Promise<void>): Promise<T> => {
    const x = await start;
    stops.push(() => stop(x));
    return x;
  };
  try {
    // Everything starts at once (a 2-core machine spends most of this waiting on processes to come up).
    const starting = [
      started(startBenchPlatform(o), (p) => p.stop()),
      started(startPowerDns(), (p) => p.stop()),
      started(startCaddy(), (c) => c.stop()),
      bundleWorkflowCode({ workflowsPath: require.resolve('./driver-workflow'), logger: new DefaultLogger('WARN') }),
    ] as const;
    // Every start settles (and registers its stop) before a failure of one is rethrown.
    await Promise.allSettled(starting);
    const [{ pg, temporal }, pdns, caddy, { code }] = await Promise.all(starting);
    const db = openDatabase({ url: pg.url });
    stops.push(() => db.close());
    await migrate(db);
    const counter = await started(startDeleteCounter(pdns.apiUrl), (c) => c.stop());
    const bundle = path.join(o.workDir, 'account-driver-bundle.js');
    await writeFile(bundle, code);
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: temporal.namespace });
    const taskQueue = 'account-revocation-bench';
    o.log(`Temporal ${temporal.address}, PowerDNS ${pdns.apiUrl} (relay ${counter.url}), Caddy ${caddy.adminUrl}`);

    let workers = 0;
    const startWorker = async (): Promise<ManagedProcess> => {
      const proc = startProcess(process.execPath, ['--import', 'tsx', require.resolve('./worker-main')], {
        name: 'account bench worker',
        logFile: path.join(o.workDir, `${o.profile}-worker-${++workers}.log`),
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          TZ: 'UTC',
          NODE_ENV: 'production',
          DATABASE_URL: pg.url,
          TEMPORAL_ADDRESS: temporal.address,
          TEMPORAL_NAMESPACE: temporal.namespace,
          BENCH_TASK_QUEUE: taskQueue,
          BENCH_WORKFLOW_BUNDLE: bundle,
          BENCH_PDNS_URL: counter.url,
          BENCH_PDNS_KEY: pdns.apiKey,
          BENCH_CADDY_ADMIN: caddy.adminUrl,
          BENCH_CADDY_SERVER: caddy.serverName,
        },
      });
      stops.push(() => proc.stop());
      await waitForPollers(connection, temporal.namespace, taskQueue, 120_000, () => proc.exitReason());
      return proc;
    };

    return {
      db,
      client,
      pdns,
      caddy,
      counter,
      providers: {
        dns: createPowerDnsProvider({ apiUrl: pdns.apiUrl, apiKey: pdns.apiKey, timeoutMs: 60_000 }),
        proxy: createCaddyProxyProvider({ adminUrl: caddy.adminUrl, server: caddy.serverName, timeoutMs: 60_000 }),
      },
      edge: {
        pdns: { apiUrl: pdns.apiUrl, apiKey: pdns.apiKey },
        caddy: { adminUrl: caddy.adminUrl, server: caddy.serverName },
      },
      taskQueue,
      startWorker,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
