import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { createAccountActivities } from '../../src/activities/account';
import { createCaddyProxyProvider } from '../../src/adapters/edge/caddy';
import { createPowerDnsProvider } from '../../src/adapters/edge/powerdns';
import { openDatabase } from '../../src/db/database';

/**
 * The benchmark's worker, in its own process so its memory is its own and it can be SIGKILLed: the account
 * activities over PowerDNS and Caddy, and the driver workflow from a pre-built bundle. Configured by environment
 * (see `accountWorkerEnvironment` in `world.ts`).
 */

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = openDatabase({ url: required('DATABASE_URL') });
  const providers = {
    dns: createPowerDnsProvider({
      apiUrl: required('BENCH_PDNS_URL'),
      apiKey: required('BENCH_PDNS_KEY'),
      timeoutMs: 30_000,
    }),
    proxy: createCaddyProxyProvider({
      adminUrl: required('BENCH_CADDY_ADMIN'),
      server: required('BENCH_CADDY_SERVER'),
      timeoutMs: 60_000,
    }),
  };
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    namespace: required('TEMPORAL_NAMESPACE'),
    taskQueue: required('BENCH_TASK_QUEUE'),
    workflowBundle: { codePath: required('BENCH_WORKFLOW_BUNDLE') },
    activities: createAccountActivities({ db, providers }),
  });
  await worker.run();
  await db.close();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(
    `account bench worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
