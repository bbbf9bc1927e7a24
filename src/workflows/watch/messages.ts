/**
 * The contract between the case workflow and the per-domain watch (the child workflow `domainWatch`,
 * workflow ID `watch-<domain>`). Kept apart from both so neither imports the other's implementation.
 */

import type { ProviderChange } from '../../domain/watch/provider-change';

/** Input of `domainWatch`. Instants are ISO strings computed by the parent. */
export interface DomainWatchInput {
  caseId: string;
  domain: string;
  /** When service ended (or now, for aliases added later). */
  cutoffAt: string;
  /** The watch stops by itself at this instant (policy's follow-up period). */
  followUpUntil: string;
}

export type { ProviderChange };

/** Result of a watch: the whole provider chain it saw. */
export interface DomainWatchResult {
  domain: string;
  chain: ProviderChange[];
  stoppedBecause: 'follow_up_ended' | 'stopped_by_staff';
}

/** Signal names shared by both sides. */
export const PROVIDER_CHANGED_SIGNAL = 'providerChanged';
export const STOP_WATCH_SIGNAL = 'stopWatch';
