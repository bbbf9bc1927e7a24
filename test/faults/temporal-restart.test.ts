// The Temporal server (the dev server on SQLite; on the cluster profile, the real server on PostgreSQL) stopped while a case waits for its cutoff, kept down until the cutoff has
// passed, and started again on the same port and SQLite file. The worker process is not restarted: it must ride
// out the outage and reconnect. The overdue cutoff timer fires once, revocation runs once, and the case completes.
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
import { untilClockPasses } from '../support/faults/kill-points';

let env: FaultEnv | undefined;
beforeAll(async () => {
  env = await startFaultEnv('temporal-restart');
}, 240_000);
afterAll(async () => env?.stop(), 120_000);

it('Temporal stopped before the cutoff and started after it: the case completes on the same worker', async () => {
  const s = await env!.scenario('tsrv');
  const worker = await s.startWorker();
  await openCase(s, cutoffIn(40_000));
  await submitFindings(s);
  await approve(s);
  const waiting = await waitForStage(s, 'awaiting_cutoff');
  const cutoffAt = Date.parse(waiting.deadlines.cutoffAt ?? '');

  await env!.temporal.stop();
  const stoppedAt = Date.now();
  expect(cutoffAt).toBeGreaterThan(stoppedAt); // still ahead: the timer comes due while the server is down
  await untilClockPasses(cutoffAt + 2_000);
  await env!.temporal.start();
  const downMs = Date.now() - stoppedAt;

  const monitoring = await waitForStage(s, 'monitoring', 240_000);
  expect(Date.parse(monitoring.revokedAt ?? '')).toBeGreaterThan(stoppedAt + downMs - 1);
  const closed = await endMonitoringAndClose(s);
  await expectTerminatedExactlyOnce(s, closed);
  expect({ workers: s.workers.length, alive: worker.alive() }).toEqual({ workers: 1, alive: true });
}, 420_000);
