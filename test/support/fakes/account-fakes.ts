/* eslint-disable @typescript-eslint/require-await -- the fakes keep the async signatures of the real activities */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { AccountActivities, AccountRevocationProgress } from '../../../src/activities/account-contract';
import type {
  AccountItem,
  AccountItemPage,
  AccountItemStatus,
  AccountItemStore,
} from '../../../src/domain/case/account-items';
import { ACCOUNT_ITEM_STATUSES } from '../../../src/domain/case/account-items';
import { FailureType } from '../../../src/domain/failures';

/**
 * In-memory stand-ins for the account capability (`AccountActivities`) and its item store (`AccountItemStore`),
 * keeping the contract of `src/activities/account-contract.ts`: rows per case and name, discovery idempotent by key,
 * revocation idempotent per name, exclusion only of a pending item. The edge is a map of account to names.
 */
export interface AccountWorld {
  /** What the edge holds: account id -> zone names. A test adds a name here to play "added after approval". */
  edge: Map<string, Set<string>>;
  /** The rows of `case_items`, by case id, then name. */
  rows: Map<string, Map<string, AccountItem>>;
  /** How many times each name was revoked on the edge (exactly once is the contract). */
  revokedOnEdge: Map<string, number>;
  /** Names the edge refuses to revoke while listed. */
  refuse: Set<string>;
  /** The fake edge revokes at most this many names per batch (smaller than the workflow's batch: more batches). */
  maxPerBatch: number;
  /** Batches running at once, and the most ever seen (one pending activity at a time is the design). */
  inFlight: number;
  maxInFlight: number;
  batches: number;
  discoveryResults: Map<string, Awaited<ReturnType<AccountActivities['discoverAccountItems']>>>;
}

export function newAccountWorld(edge: Record<string, string[]> = {}, maxPerBatch = 1_000): AccountWorld {
  return {
    edge: new Map(Object.entries(edge).map(([account, names]) => [account, new Set(names)])),
    rows: new Map(),
    revokedOnEdge: new Map(),
    refuse: new Set(),
    maxPerBatch,
    inFlight: 0,
    maxInFlight: 0,
    batches: 0,
    discoveryResults: new Map(),
  };
}

const now = () => new Date().toISOString();
const PHASE_ORDER = { intake: 0, pre_revocation: 1 } as const;

