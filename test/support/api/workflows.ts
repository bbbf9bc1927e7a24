// The workflows an API test worker runs: the real case workflow and stand-ins for `domainWatch` and `watchGroup`
// that keep their contract (IDs `watch-<domain>`, `watch-group-<caseId>-<n>`; stop at `followUpUntil` or on
// `stopWatch`). Provider changes are sent by the
// tests themselves as the case's `providerChanged` signal.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';
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
  return { domain: input.domain, chain: [], stoppedBecause: await watchUntil(input.followUpUntil) };
}

export async function watchGroup(input: WatchGroupInput): Promise<WatchGroupResult> {
  const stoppedBecause = await watchUntil(input.followUpUntil);
  return { domains: input.domains.length, changesConfirmed: 0, alertsSent: 0, probes: 0, stoppedBecause };
}

async function watchUntil(followUpUntil: string): Promise<DomainWatchResult['stoppedBecause']> {
  let stopped = false;
  setHandler(stopWatch, () => void (stopped = true));
  const ended = await condition(() => stopped, Math.max(1, Date.parse(followUpUntil) - Date.now()));
  return ended ? 'stopped_by_staff' : 'follow_up_ended';
}
