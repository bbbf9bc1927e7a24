import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type {
  EdgeActivities,
  RevokeServiceResult,
  VerifyRevocationResult,
} from '../../../src/activities/edge-contract';
import { NON_RETRYABLE_FAILURE_TYPES } from '../../../src/domain/failures';

/**
 * A test-only workflow running the revoke stage the way the case workflow does: DNS then proxy for each domain,
 * then an outside check; activity retries with the project's non-retryable failure types. It lets the edge
 * activities be exercised by a real worker (retries, crashes between steps) without the whole case workflow.
 */
const edge = proxyActivities<EdgeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '200 ms',
    backoffCoefficient: 1,
    maximumAttempts: 5,
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
});

/** Input of {@link revokeStageFixture}. */
export interface RevokeStageInput {
  caseId: string;
  accountId: string;
  domains: string[];
  snapshotId: string;
}

/** Revokes DNS then proxy for every domain, then verifies each. */
export async function revokeStageFixture(
  input: RevokeStageInput,
): Promise<{ revoked: RevokeServiceResult[]; verified: VerifyRevocationResult[] }> {
  const { workflowId } = workflowInfo();
  const revoked: RevokeServiceResult[] = [];
  for (const domain of input.domains) {
    for (const service of ['dns', 'proxy'] as const) {
      revoked.push(
        await edge.revokeService({
          idempotencyKey: `${workflowId}/revoke/${service}/${domain}`,
          caseId: input.caseId,
          accountId: input.accountId,
          domain,
          service,
          snapshotId: input.snapshotId,
        }),
      );
    }
  }
  const verified: VerifyRevocationResult[] = [];
  for (const domain of input.domains)
    verified.push(await edge.verifyRevocation({ domain, services: ['dns', 'proxy'] }));
  return { revoked, verified };
}
