import { ApplicationFailure } from '@temporalio/common';
import type { Database, Queryable } from '../db/database';
import { FailureType } from '../domain/failures';
import type {
  AccountItem,
  AccountItemKind,
  AccountItemPage,
  AccountItemStatus,
  AccountItemStore,
  DiscoveryPhase,
} from './account-contract';

/**
 * `case_items` as the API, the console and the notice see it: keyset pages (a cursor is the last row's sort key,
 * so rows inserted while someone pages never shift, repeat or hide the rows already shown; no OFFSET scans at
 * 10,000 rows), counts per status, and staff exclusion of a pending item.
 */

/** Every status, for counts that name the empty ones too. */
export const ACCOUNT_ITEM_STATUSES: readonly AccountItemStatus[] = ['pending', 'done', 'failed', 'excluded', 'absent'];

/** The largest page a caller may ask for: a page is one response, never an unbounded list. */
export const MAX_ACCOUNT_ITEM_PAGE = 500;

/** Sort rank of a discovery phase: names found just before revocation page after the ones known at intake. */
export const FOUND_RANK: Record<DiscoveryPhase, number> = { intake: 0, pre_revocation: 1 };

/** Columns every read selects, in the shape {@link toAccountItem} maps. */
export const ITEM_COLUMNS = `name, kind, account_id, status, found_by, found_rank, found_at, changed, revoked_at, error,
  excluded_by, excluded_at, exclusion_reason`;

/** One `case_items` row as PostgreSQL returns it. */
export interface ItemRow {
  name: string;
  kind: AccountItemKind;
  account_id: string;
  status: AccountItemStatus;
  found_by: DiscoveryPhase;
  found_rank: number;
  found_at: Date;
  changed: boolean | null;
  revoked_at: Date | null;
  error: string | null;
  excluded_by: string | null;
  excluded_at: Date | null;
  exclusion_reason: string | null;
}

/** The API's item from a row (optional fields left out when unset, so JSON stays small). */
export function toAccountItem(r: ItemRow): AccountItem {
  return {
    name: r.name,
    kind: r.kind,
    accountId: r.account_id,
    status: r.status,
    foundBy: r.found_by,
    foundAt: r.found_at.toISOString(),
    ...(r.changed !== null ? { changed: r.changed } : {}),
    ...(r.revoked_at ? { revokedAt: r.revoked_at.toISOString() } : {}),
    ...(r.error !== null ? { error: r.error } : {}),
    ...(r.exclusion_reason !== null && r.excluded_by !== null && r.excluded_at
      ? { exclusion: { by: r.excluded_by, at: r.excluded_at.toISOString(), reason: r.exclusion_reason } }
      : {}),
  };
}

const invalid = (message: string) => ApplicationFailure.nonRetryable(message, FailureType.InvalidInput);

type CursorKey = [number, string, AccountItemKind];

function encodeCursor(r: ItemRow): string {
  return Buffer.from(JSON.stringify([r.found_rank, r.name, r.kind])).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === 3 &&
      Number.isInteger(key[0]) &&
      typeof key[1] === 'string' &&
      (key[2] === 'zone' || key[2] === 'proxy_host')
    ) {
      return key as CursorKey;
    }
  } catch {
    // falls through to the refusal below
  }
  throw invalid('cursor is not one this API returned (pass nextCursor from the previous page unchanged)');
}

