import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../db/database';
import { valuesList } from '../db/values-list';
import { FailureType } from '../domain/failures';
import type { ConfirmedChange } from '../domain/watch';
import type { RecordProviderChangesInput } from './monitor-group-contract';

/**
 * The provider history of watched domains, in the app database (`watch_history`): the group watch writes each
 * confirmed change here instead of keeping a chain per domain in its state, and readers page it by case.
 */

/** Rows per INSERT statement (8 parameters each, far below PostgreSQL's 65,535). */
const ROWS_PER_STATEMENT = 500;

const HISTORY_CASTS = ['text', 'text', 'int', 'text', 'text', 'text', 'real', 'timestamptz'];

/** Records confirmed changes; idempotent by (watch key, domain, change index). Returns rows newly written. */
export async function recordProviderChanges(db: Database, input: RecordProviderChangesInput): Promise<number> {
  if (!input?.watchKey?.trim() || !input.caseId?.trim() || !Array.isArray(input.changes))
    throw ApplicationFailure.nonRetryable(
      'recordProviderChanges needs a watchKey, a caseId and a list of changes',
      FailureType.InvalidInput,
    );
  let recorded = 0;
  for (let from = 0; from < input.changes.length; from += ROWS_PER_STATEMENT) {
    const slice = input.changes.slice(from, from + ROWS_PER_STATEMENT);
    const values = valuesList(
      HISTORY_CASTS,
      slice.map((c) => [input.watchKey, c.domain, c.index, input.caseId, c.state, c.provider, c.confidence, c.at]),
    );
    // Each change takes the evidence the probe kept for its domain and placement (see monitor-evidence.ts).
    const written = await db.query<{ domain: string }>(
      `INSERT INTO watch_history
         (watch_key, domain, change_index, case_id, state, provider, confidence, changed_at, verdict, observation)
       SELECT v.watch_key, v.domain, v.change_index, v.case_id, v.state, v.provider, v.confidence, v.changed_at,
              o.verdict, o.observation
         FROM (VALUES ${values.sql})
           AS v (watch_key, domain, change_index, case_id, state, provider, confidence, changed_at)
         LEFT JOIN watch_observations o ON o.domain = v.domain AND o.placement = v.state
       ON CONFLICT DO NOTHING RETURNING domain`,
      values.params,
    );
    recorded += written.length;
  }
  return recorded;
}

/** One row of a domain's provider history. */
export interface WatchHistoryEntry extends ConfirmedChange {
  index: number;
}

/** A page of a case's provider history, by domain then time; `nextCursor` absent on the last page. */
export interface WatchHistoryPage {
  entries: WatchHistoryEntry[];
  nextCursor?: string;
}

function decodeCursor(cursor: string): [string, string, number] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      Number.isInteger(value[2])
    )
      return value as [string, string, number];
  } catch {
    // falls through to the refusal below
  }
  throw ApplicationFailure.nonRetryable('cursor is not one this history returned', FailureType.InvalidInput);
}

/** Reads one page of a case's provider history (optionally one domain's); the cursor is opaque to callers. */
export async function pageWatchHistory(
  db: Database,
  caseId: string,
  options: { limit: number; cursor?: string; domain?: string },
): Promise<WatchHistoryPage> {
  const limit = Math.max(1, Math.min(500, Math.floor(options.limit)));
  const [afterDomain, afterAt, afterIndex] = options.cursor ? decodeCursor(options.cursor) : [null, null, null];
  const rows = await db.query<{
    domain: string;
    change_index: number;
    state: string;
    provider: string | null;
    confidence: number;
    changed_at: Date;
  }>(
    `SELECT domain, change_index, state, provider, confidence, changed_at FROM watch_history
      WHERE case_id = $1 AND ($2::text IS NULL OR domain = $2)
        AND ($3::text IS NULL OR (domain, changed_at, change_index) > ($3, $4::timestamptz, $5::int))
      ORDER BY domain, changed_at, change_index LIMIT $6`,
    [caseId, options.domain ?? null, afterDomain, afterAt, afterIndex, limit + 1],
  );
  const entries = rows.slice(0, limit).map((r) => ({
    domain: r.domain,
    index: r.change_index,
    state: r.state,
    provider: r.provider,
    confidence: r.confidence,
    at: r.changed_at.toISOString(),
  }));
  const last = entries[entries.length - 1];
  return rows.length > limit && last
    ? { entries, nextCursor: Buffer.from(JSON.stringify([last.domain, last.at, last.index])).toString('base64url') }
    : { entries };
}

/** Page `page` (from 1) of `size` of the distinct names an account case revoked, in name order. */
export async function loadCaseItemDomains(
  db: Database,
  input: { caseId: string; page: number; size: number },
): Promise<string[]> {
  const ok =
    typeof input?.caseId === 'string' &&
    input.caseId.trim() !== '' &&
    Number.isInteger(input.page) &&
    input.page >= 1 &&
    Number.isInteger(input.size) &&
    input.size >= 1 &&
    input.size <= 1000;
  if (!ok)
    throw ApplicationFailure.nonRetryable(
      'loadCaseItemDomains needs a caseId, a page from 1 and a size from 1 to 1000',
      FailureType.InvalidInput,
    );
  const rows = await db.query<{ name: string }>(
    `SELECT DISTINCT name FROM case_items WHERE case_id = $1 AND status = 'done' ORDER BY name LIMIT $2 OFFSET $3`,
    [input.caseId, input.size, (input.page - 1) * input.size],
  );
  return rows.map((r) => r.name);
}
