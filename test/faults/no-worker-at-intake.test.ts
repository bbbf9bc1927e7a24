// A case opened while no worker runs (all crashed, or none started yet): the service starts the workflow and
// answers with the case's IDs instead of a timeout (a client retrying a timeout would hit "already open"); the
// first worker to arrive opens the case, and it completes exactly once.
import { approve, cutoffIn, endMonitoringAndClose, submitFindings, waitForStage } from '../support/faults/case-driver';
import { expectTerminatedExactlyOnce } from '../support/faults/checks';
import { intakeFor } from '../support/faults/customer';
import { startFaultEnv, type FaultEnv } from '../support/faults/fault-env';

let env: FaultEnv | undefined;
beforeAll(async () => {
  env = await startFaultEnv('no-worker');
}, 240_000);
afterAll(async () => env?.stop(), 120_000);

it('opened with no worker running: the IDs at once, the case goes on when a worker starts', async () => {
  const s = await env!.scenario('noworker');
  const opened = await s.service.open(intakeFor(s.customer, cutoffIn(20_000)));
  expect(opened).toEqual({ caseId: s.caseId, runId: expect.any(String) });
  const described = await env!.client.workflow.getHandle(s.caseId).describe();
  expect(described.status.name).toBe('RUNNING');

  await s.startWorker();
  await waitForStage(s, 'investigating');
  await submitFindings(s);
  await approve(s);
  await waitForStage(s, 'monitoring', 240_000);
  await expectTerminatedExactlyOnce(s, await endMonitoringAndClose(s));
}, 420_000);
