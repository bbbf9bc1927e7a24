// The workflows an API test worker runs: the real case workflow and a stand-in for `domainWatch` that keeps its
// contract (ID `watch-<domain>`, stops at `followUpUntil` or on `stopWatch`). Provider changes are sent by the
// tests themselves as the case's `providerChanged` signal.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';
import type { DomainWatchInput, DomainWatchResult } from '../../../src/workflows/watch/messages';

export { terminationCase } from '../../../src/workflows/case/termination-case';
export { dsaSubmission } from '../../../src/workflows/dsa-submission/dsa-submission';

const stopWatch = defineSignal('stopWatch');

export async function domainWatch(input: DomainWatchInput): Promise<DomainWatchResult> {
  let stopped = false;
  setHandler(stopWatch, () => void (stopped = true));
  const ended = await condition(() => stopped, Math.max(1, Date.parse(input.followUpUntil) - Date.now()));
  return { domain: input.domain, chain: [], stoppedBecause: ended ? 'stopped_by_staff' : 'follow_up_ended' };
}
