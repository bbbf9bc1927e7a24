import { defineSignal, executeChild, setHandler } from '@temporalio/workflow';
import { domainWatch, type DomainWatchRunInput } from '../../../src/workflows/watch/domain-watch';
import {
  PROVIDER_CHANGED_SIGNAL,
  type DomainWatchResult,
  type ProviderChange,
  type WatchGroupResult,
} from '../../../src/workflows/watch/messages';
import { watchGroup, type WatchGroupRunInput } from '../../../src/workflows/watch/watch-group';

/** The workflows the watch tests register: the real watches, and stand-in parent cases. */
export { domainWatch };

/** Stands in for the case workflow: starts the watch as a child and records every `providerChanged` signal. */
export async function watchParent(input: {
  watch: DomainWatchRunInput;
}): Promise<{ signals: ProviderChange[]; result: DomainWatchResult }> {
  const signals: ProviderChange[] = [];
  setHandler(defineSignal<[ProviderChange]>(PROVIDER_CHANGED_SIGNAL), (change) => void signals.push(change));
  const result = await executeChild(domainWatch, { workflowId: `watch-${input.watch.domain}`, args: [input.watch] });
  return { signals, result };
}

export { watchGroup };

/** Stands in for the case workflow of a group: starts the group as a child and records every `providerChanged`. */
export async function watchGroupParent(input: {
  workflowId: string;
  group: WatchGroupRunInput;
}): Promise<{ signals: ProviderChange[]; result: WatchGroupResult }> {
  const signals: ProviderChange[] = [];
  setHandler(defineSignal<[ProviderChange]>(PROVIDER_CHANGED_SIGNAL), (change) => void signals.push(change));
  const result = await executeChild(watchGroup, { workflowId: input.workflowId, args: [input.group] });
  return { signals, result };
}
