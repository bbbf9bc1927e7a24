// The app database restarted three times while a case runs, each time while an activity needs it: in legal review
// (the hold registry), while the notice goes out (the outbox) and at revocation (edge operations). The embedded
// PostgreSQL server is really shut down and started again from its files on the same port (on a PostgreSQL of your
// own, every connection is cut and refused; see support/faults/database.ts). Activities fail, are retried, and the
// case completes exactly once.
import {
  approve,
  cutoffIn,
  endMonitoringAndClose,
  openCase,
  submitFindings,
  waitForCase,
  waitForStage,
} from '../support/faults/case-driver';
import { expectTerminatedExactlyOnce } from '../support/faults/checks';
import { startFaultEnv, type FaultEnv, type Scenario } from '../support/faults/fault-env';
import { failedAttempts } from '../support/faults/kill-points';

let env: FaultEnv | undefined;
beforeAll(async () => {
  env = await startFaultEnv('db-restart');
}, 240_000);
afterAll(async () => env?.stop(), 120_000);

/** Keeps the database down until `activity` has failed against it at least once, then brings it back. */
async function outageUntilFailed(s: Scenario, activity: string, during: () => Promise<unknown>): Promise<void> {
  const before = failedAttempts(s.ledger(), activity);
  await env!.database.stop();
  try {
    await during();
    await s.waitForLedger(`${activity} failing on the stopped database`, (es) => failedAttempts(es, activity) > before);
  } finally {
    await env!.database.start();
  }
}

it('database down in legal review, while notifying and at revocation: the case completes exactly once', async () => {
  const s = await env!.scenario('dbr');
  const worker = await s.startWorker();
  await openCase(s, cutoffIn(75_000));
  await waitForCase(s, 'observed', (v) => !!v.observedAt);

  await outageUntilFailed(s, 'checkHoldRegistry', () => submitFindings(s));
  await waitForCase(s, 'holds checked once the database is back', (v) => !!v.holdsCheckedAt);
  await outageUntilFailed(s, 'sendCustomerMessage', () => approve(s));
  const waiting = await waitForStage(s, 'awaiting_cutoff', 120_000);
  expect(Date.parse(waiting.deadlines.cutoffAt ?? '')).toBeGreaterThan(Date.now()); // revocation still ahead
  await outageUntilFailed(s, 'revokeService', () => Promise.resolve());

  await waitForStage(s, 'monitoring', 240_000);
  const closed = await endMonitoringAndClose(s);
  await expectTerminatedExactlyOnce(s, closed);
  expect(worker.alive()).toBe(true);
}, 420_000);
