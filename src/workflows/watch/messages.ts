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

/** The group watch's workflow type (issue 18): one workflow watches up to {@link MAX_GROUP_DOMAINS} domains. */
export const WATCH_GROUP_WORKFLOW = 'watchGroup';

/** Most domains in one group: a case with more gets several groups. */
export const MAX_GROUP_DOMAINS = 1000;

/** A group's workflow ID: `watch-group-<caseId>-<n>` (n counts the case's groups from 1). */
export const watchGroupWorkflowId = (caseId: string, n: number): string => `watch-group-${caseId}-${n}`;

/** The ID of an account case's group over page `n` of its revoked names: `watch-group-<caseId>-items-<n>`. */
export const itemsWatchGroupWorkflowId = (caseId: string, n: number): string => `watch-group-${caseId}-items-${n}`;

/** Input of `watchGroup`. Instants are ISO strings computed by the parent. */
export interface WatchGroupInput {
  caseId: string;
  /** At most {@link MAX_GROUP_DOMAINS}, distinct; empty when `source` says where to read them. */
  domains: string[];
  /**
   * An account case's names stay out of its history: the group reads page `page` (from 1) of `size` of the case's
   * revoked names from the app database when it starts.
   */
  source?: { caseItems: { page: number; size: number } };
  /** When service ended for these domains (or now, for aliases added later): their first probe is due then. */
  cutoffAt: string;
  followUpUntil: string;
}

/** Result of a group watch: counts (the provider history of each domain is in the database). */
export interface WatchGroupResult {
  domains: number;
  changesConfirmed: number;
  alertsSent: number;
  probes: number;
  /** `nothing_to_watch`: its page of the case's names was empty. */
  stoppedBecause: 'follow_up_ended' | 'stopped_by_staff' | 'nothing_to_watch';
}
