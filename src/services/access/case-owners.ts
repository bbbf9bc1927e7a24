import type { Queryable } from '../../db/database';

/** The runs a principal opened, by case ID: each case ID may name several cases over time (reused once ended). */
export type OwnedRuns = Map<string, Set<string>>;

/**
 * Records who opened which case, by its case reference (the run ID it began with), so "my cases" never includes
 * another requester's later case under a reused workflow ID (issue 15, finding 4).
 */
export async function recordCaseOwner(db: Queryable, caseId: string, caseRef: string, requestedBy: string) {
  await db.query(
    `INSERT INTO case_owners (case_id, case_ref, requested_by) VALUES ($1, $2, $3)
     ON CONFLICT (case_id, case_ref) DO NOTHING`,
    [caseId, caseRef, requestedBy],
  );
}

/** The most recent cases a principal opened (at most `limit`), as case ID -> case references. */
export async function ownedRuns(db: Queryable, requestedBy: string, limit = 200): Promise<OwnedRuns> {
  const rows = await db.query<{ case_id: string; case_ref: string }>(
    `SELECT case_id, case_ref FROM case_owners WHERE requested_by = $1 ORDER BY opened_at DESC LIMIT $2`,
    [requestedBy, limit],
  );
  const owned: OwnedRuns = new Map();
  for (const r of rows) owned.set(r.case_id, (owned.get(r.case_id) ?? new Set()).add(r.case_ref));
  return owned;
}
