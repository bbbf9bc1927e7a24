/**
 * The terminus worker in its own process, for the fault suite: the production wiring (configuration parsed from
 * the environment like `src/worker.ts`, `buildActivityDeps`, `buildActivities`, `createTerminusWorker`, the
 * pre-built workflow bundle) against the scenario's Temporal server, database, SMTP sink and sandbox edge. Two
 * taps, no behaviour change: every activity call and every edge change is written to the fault ledger
 * (`FAULT_LEDGER`), and at a configured freeze point (`FAULT_FREEZE`, JSON list of {@link FreezePoint}) the
 * activity stops and never returns, so the test can SIGKILL the process at exactly that moment.
 * Run with `node --import tsx fault-worker.ts`.
 */
import { NativeConnection } from '@temporalio/worker';
import type { EdgeProviders } from '../../../src/adapters/edge/provider';
import { loadAppConfig } from '../../../src/config/app-config';
import { openDatabase } from '../../../src/db/database';
import { createLogger } from '../../../src/platform/logger';
import { installTemporalRuntime } from '../../../src/platform/temporal-runtime';
import { buildActivities } from '../../../src/worker/activities';
import { buildActivityDeps } from '../../../src/worker/activity-deps';
import { createTerminusWorker } from '../../../src/worker/create-worker';
import { appendLedger, inputKey, matches, readLedger, type FreezePoint, type LedgerEntry } from './ledger';

const ledgerFile = process.env.FAULT_LEDGER ?? '';
const freezePoints = JSON.parse(process.env.FAULT_FREEZE ?? '[]') as FreezePoint[];
const pid = process.pid;
const at = () => new Date().toISOString();
const write = (entry: LedgerEntry) => appendLedger(ledgerFile, entry);

/** Stops here for good the first time this point meets this input (a retry after the kill runs through). */
async function maybeFreeze(activity: string, when: 'before' | 'after', input: unknown): Promise<void> {
  const key = inputKey(input);
  for (const point of freezePoints) {
    if (!matches(point, activity, when, input)) continue;
    const seen = readLedger(ledgerFile).some((e) => e.kind === 'freeze' && e.point === point.id && e.key === key);
    if (seen) continue;
    write({ kind: 'freeze', pid, point: point.id, key, at: at() });
    await new Promise<never>(() => undefined); // the test kills the process here
  }
}

type ActivityFn = (...args: never[]) => Promise<unknown>;

function tapActivities(activities: Record<string, ActivityFn>): Record<string, ActivityFn> {
  const tapped: Record<string, ActivityFn> = {};
  for (const [name, fn] of Object.entries(activities)) {
    tapped[name] = async (...args: never[]) => {
      const input: unknown = args[0];
      const key = inputKey(input);
      write({ kind: 'activity', pid, name, phase: 'start', key, at: at() });
      await maybeFreeze(name, 'before', input);
      let result: unknown;
      try {
        result = await fn(...args);
      } catch (err) {
        write({ kind: 'activity', pid, name, phase: 'failed', key, at: at() });
        throw err;
      }
      write({ kind: 'activity', pid, name, phase: 'done', key, at: at() });
      await maybeFreeze(name, 'after', input);
      return result;
    };
  }
  return tapped;
}

function tapProviders({ dns, proxy }: EdgeProviders): EdgeProviders {
  const record = async <T>(call: string, target: string, run: () => Promise<T>): Promise<T> => {
    const result = await run();
    write({ kind: 'edge', pid, call, target, result, at: at() });
    return result;
  };
  return {
    dns: {
      id: dns.id,
      listZones: () => dns.listZones(),
      getZone: (name) => dns.getZone(name),
      deleteZone: (name) => record('deleteZone', name, () => dns.deleteZone(name)),
      putZone: (zone) => record('putZone', zone.name, () => dns.putZone(zone)),
    },
    proxy: {
      id: proxy.id,
      listRoutes: () => proxy.listRoutes(),
      removeHost: (routeId, host) => record('removeHost', host, () => proxy.removeHost(routeId, host)),
      putRoute: (route) => record('putRoute', route.id, () => proxy.putRoute(route)),
    },
  };
}

async function main(): Promise<void> {
  if (!ledgerFile) throw new Error('FAULT_LEDGER is unset');
  const config = loadAppConfig();
  if (!config.temporal.external || !config.databaseUrl) throw new Error('needs TEMPORAL_ADDRESS and DATABASE_URL');
  installTemporalRuntime(createLogger('fault-worker', config.logLevel));
  const db = openDatabase({ url: config.databaseUrl });
  const deps = buildActivityDeps({ db });
  const activities = tapActivities(
    buildActivities({ ...deps, edge: { ...deps.edge, providers: tapProviders(deps.edge.providers) } }),
  );
  const connection = await NativeConnection.connect(config.temporal.connection);
  const worker = await createTerminusWorker({ connection, config, activities });
  const running = worker.run();
  write({ kind: 'ready', pid, at: at() });
  await running;
  await connection.close();
  await db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`fault-worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
