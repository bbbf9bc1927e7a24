// The workflows a case test worker runs: the real case workflow and a small stand-in for the monitoring
// capability's `domainWatch` (its own tests cover it). The stand-in keeps the contract: ID `watch-<domain>`,
// stops at `followUpUntil` or on `stopWatch`.
import { condition, defineSignal, setHandler, sleep } from '@temporalio/workflow';
import type { DomainWatchInput, DomainWatchResult } from '../../../src/workflows/domain-watch-contract';

export { terminationCase } from '../../../src/workflows/termination-case';

const stopWatch = defineSignal('stopWatch');

export async function domainWatch(input: DomainWatchInput): Promise<DomainWatchResult> {
  let stopped = false;
  setHandler(stopWatch, () => void (stopped = true));
  // No timer cancellation (see CaseRuntime.timerFor): whichever comes first ends the watch.
  await Promise.race([condition(() => stopped), sleep(Math.max(1, Date.parse(input.followUpUntil) - Date.now()))]);
  return { domain: input.domain, chain: [], stoppedBecause: stopped ? 'stopped_by_staff' : 'follow_up_ended' };
}
