import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { SystemActivities } from '../../activities/system';

/** Input of `systemCheck`. `pauseMs` exercises a durable timer (0 for an instant answer). */
export interface SystemCheckInput {
  requestedAt: string;
  pauseMs?: number;
}

/** What the check proved: a worker ran it, a timer fired, the database took a write. */
export interface SystemCheckResult {
  workflowId: string;
  installationId: string;
  recordedAt: string;
}

const { recordSystemCheck } = proxyActivities<SystemActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5, initialInterval: '200 milliseconds' },
});

/**
 * The end-to-end check behind `GET /health/deep` and the smoke test: API -> Temporal -> worker -> database.
 * Workflow ID `system-check-<requestedAt>`, so the Web UI shows when each check ran.
 */
export async function systemCheck(input: SystemCheckInput): Promise<SystemCheckResult> {
  if (input.pauseMs) await sleep(input.pauseMs);
  const { workflowId } = workflowInfo();
  const recorded = await recordSystemCheck({ idempotencyKey: `${workflowId}/record`, requestedAt: input.requestedAt });
  return { workflowId, installationId: recorded.installationId, recordedAt: recorded.recordedAt };
}
