/**
 * The contract of the group watch's activities (issue 18): one call probes many domains, and the provider history
 * of each domain goes to the database instead of workflow state. Workflows import these types with `import type`.
 */
import type { ConfirmedChange } from '../domain/watch';
import type { WatchScheduleOverride } from './monitor';

/** One domain to probe: `provider` is where it is now confirmed to be (the per-provider rate limit's key). */
export interface ProbeItem {
  d: string;
  provider: string;
}

/** Input of `probeDomains`. */
export interface ProbeDomainsInput {
  items: ProbeItem[];
}

/**
 * One domain's outcome, compact (a batch result of 250 domains stays near 20 KB of history): the verdict's state,
 * provider and confidence, when it was taken (epoch ms), or why it could not be (`err`; `invalid` for a name the
 * probe can never observe).
 */
export type ProbeOutcome =
  | { d: string; at: number; s: 'ours' | 'dark' | 'elsewhere' | 'unknown'; p: string | null; c: number }
  | { d: string; at: number; err: string; invalid?: true };

/** Result of `probeDomains`, in the order of the input. */
export interface ProbeDomainsResult {
  outcomes: ProbeOutcome[];
  schedule?: WatchScheduleOverride;
}

/** Input of `recordProviderChanges`: the changes one group confirmed in one round. */
export interface RecordProviderChangesInput {
  /** The group's stable key (workflow ID and first run ID); with the domain and index it makes each row unique. */
  watchKey: string;
  caseId: string;
  changes: (ConfirmedChange & { index: number })[];
}

/** Input of `notifyGroupChange`: one webhook call per grouped change. */
export interface NotifyGroupChangeInput {
  idempotencyKey: string;
  caseId: string;
  state: string;
  provider: string | null;
  at: string;
  domains: string[];
}

/** Input of `loadCaseItemDomains`: page `page` (from 1) of `size` of an account case's revoked names. */
export interface LoadCaseItemDomainsInput {
  caseId: string;
  page: number;
  size: number;
}

/** The group watch's activities as workflows see them. */
export interface WatchGroupActivities {
  probeDomains(input: ProbeDomainsInput): Promise<ProbeDomainsResult>;
  /** The distinct names an account case revoked (zones and proxied hostnames), in name order, one page. */
  loadCaseItemDomains(input: LoadCaseItemDomainsInput): Promise<{ domains: string[] }>;
  recordProviderChanges(input: RecordProviderChangesInput): Promise<{ recorded: number }>;
  notifyGroupChange(
    input: NotifyGroupChangeInput,
  ): Promise<{ delivered: boolean; status?: number; reason?: 'not_configured' }>;
}