/** Counts per status of a case (every status present, zero when none). */
export async function countAccountItems(db: Queryable, caseId: string): Promise<Record<AccountItemStatus, number>> {
  const rows = await db.query<{ status: AccountItemStatus; n: string }>(
    'SELECT status, count(*) AS n FROM case_items WHERE case_id = $1 GROUP BY status',
    [caseId],
  );
  const counts = Object.fromEntries(ACCOUNT_ITEM_STATUSES.map((s) => [s, 0])) as Record<AccountItemStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/**
 * Excludes a pending name: every pending item of it (its zone and its proxied hostname: staff exclude a name, not a
 * mechanism). NotFound when the case has no such name, Conflict when none of its items is still pending.
 */
export async function excludeItem(
  db: Queryable,
  caseId: string,
  name: string,
  exclusion: { by: string; at: string; reason: string },
): Promise<AccountItem> {
  if (!exclusion.reason.trim()) throw invalid('an exclusion needs a reason');
  if (!exclusion.by.trim()) throw invalid('an exclusion needs the person who made it');
  if (Number.isNaN(Date.parse(exclusion.at))) throw invalid(`exclusion time ${exclusion.at} is not an instant`);
  const rows = await db.query<ItemRow>(
    `UPDATE case_items SET status = 'excluded', excluded_by = $3, excluded_at = $4, exclusion_reason = $5
     WHERE case_id = $1 AND name = $2 AND status = 'pending' RETURNING ${ITEM_COLUMNS}`,
    [caseId, name, exclusion.by, exclusion.at, exclusion.reason],
  );
  const shown = rows.find((r) => r.kind === 'zone') ?? rows[0];
  if (shown) return toAccountItem(shown);
  const existing = await db.query<{ status: AccountItemStatus }>(
    'SELECT status FROM case_items WHERE case_id = $1 AND name = $2',
    [caseId, name],
  );
  if (existing.length === 0) {
    throw ApplicationFailure.nonRetryable(`${name} is not an item of case ${caseId}`, FailureType.NotFound);
  }
  throw ApplicationFailure.nonRetryable(
    `${name} is ${[...new Set(existing.map((e) => e.status))].join(', ')}, not pending: only a pending item can be excluded`,
    FailureType.Conflict,
  );
}

/**
 * The snapshots holding a case's "before" pictures, newest first: the order to restore them in after an upheld
 * appeal (`restoreSnapshot` on each), so a route shared by hostnames of two batches ends as its older, fuller picture.
 */
export async function accountSnapshotIds(db: Queryable, caseId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT s.id FROM edge_snapshots s WHERE s.id IN (SELECT DISTINCT snapshot_id FROM case_items WHERE case_id = $1)
     ORDER BY s.taken_at DESC, s.created_at DESC, s.id DESC`,
    [caseId],
  );
  return rows.map((r) => r.id);
}

/** The store over the app database. */
export function createAccountItemStore(db: Database): AccountItemStore {
  return {
    async page(caseId, options): Promise<AccountItemPage> {
      const { limit, status } = options;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ACCOUNT_ITEM_PAGE) {
        throw invalid(`limit must be a whole number from 1 to ${MAX_ACCOUNT_ITEM_PAGE}; got ${limit}`);
      }
      if (status !== undefined && !ACCOUNT_ITEM_STATUSES.includes(status)) {
        throw invalid(`status must be one of ${ACCOUNT_ITEM_STATUSES.join(', ')}; got ${String(status)}`);
      }
      const after = options.cursor !== undefined ? decodeCursor(options.cursor) : null;
      const params: unknown[] = [caseId, status ?? null, limit + 1];
      let keyset = '';
      if (after) {
        params.push(...after);
        keyset = 'AND (found_rank, name, kind) > ($4, $5, $6)';
      }
      const rows = await db.query<ItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM case_items
         WHERE case_id = $1 AND ($2::text IS NULL OR status = $2) ${keyset}
         ORDER BY found_rank, name, kind LIMIT $3`,
        params,
      );
      const totals = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM case_items WHERE case_id = $1 AND ($2::text IS NULL OR status = $2)',
        [caseId, status ?? null],
      );
      const shown = rows.slice(0, limit);
      const last = shown[shown.length - 1];
      return {
        items: shown.map(toAccountItem),
        ...(rows.length > limit && last ? { nextCursor: encodeCursor(last) } : {}),
        total: Number(totals[0]?.n ?? 0),
      };
    },
    counts: (caseId) => countAccountItems(db, caseId),
    exclude: (caseId, name, exclusion) => excludeItem(db, caseId, name, exclusion),
  };
}
