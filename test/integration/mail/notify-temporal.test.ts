import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createNotifyActivities } from '../../../src/activities/notify';
import { createSmtpTransport } from '../../../src/adapters/mail/smtp-transport';
import { parseSmtpConfig } from '../../../src/config/smtp';
import { startTestDatabase, type TestDatabase } from '../../support/database';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';
import { connectDevServer, uniqueId, uniqueTaskQueue } from '../../support/temporal-env';
import { statementFixture } from '../../support/fixtures/notice-fixtures';
import { mailEnv } from './mail-harness';
import { notifyOnce, type NotifyOnceInput } from './notify-workflow';

jest.setTimeout(180_000);

/**
 * The notify activity under real Temporal retries: a workflow worker runs `notifyOnce`, activity workers run the
 * production notify activities against a real SMTP server and a real database. The crash test kills an
 * activity worker process between the server's acceptance (recorded in the outbox) and the activity's
 * completion, then starts a new worker: the workflow completes and the server has the notice exactly once.
 */
describe('notify under Temporal: retries and a killed worker', () => {
  let env: TestWorkflowEnvironment;
  let tdb: TestDatabase;
  let sink: SmtpSink;
  let workflowWorker: Worker;
  let workflowWorkerRun: Promise<void>;
  const workflowQueue = uniqueTaskQueue('notify-wf');
  const closers: Array<() => void> = [];

  const activityWorker = async (taskQueue: string): Promise<Worker> => {
    const config = parseSmtpConfig(mailEnv(sink.url));
    const transport = createSmtpTransport(config.connection);
    closers.push(() => transport.close());
    const activities = createNotifyActivities({
      db: tdb.db,
      transport,
      sender: config.sender,
      staffAlertTo: config.staffAlertTo,
    });
    return Worker.create({ connection: env.nativeConnection, taskQueue, activities });
  };
  const start = (activityTaskQueue: string, startToCloseTimeoutMs = 10_000) =>
    env.client.workflow.start(notifyOnce, {
      workflowId: uniqueId('notify-once'),
      taskQueue: workflowQueue,
      args: [
        {
          activityTaskQueue,
          startToCloseTimeoutMs,
          notice: {
            caseId: 'case-acct-temporal',
            kind: 'termination_notice',
            to: ['abuse@board.example'],
            statement: statementFixture(),
            nonDisclosure: false,
          },
        } satisfies NotifyOnceInput,
      ],
    });

  beforeAll(async () => {
    [env, tdb, sink] = await Promise.all([connectDevServer(), startTestDatabase(), startSmtpSink()]);
    workflowWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: workflowQueue,
      workflowsPath: require.resolve('./notify-workflow'),
    });
    workflowWorkerRun = workflowWorker.run();
  });
  beforeEach(() => sink.clear());
  afterAll(async () => {
    workflowWorker?.shutdown();
    await workflowWorkerRun;
    closers.forEach((c) => c());
    await Promise.all([sink?.stop(), tdb?.stop()]);
    await env?.teardown();
  });

  it('451 after DATA, then accepted: Temporal retries, the server has exactly one message', async () => {
    const queue = uniqueTaskQueue('notify-act');
    const worker = await activityWorker(queue);
    sink.fail({ stage: 'data', code: 451 });
    const result = await worker.runUntil(async () => (await start(queue)).result());
    expect(result).toMatchObject({ duplicate: false, accepted: ['abuse@board.example'] });
    expect(sink.refusals).toEqual([{ stage: 'data', code: 451 }]);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.parsed.messageId).toBe(result.messageId);
  });

  it('550 after DATA: one attempt, the workflow sees a non-retryable MailRejected', async () => {
    const queue = uniqueTaskQueue('notify-act');
    const worker = await activityWorker(queue);
    sink.fail({ stage: 'data', code: 550, times: 10 });
    const err = await worker.runUntil(async () => (await start(queue)).result().catch((e: unknown) => e));
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (err as WorkflowFailedError).cause as { cause?: { type?: string; nonRetryable?: boolean } };
    expect(activityFailure.cause).toMatchObject({ type: 'MailRejected', nonRetryable: true });
    expect(sink.refusals).toEqual([{ stage: 'data', code: 550 }]); // no second attempt
    expect(sink.messages).toHaveLength(0);
  });

  it('worker killed after the server accepted and before the activity completed: restarted, the notice is sent once', async () => {
    const queue = uniqueTaskQueue('notify-crash');
    const child = spawnCrashWorker({
      temporalAddress: process.env.TERMINUS_TEST_TEMPORAL_ADDRESS ?? '',
      taskQueue: queue,
      databaseUrl: tdb.url,
      smtpUrl: sink.url,
    });
    try {
      await child.waitFor('WORKER-READY');
      const handle = await start(queue, 4_000);
      await child.waitFor('SENT-MARKED'); // the server answered 250 and the outbox row says 'sent'
      expect(sink.messages).toHaveLength(1);
      child.process.kill('SIGKILL');
      await child.exited;

      const restarted = await activityWorker(queue);
      const result = await restarted.runUntil(() => handle.result());
      expect(result).toMatchObject({ duplicate: true, accepted: ['abuse@board.example'] });
      expect(sink.messages).toHaveLength(1);
      expect(result.messageId).toBe(sink.messages[0]!.parsed.messageId);
      const history = await handle.fetchHistory();
      const attempts = (history.events ?? [])
        .filter((e) => e.activityTaskStartedEventAttributes)
        .map((e) => e.activityTaskStartedEventAttributes?.attempt);
      expect(attempts).toEqual([2]); // attempt 1 timed out with the dead worker; attempt 2 found the outbox row
    } finally {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  });
});

interface CrashChild {
  process: ChildProcess;
  exited: Promise<void>;
  waitFor(line: string, timeoutMs?: number): Promise<void>;
}

function spawnCrashWorker(config: Record<string, string>): CrashChild {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crash-worker.ts')], {
    cwd: path.resolve(__dirname, '../../..'),
    env: { ...process.env, CRASH_WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  proc.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    listeners.forEach((l) => l());
  });
  proc.stderr?.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    process: proc,
    exited: proc.exitCode !== null ? Promise.resolve() : exited,
    waitFor(line, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!out.split('\n').includes(line)) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`crash worker did not print ${line} in ${timeoutMs} ms; stderr: ${err}`));
        }, timeoutMs);
        const onExit = (): void => {
          done();
          reject(new Error(`crash worker exited before ${line}; stderr: ${err}`));
        };
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
          proc.off('exit', onExit);
        };
        listeners.add(check);
        proc.once('exit', onExit);
        check();
      });
    },
  };
}
