// A domain watched again by a later case (same workflow ID `watch-<domain>`, found by the demo run twice on one
// stack): its alerts and webhook calls must carry keys of their own, or the notify activity's exactly-once store
// and webhook receivers drop them as repeats of the first case's.
import type { WorkflowClient } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { SendStaffAlertInput } from '../../../src/activities/notify-contract';
import type { NotifyProviderChangeInput } from '../../../src/activities/monitor';
import { stopWatchSignal, type domainWatch } from '../../../src/workflows/watch/domain-watch';
import { startTimeSkippingEnv, uniqueTaskQueue, type TimeSkippingEnv } from '../../support/temporal-env';

const MINUTE = 60_000;
const DOMAIN = 'again.example';

let ts: TimeSkippingEnv;
let client: WorkflowClient;
let worker: Worker;
let running: Promise<void>;
const taskQueue = uniqueTaskQueue('rewatch');
/** What the exactly-once store would do: the first call per key is sent, later ones are repeats. */
const sentKeys = new Set<string>();
const alerts: { key: string; duplicate: boolean; caseId: string }[] = [];
const webhookKeys: string[] = [];

beforeAll(async () => {
  ts = await startTimeSkippingEnv();
  client = ts.env.client.workflow;
  worker = await Worker.create({
    connection: ts.env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./test-workflows'),
    activities: {
      // Always dark: each watch confirms one change (ours -> dark) after three observations.
      observeDomain: () =>
        Promise.resolve({
          observation: {},
          verdict: { state: 'dark', provider: null, confidence: 0.9, evidence: [], reason: 'NXDOMAIN' },
        }),
      notifyProviderChange: (input: NotifyProviderChangeInput) => {
        webhookKeys.push(input.idempotencyKey);
        return Promise.resolve({ delivered: true, status: 204 });
      },
      sendStaffAlert: (input: SendStaffAlertInput) => {
        const duplicate = sentKeys.has(input.idempotencyKey);
        sentKeys.add(input.idempotencyKey);
        alerts.push({ key: input.idempotencyKey, duplicate, caseId: input.caseId });
        return Promise.resolve({ duplicate });
      },
    },
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await ts?.teardown();
});

async function watchOnce(caseRef: string): Promise<string> {
  const cutoffMs = await ts.env.currentTimeMs();
  const handle = await client.start<typeof domainWatch>('domainWatch', {
    taskQueue,
    workflowId: `watch-${DOMAIN}`,
    args: [
      {
        caseId: `case-acct-${caseRef}`,
        domain: DOMAIN,
        cutoffAt: new Date(cutoffMs).toISOString(),
        followUpUntil: new Date(cutoffMs + 24 * 60 * MINUTE).toISOString(),
      },
    ],
  });
  while (!alerts.some((a) => a.caseId === `case-acct-${caseRef}`)) await ts.env.sleep(5 * MINUTE);
  await handle.signal(stopWatchSignal, { reason: 'case closed' });
  await handle.result();
  return handle.firstExecutionRunId;
}

it("alerts a later case's watch of the same domain again, under keys of its own", async () => {
  const firstRun = await watchOnce('first');
  const secondRun = await watchOnce('second');
  expect(alerts.map((a) => a.key)).toEqual([
    `watch-${DOMAIN}/${firstRun}/migration/0`,
    `watch-${DOMAIN}/${secondRun}/migration/0`,
  ]);
  expect(alerts.map((a) => a.duplicate)).toEqual([false, false]);
  expect(new Set(webhookKeys).size).toBe(2);
});
