// The workflows a case test worker runs: the real case workflow and a small stand-in for the monitoring
// capability's `domainWatch` and `watchGroup` (their own tests cover them). The stand-ins keep the contract: IDs
// `watch-<domain>` and `watch-group-<caseId>-<n>`, stop at `followUpUntil` or on `stopWatch`.
import { condition, defineSignal, setHandler, sleep } from '@temporalio/workflow';
import type {
  DomainWatchInput,
  DomainWatchResult,
  WatchGroupInput,
  WatchGroupResult,
} from '../../../src/workflows/watch/messages';

export { terminationCase } from '../../../src/workflows/case/termination-case';
export { dsaSubmission } from '../../../src/workflows/dsa-submission/dsa-submission';

const stopWatch = defineSignal('stopWatch');

export async function domainWatch(input: DomainWatchInput): Promise<DomainWatchResult> {
  const stoppedBecause = await watchUntil(input.followUpUntil);
  return { domain: input.domain, chain: [], stoppedBecause };
}

export async function watchGroup(input: WatchGroupInput): Promise<WatchGroupResult> {
  const stoppedBecause = await watchUntil(input.followUpUntil);
  return { domains: input.domains.length, changesConfirmed: 0, alertsSent: 0, probes: 0, stoppedBecause };
}

async function watchUntil(followUpUntil: string): Promise<DomainWatchResult['stoppedBecause']> {
  let stopped = false;
  setHandler(stopWatch, () => void (stopped = true));
  // No timer cancellation (see CaseRuntime.timerFor): whichever comes first ends the watch. A minute of slack past
  // the follow-up end, so the case's own timer and its stopWatch signal come first: on the time-skipping server a
  // signal racing the watch's completion has stalled time skipping for minutes.
  const until = Date.parse(followUpUntil) + 60_000;
  await Promise.race([condition(() => stopped), sleep(Math.max(1, until - Date.now()))]);
  return stopped ? 'stopped_by_staff' : 'follow_up_ended';
}
