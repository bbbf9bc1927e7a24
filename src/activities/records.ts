import type { Database } from '../db/database';
import type { CaseRecord } from '../domain/dsa/case-record';

/** Input of `archiveCaseRecord`; the record id is the idempotency key (one record per case). */
export interface ArchiveCaseRecordInput {
  record: CaseRecord;
}

/** `inserted` is false when a retry found the record already archived (it is never overwritten). */
export interface ArchiveCaseRecordResult {
  recordId: string;
  inserted: boolean;
}

/** Input of `applyRetention`: keep these objects at least until `retainUntil` because of a preservation hold. */
export interface ApplyRetentionInput {
  caseRef: string;
  holdReference: string;
  retainUntil: string;
  evidence: string[];
  snapshotIds: string[];
}

/** Aggregate transparency figures over closed cases. */
export interface TransparencyFigures {
  from: string;
  to: string;
  total: number;
  byOutcome: Record<string, number>;
  byCategory: { category: string; dsaCategory: string; outcome: string; count: number }[];
}

/** Dependencies of the records activities. */
export interface RecordsDeps {
  db: Database;
}

/** Records activities: the archive of final case records, and retention past the case. */
export function createRecordsActivities({ db }: RecordsDeps) {
  return {
    /** Archives the final record exactly once; a retry leaves the first write untouched. */
    async archiveCaseRecord({ record }: ArchiveCaseRecordInput): Promise<ArchiveCaseRecordResult> {
      const rows = await db.query<{ record_id: string }>(
        `INSERT INTO case_records (record_id, case_id, case_ref, account_id, category, dsa_category, policy_version,
                                   outcome, opened_at, closed_at, record, dsa_statement)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (record_id) DO NOTHING RETURNING record_id`,
        [
          record.recordId,
          record.caseId,
          record.caseRef,
          record.state.intake.account.id,
          record.policy.category,
          record.policy.dsaCategory,
          record.policy.version,
          record.outcome,
          record.openedAt,
          record.closedAt,
          JSON.stringify(record),
          record.dsa ? JSON.stringify(record.dsa) : null,
        ],
      );
      return { recordId: record.recordId, inserted: rows.length > 0 };
    },

    /** Extends retention (never shortens it): evidence blobs and edge snapshots outlive the case. */
    async applyRetention(input: ApplyRetentionInput): Promise<{ objects: number }> {
      const objects = [
        ...input.evidence.map((id) => ['evidence', id] as const),
        ...input.snapshotIds.map((id) => ['snapshot', id] as const),
      ];
      await db.transaction(async (tx) => {
        for (const [kind, id] of objects) {
          await tx.query(
            `INSERT INTO retention_holds (case_ref, object_kind, object_id, hold_reference, retain_until)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (case_ref, object_kind, object_id, hold_reference)
             DO UPDATE SET retain_until = GREATEST(retention_holds.retain_until, EXCLUDED.retain_until)`,
            [input.caseRef, kind, id, input.holdReference, input.retainUntil],
          );
        }
        if (input.evidence.length) {
          await tx.query(
            `UPDATE evidence_blobs SET retain_until = GREATEST(COALESCE(retain_until, $2::timestamptz), $2::timestamptz)
             WHERE sha256 = ANY($1::text[])`,
            [input.evidence, input.retainUntil],
          );
        }
      });
      return { objects: objects.length };
    },
  };
}

/** The records activities as workflows see them. */
export type RecordsActivities = ReturnType<typeof createRecordsActivities>;

/** Reads one archived record (API, CLI, tests). */
export async function readCaseRecord(db: Database, recordId: string): Promise<CaseRecord | null> {
  const rows = await db.query<{ record: CaseRecord }>('SELECT record FROM case_records WHERE record_id = $1', [
    recordId,
  ]);
  return rows[0]?.record ?? null;
}

/** Aggregate figures across cases closed in [from, to): what a transparency report publishes. */
export async function transparencyFigures(
  db: Database,
  range: { from: string; to: string },
): Promise<TransparencyFigures> {
  const rows = await db.query<{ category: string; dsa_category: string; outcome: string; count: string }>(
    `SELECT category, dsa_category, outcome, count(*)::text AS count FROM case_records
     WHERE closed_at >= $1 AND closed_at < $2
     GROUP BY category, dsa_category, outcome ORDER BY category, outcome`,
    [range.from, range.to],
  );
  const byOutcome: Record<string, number> = {};
  let total = 0;
  const byCategory = rows.map((r) => {
    const count = Number(r.count);
    total += count;
    byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + count;
    return { category: r.category, dsaCategory: r.dsa_category, outcome: r.outcome, count };
  });
  return { from: range.from, to: range.to, total, byOutcome, byCategory };
}
