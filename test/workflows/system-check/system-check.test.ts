import { Worker } from '@temporalio/worker';
import type { SystemActivities } from '../../../src/activities/system';
import { systemCheck } from '../../../src/workflows/system-check/system-check';
import { recordHistory } from '../../support/histories';
import {
  startTimeSkippingEnv,
  uniqueId,
  uniqueTaskQueue,
  workflowsPath,
  type TimeSkippingEnv,
} from '../../support/temporal-env';

describe('systemCheck on the time-skipping server', () => {
  let ts: TimeSkippingEnv;
  beforeAll(async () => {
    ts = await startTimeSkippingEnv();
  });
  afterAll(async () => {
    await ts?.teardown();
  });

  it('skips a 30-day timer, runs the activity with a stable idempotency key and returns its answer', async () => {
    const { env } = ts;
    const taskQueue = uniqueTaskQueue('system');
    const keys: string[] = [];
    const activities: SystemActivities = {
      recordSystemCheck: (input) => {
        keys.push(input.idempotencyKey);
        return Promise.resolve({ installationId: 'inst-1', recordedAt: '2026-01-01T00:00:00.000Z', inserted: true });
      },
    };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
    const workflowId = uniqueId('system-check');
    const startedAt = await env.currentTimeMs();
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(systemCheck, {
        workflowId,
        taskQueue,
        args: [{ requestedAt: '2026-01-01T00:00:00.000Z', pauseMs: 30 * 24 * 3600_000 }],
      });
      const r = await handle.result();
      await recordHistory(handle, 'systemCheck-pause');
      return r;
    });
    expect(result).toEqual({ workflowId, installationId: 'inst-1', recordedAt: '2026-01-01T00:00:00.000Z' });
    expect(keys).toEqual([`${workflowId}/record`]);
    // Server time moved by the whole timer: time skipping is on (the private-connect path in temporal-env works).
    expect((await env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(30 * 24 * 3600_000);
  });
});
