import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { SANDBOX_NAMESERVERS } from '../../../src/config/edge';
import { startSandboxEdge, type SandboxEdge } from '../../../src/adapters/sandbox/sandbox-edge';
import { openDatabase, type Database } from '../../../src/db/database';
import { seedSandbox } from '../../../src/dev/seed-sandbox';
import { TemporalCaseService } from '../../../src/services/case/case-service';
import { startSmtpSink, type SmtpSink } from '../smtp-sink';
import { uniqueTaskQueue } from '../temporal-env';
import { faultCustomer, seedCustomer, type FaultCustomer } from './customer';
import { startRestartableDatabase, type RestartableDatabase } from './database';
import { readLedger, type FreezePoint, type LedgerEntry } from './ledger';
import { startRestartableTemporal, type RestartableTemporal } from './temporal-server';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

/**
 * One fault environment: a file-backed Temporal dev server and a database that can both be restarted, an SMTP
 * sink that records every message, and the sandbox edge (its DNS server and proxy read the database, as in the
 * embedded stack). Scenarios share it, each with its own customer, task queue, ledger and worker processes, so
 * killing one scenario's worker leaves the others alone.
 */
export interface FaultEnv {
  readonly dir: string;
  readonly temporal: RestartableTemporal;
  readonly database: RestartableDatabase;
  /** The test's own connection pool (seeding, checks, the sandbox servers). */
  readonly db: Database;
  readonly sink: SmtpSink;
  readonly sandbox: SandboxEdge;
  readonly client: Client;
  scenario(tag: string): Promise<Scenario>;
  stop(): Promise<void>;
}

/** One scenario: a customer on the edge, a task queue, and the worker processes serving it. */
export interface Scenario {
  readonly env: FaultEnv;
  readonly tag: string;
  readonly customer: FaultCustomer;
  readonly taskQueue: string;
  readonly caseId: string;
  readonly ledgerFile: string;
  /** The service layer the API uses, on this scenario's task queue. */
  readonly service: TemporalCaseService;
  /** Every worker started for the scenario, dead or alive. */
  readonly workers: WorkerProcess[];
  startWorker(freeze?: FreezePoint[]): Promise<WorkerProcess>;
  ledger(): LedgerEntry[];
  /** Waits until the ledger holds an entry satisfying `test`; returns the matching entries. */
  waitForLedger(label: string, test: (entries: LedgerEntry[]) => boolean, timeoutMs?: number): Promise<LedgerEntry[]>;
}

/** Starts everything; call `stop` in `afterAll`. */
export async function startFaultEnv(name: string): Promise<FaultEnv> {
  const bundle = process.env.FAULTS_WORKFLOW_BUNDLE;
  if (!bundle) throw new Error('FAULTS_WORKFLOW_BUNDLE is unset: run the fault suite through `npm run test:faults`');
  const dir = await mkdtemp(path.join(tmpdir(), `terminus-faults-${name}-`));
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (process.env.TERMINUS_FAULTS_KEEP !== '1') await rm(dir, { recursive: true, force: true });
  };
  try {
    const [temporal, database, sink] = await Promise.all([
      startRestartableTemporal(dir),
      startRestartableDatabase(dir),
      startSmtpSink(),
    ]);
    stops.push(
      () => temporal.close(),
      () => database.close(),
      () => sink.stop(),
    );
    const db = openDatabase({ url: database.url });
    stops.push(() => db.close());
    const sandbox = await startSandboxEdge({ db, host: '127.0.0.1' });
    stops.push(() => sandbox.stop());
    await seedSandbox(db);
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });
    const workers: WorkerProcess[] = [];
    // Workers stop first: they hold connections to everything else.
    stops.push(() => Promise.all(workers.map((w) => w.stop())));

    const workerEnv = (taskQueue: string): NodeJS.ProcessEnv => ({
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TERMINUS_TASK_QUEUE: taskQueue,
      DATABASE_URL: database.url,
      TERMINUS_WORKFLOW_BUNDLE: bundle,
      TERMINUS_LOG_LEVEL: 'warn',
      TERMINUS_SHUTDOWN_GRACE_MS: '2000',
      TERMINUS_METRICS_ADDRESS: undefined,
      TZ: 'UTC',
      SMTP_URL: sink.url,
      MAIL_FROM: 'Trust & Safety <trust-safety@terminus.test>',
      STAFF_ALERT_TO: 'tns-staff@terminus.test',
      TERMINUS_SANDBOX_HOST: '127.0.0.1',
      TERMINUS_SANDBOX_DNS_PORT: String(sandbox.running.dnsPort),
      TERMINUS_SANDBOX_HTTP_PORT: new URL(sandbox.running.httpUrl).port,
      TERMINUS_PROBE_RESOLVERS: `127.0.0.1:${sandbox.running.dnsPort}`,
      TERMINUS_PROBE_HTTP_CONNECT_TO: new URL(sandbox.running.httpUrl).host,
      TERMINUS_EDGE_NAMESERVERS: SANDBOX_NAMESERVERS.join(','),
      TERMINUS_EDGE_HEADERS: 'x-terminus-edge=^sandbox$',
    });

    const env: FaultEnv = {
      dir,
      temporal,
      database,
      db,
      sink,
      sandbox,
      client,
      async scenario(tag) {
        const customer = faultCustomer(tag);
        await seedCustomer(db, customer);
        const taskQueue = uniqueTaskQueue(`faults-${tag}`);
        const ledgerFile = path.join(dir, `${tag}.ledger.jsonl`);
        const service = new TemporalCaseService({
          client,
          db,
          taskQueue,
          timeoutMs: 10_000,
          openWaitMs: 10_000,
          transparencyMaxOpenCases: 10,
        });
        const mine: WorkerProcess[] = [];
        const ledger = () => readLedger(ledgerFile);
        return {
          env,
          tag,
          customer,
          taskQueue,
          caseId: `case-${customer.accountId}`,
          ledgerFile,
          service,
          workers: mine,
          ledger,
          async startWorker(freeze = []) {
            const worker = await startWorkerProcess({
              env: workerEnv(taskQueue),
              ledgerFile,
              logFile: path.join(dir, `${tag}.worker.log`),
              freeze,
            });
            mine.push(worker);
            workers.push(worker);
            return worker;
          },
          async waitForLedger(label, test, timeoutMs = 120_000) {
            const deadline = Date.now() + timeoutMs;
            for (;;) {
              const entries = ledger();
              if (test(entries)) return entries;
              if (Date.now() > deadline) {
                const tails = mine.map((w) => `worker ${w.pid}: ${w.tail().slice(-1500)}`).join('\n');
                throw new Error(`${tag}: no ${label} in the ledger after ${timeoutMs} ms\n${tails}`);
              }
              await new Promise((r) => setTimeout(r, 100));
            }
          },
        };
      },
      stop: stopAll,
    };
    return env;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
