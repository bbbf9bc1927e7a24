import type { ServiceKind } from '../domain/case-types';
import type { AccountItem, DiscoveryPhase } from '../domain/case/account-items';

/**
 * The contract of account-scale cases (issue 18): a case whose subject is a customer account ends every zone and
 * proxied hostname the account (and its linked accounts) has on our edge. Thousands of names never enter workflow
 * state or history: they live in the app database (table `case_items`, one row per case and name), the workflow
 * keeps counts and cursors, and activities page through the rows. Every activity here is idempotent per name, so a
 * retried or resumed activity changes nothing twice.
 */

/** The item types and the store moved to the domain (the API and services page items and may not import activities). */
export type {
  AccountItem,
  AccountItemKind,
  AccountItemPage,
  AccountItemStatus,
  AccountItemStore,
  DiscoveryPhase,
} from '../domain/case/account-items';

/** Input of `discoverAccountItems`: lists the accounts' zones and routes on the edge and records new names. */
export interface DiscoverAccountItemsInput {
  idempotencyKey: string;
  caseId: string;
  /** The case's account first, then linked accounts. */
  accountIds: string[];
  phase: DiscoveryPhase;
}

/** Counts after a discovery; `addedSample` names at most 20 of the names this discovery added (for the timeline). */
export interface DiscoverAccountItemsResult {
  total: number;
  added: number;
  addedSample: string[];
  excluded: number;
  at: string;
}

/** Input of `revokeAccountBatch`: revokes up to `batchSize` pending items, snapshotting each before it goes. */
export interface RevokeAccountBatchInput {
  caseId: string;
  accountIds: string[];
  services: ServiceKind[];
  batchSize: number;
}

/** Progress after one batch (heartbeats carry the same shape while it runs). */
export interface AccountRevocationProgress {
  done: number;
  failed: number;
  remaining: number;
  /** Items this batch revoked (including ones found already gone). */
  revokedInBatch: number;
  /** At most 20 failures of this batch, for the timeline. */
  failedSample: { name: string; error: string }[];
  at: string;
}

/** Input of `retryFailedAccountItems`: puts failed items back to pending (a staff retry). */
export interface RetryFailedAccountItemsInput {
  caseId: string;
}

/** Input of `excludeAccountItem`: the `exclude-item` case action, run by the workflow's update handler. */
export interface ExcludeAccountItemInput {
  caseId: string;
  name: string;
  by: string;
  at: string;
  reason: string;
}

/** The account capability as the case workflow sees it (implemented by `createAccountActivities`). */
export interface AccountActivities {
  discoverAccountItems(input: DiscoverAccountItemsInput): Promise<DiscoverAccountItemsResult>;
  /** Refused (non-retryable, type from src/domain/failures.ts) when the name is not a pending item of the case. */
  excludeAccountItem(input: ExcludeAccountItemInput): Promise<AccountItem>;
  revokeAccountBatch(input: RevokeAccountBatchInput): Promise<AccountRevocationProgress>;
  retryFailedAccountItems(input: RetryFailedAccountItemsInput): Promise<{ requeued: number }>;
  /**
   * The snapshots holding the case's "before" pictures, newest first (one per batch and account): what an upheld
   * appeal restores with `restoreSnapshot`, so the account's names come back, not only the domain family's.
   */
  accountSnapshotIds(input: { caseId: string }): Promise<{ snapshotIds: string[] }>;
}