/** The rows of a case in page order: newest discovery last, name order within it. */
function ordered(rows: Map<string, AccountItem>): AccountItem[] {
  return [...rows.values()].sort(
    (a, b) => PHASE_ORDER[a.foundBy] - PHASE_ORDER[b.foundBy] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** The fake capability; every world is found by the case id each input carries. */
export function fakeAccountActivities(worlds: Map<string, AccountWorld>): AccountActivities {
  const worldOf = (caseId: string): AccountWorld => {
    const w = worlds.get(caseId);
    if (!w) throw new Error(`no account world registered for ${caseId}`);
    return w;
  };
  const rowsOf = (w: AccountWorld, caseId: string): Map<string, AccountItem> => {
    let rows = w.rows.get(caseId);
    if (!rows) w.rows.set(caseId, (rows = new Map<string, AccountItem>()));
    return rows;
  };
  const progress = (
    rows: Map<string, AccountItem>,
    batch: AccountRevocationProgress['failedSample'],
    revoked: number,
  ) => {
    const counts = countRows(rows);
    return {
      done: counts.done,
      failed: counts.failed,
      remaining: counts.pending,
      revokedInBatch: revoked,
      failedSample: batch.slice(0, 20),
      at: now(),
    };
  };
  return {
    async accountSnapshotIds(input) {
      const w = worldOf(input.caseId);
      // One snapshot per batch the fake edge ran, newest first (as the store orders them).
      return { snapshotIds: Array.from({ length: w.batches }, (_, i) => `acct-snap-${w.batches - i}`) };
    },
    async discoverAccountItems(input) {
      const w = worldOf(input.caseId);
      const seen = w.discoveryResults.get(input.idempotencyKey);
      if (seen) return seen;
      const rows = rowsOf(w, input.caseId);
      const added: string[] = [];
      for (const accountId of input.accountIds) {
        for (const name of [...(w.edge.get(accountId) ?? [])].sort()) {
          if (rows.has(name)) continue;
          rows.set(name, { name, kind: 'zone', accountId, status: 'pending', foundBy: input.phase, foundAt: now() });
          added.push(name);
        }
      }
      const counts = countRows(rows);
      const result = {
        total: rows.size,
        added: added.length,
        addedSample: added.slice(0, 20),
        excluded: counts.excluded,
        at: now(),
      };
      w.discoveryResults.set(input.idempotencyKey, result);
      return result;
    },
    async excludeAccountItem(input) {
      const row = rowsOf(worldOf(input.caseId), input.caseId).get(input.name);
      if (!row || row.status !== 'pending') {
        throw ApplicationFailure.nonRetryable(
          `${input.name} is not a pending item of ${input.caseId}`,
          row ? FailureType.Conflict : FailureType.NotFound,
        );
      }
      row.status = 'excluded';
      row.exclusion = { by: input.by, at: input.at, reason: input.reason };
      return { ...row };
    },
    async revokeAccountBatch(input) {
      const w = worldOf(input.caseId);
      w.inFlight++;
      w.maxInFlight = Math.max(w.maxInFlight, w.inFlight);
      w.batches++;
      try {
        const rows = rowsOf(w, input.caseId);
        const todo = ordered(rows)
          .filter((r) => r.status === 'pending')
          .slice(0, Math.min(input.batchSize, w.maxPerBatch));
        const failures: AccountRevocationProgress['failedSample'] = [];
        let revoked = 0;
        for (const row of todo) {
          if (w.refuse.has(row.name)) {
            Object.assign(row, { status: 'failed', error: 'provider refused' });
            failures.push({ name: row.name, error: 'provider refused' });
          } else {
            w.revokedOnEdge.set(row.name, (w.revokedOnEdge.get(row.name) ?? 0) + 1);
            Object.assign(row, { status: 'done', changed: true, revokedAt: now() });
            delete row.error;
            revoked++;
          }
          Context.current().heartbeat({ done: revoked });
        }
        return progress(rows, failures, revoked);
      } finally {
        w.inFlight--;
      }
    },
    async retryFailedAccountItems(input) {
      let requeued = 0;
      for (const row of rowsOf(worldOf(input.caseId), input.caseId).values()) {
        if (row.status !== 'failed') continue;
        row.status = 'pending';
        requeued++;
      }
      return { requeued };
    },
  };
}

function countRows(rows: Map<string, AccountItem>): Record<AccountItemStatus, number> {
  const counts = Object.fromEntries(ACCOUNT_ITEM_STATUSES.map((s) => [s, 0])) as Record<AccountItemStatus, number>;
  for (const row of rows.values()) counts[row.status]++;
  return counts;
}

/** The in-memory item store over the same rows (what the API pages). Cursor: the last row's position, encoded. */
export function fakeAccountItemStore(worlds: Map<string, AccountWorld>): AccountItemStore {
  const rowsOf = (caseId: string) => worlds.get(caseId)?.rows.get(caseId) ?? new Map<string, AccountItem>();
  return {
    async page(caseId, { cursor, limit, status }): Promise<AccountItemPage> {
      const all = ordered(rowsOf(caseId)).filter((r) => !status || r.status === status);
      const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
      if (!Number.isInteger(start) || start < 0) {
        throw ApplicationFailure.nonRetryable('cursor is not one this API returned', FailureType.InvalidInput);
      }
      const items = all.slice(start, start + limit).map((r) => ({ ...r }));
      const next = start + items.length;
      return {
        items,
        total: all.length,
        ...(next < all.length ? { nextCursor: Buffer.from(String(next)).toString('base64url') } : {}),
      };
    },
    async counts(caseId) {
      return countRows(rowsOf(caseId));
    },
    async exclude(caseId, name, exclusion) {
      const row = rowsOf(caseId).get(name);
      if (!row || row.status !== 'pending') {
        throw ApplicationFailure.nonRetryable(`${name} is not a pending item of ${caseId}`, FailureType.Conflict);
      }
      row.status = 'excluded';
      row.exclusion = exclusion;
      return { ...row };
    },
  };
}
