import { defineSignal, executeChild, setHandler } from '@temporalio/workflow';
import { domainWatch, type DomainWatchRunInput } from '../../../src/workflows/watch/domain-watch';
import {
  PROVIDER_CHANGED_SIGNAL,
  type DomainWatchResult,
  type ProviderChange,
} from '../../../src/workflows/watch/messages';

/** The workflows the domain-watch tests register: the real watch, and a stand-in parent case. */
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
