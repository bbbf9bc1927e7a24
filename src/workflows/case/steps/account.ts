import { allHandlersFinished, condition, patched } from '@temporalio/workflow';
import type { DiscoveryPhase } from '../../../domain/case/account-items';
import { applyDiscovery, applyProgress, caseAccountIds, isAccountCase } from '../../../domain/case/account-case';
import { record } from '../../../domain/case/timeline';
import { accountActivities, accountBatchActivities, failureMessageOf } from '../activity-proxies';
import type { CaseRuntime } from '../runtime';

/**
 * The account part of a case (issue 18): discovery of the account's zones and proxied hostnames at intake and just
 * before revocation, and revocation as a loop of heartbeating batches. The names stay in the app database; the state
 * keeps counts, and the loop checks for continue-as-new between batches, so 10,000 names run in bounded history with
 * one activity pending at a time. Every command here came with the `account-items` patch (domain cases never reach
 * it, and committed histories replay unchanged).
 */

/** Whether this run takes the account path: an account case, on code that has the patch. */
export function accountPath(rt: CaseRuntime): boolean {
  return isAccountCase(rt.state) && rt.state.accountItems !== undefined && patched('account-items');
}

/** Runs one discovery and records it; false if the edge could not be listed (the caller decides what that means). */
export async function discoverItems(rt: CaseRuntime, phase: DiscoveryPhase): Promise<boolean> {
  const s = rt.state;
  const items = s.accountItems!;
  try {
    const result = await accountActivities.discoverAccountItems({
      idempotencyKey: rt.key(`discover-${phase}-${items.discoveries.length}`),
      caseId: s.caseId,
      accountIds: caseAccountIds(s.intake),
      phase,
    });
    applyDiscovery(items, s, phase, result, rt.iso());
    rt.refreshDetails();
    return true;
  } catch (err) {
    record(s, rt.iso(), 'items_discovered', `${phase} discovery failed: ${failureMessageOf(err)}`);
    return false;
  }
}

/** Discovery at intake, once per case: a failure is recorded, and the pre-revocation discovery catches up. */
export async function discoverAtIntake(rt: CaseRuntime): Promise<void> {
  if (!accountPath(rt) || rt.state.accountItems!.discoveries.some((d) => d.phase === 'intake')) return;
  await discoverItems(rt, 'intake');
}

/** What a round of account revocation ended with: all pending names handled, or some failed (staff retry). */
export type AccountRound = { failed: number } | 'discovery_failed';

/**
 * Revokes the account's items: the pre-revocation discovery once (exclusions close when it starts), then batches
 * until nothing is pending. Returns how many failed, for the caller's escalation. Resumable from the state alone:
 * after continue-as-new the loop starts again from the counts, and the activity takes whatever rows are still
 * pending.
 */
export async function revokeAccountItems(rt: CaseRuntime): Promise<AccountRound> {
  const s = rt.state;
  const items = s.accountItems!;
  if (!items.revocationStartedAt) {
    // An exclusion in flight (its handler awaits the item store) finishes before the last discovery.
    await condition(allHandlersFinished);
    items.revocationStartedAt = rt.iso();
    if (!(await discoverItems(rt, 'pre_revocation'))) {
      delete items.revocationStartedAt;
      return 'discovery_failed';
    }
  }
  if (items.retryRequested) {
    const { requeued } = await accountActivities.retryFailedAccountItems({ caseId: s.caseId });
    items.retryRequested = false;
    items.failed = Math.max(0, items.failed - requeued);
    items.remaining += requeued;
    record(s, rt.iso(), 'revocation_retry_requested', `${requeued} failed name(s) back to pending`);
  }
  while (items.remaining > 0) {
    const before = items.remaining;
    const progress = await accountBatchActivities.revokeAccountBatch({
      caseId: s.caseId,
      accountIds: caseAccountIds(s.intake),
      services: [...s.intake.services],
      batchSize: items.batchSize,
    });
    applyProgress(items, s, progress, rt.iso());
    rt.refreshDetails();
    if (progress.remaining >= before && progress.revokedInBatch === 0 && progress.failedSample.length === 0) {
      // A batch that moved nothing would loop for ever: hand it to staff as a failure of the round.
      record(s, rt.iso(), 'revocation_failed', `a revocation batch made no progress (${before} remaining)`);
      return { failed: Math.max(items.failed, 1) };
    }
    if (rt.shouldContinueAsNew()) await rt.continueAsNew();
  }
  return { failed: items.failed };
}
