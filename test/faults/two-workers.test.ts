// Two worker processes on the same task queue, on the real dev server: both poll (the server lists both), the
// case's activities spread over them, and when the one that ran the notice is SIGKILLed right after the SMTP
// server accepted it, the other one takes over without any restart. Still one notice per recipient, each
// revocation applied once, nothing lost.
import { temporal } from '@temporalio/proto';
import {
  approve,
  cutoffIn,
  endMonitoringAndClose,
  openCase,
  submitFindings,
  waitForStage,
} from '../support/faults/case-driver';
import { expectTerminatedExactlyOnce } from '../support/faults/checks';
import { startFaultEnv, type FaultEnv } from '../support/faults/fault-env';
import { freezesAt } from '../support/faults/kill-points';

let env: FaultEnv | undefined;
beforeAll(async () => {
  env = await startFaultEnv('two-workers');
}, 240_000);
afterAll(async () => env?.stop(), 120_000);

/**
 * Waits until the server lists exactly `pids` as pollers of the task queue for `type` (the SDK's default worker
 * identity starts with the pid); a worker is ready before its first poll reaches the server.
 */
async function expectPollers(
  e: FaultEnv,
  taskQueue: string,
  type: temporal.api.enums.v1.TaskQueueType,
  pids: number[],
): Promise<void> {
  const deadline = Date.now() + 30_000;
  let seen: number[] = [];
  while (Date.now() < deadline) {
    const res = await e.client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: type,
    });
    seen = (res.pollers ?? []).map((p) => Number(String(p.identity).split('@')[0])).sort();
    if (seen.length === pids.length && seen.every((p, i) => p === pids[i])) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(seen).toEqual(pids);
}

it('two workers on one task queue: both serve it, one dies after the SMTP accept, the other finishes the case once', async () => {
  const s = await env!.scenario('two');
  const freeze = [{ id: 'notice-accepted', activity: 'sendCustomerMessage', when: 'after' as const }];
  const [a, b] = await Promise.all([s.startWorker(freeze), s.startWorker(freeze)]);
  const pids = [a.pid, b.pid].sort();
  const { TASK_QUEUE_TYPE_WORKFLOW: WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY: ACTIVITY } =
    temporal.api.enums.v1.TaskQueueType;
  await expectPollers(env!, s.taskQueue, WORKFLOW, pids);
  await expectPollers(env!, s.taskQueue, ACTIVITY, pids);

  await openCase(s, cutoffIn(20_000));
  await submitFindings(s);
  await approve(s);
  const [frozen] = freezesAt(
    await s.waitForLedger('the notice accepted', (es) => freezesAt(es, 'notice-accepted').length === 1),
    'notice-accepted',
  );
  const [victim, survivor] = frozen!.pid === a.pid ? [a, b] : [b, a];
  await victim.kill();

  await waitForStage(s, 'monitoring', 240_000);
  const closed = await endMonitoringAndClose(s);
  await expectTerminatedExactlyOnce(s, closed);

  // The survivor was never restarted, and the work really was shared: activities ran in both processes.
  expect(s.workers).toHaveLength(2);
  expect({ victim: victim.alive(), survivor: survivor.alive() }).toEqual({ victim: false, survivor: true });
  const ranIn = new Set(s.ledger().flatMap((e) => (e.kind === 'activity' && e.phase === 'done' ? [e.pid] : [])));
  expect([...ranIn].sort()).toEqual(pids);
  const notices = s
    .ledger()
    .filter((e) => e.kind === 'activity' && e.name === 'sendCustomerMessage' && e.phase === 'done');
  expect(notices.map((e) => e.pid)).toEqual([victim.pid, survivor.pid]); // sent by one, found sent by the other
}, 420_000);
