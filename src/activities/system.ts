import type { Database } from '../db/database';

/** Input of `recordSystemCheck`: the idempotency key is workflow ID + step, stable across retries. */
export interface RecordSystemCheckInput {
  idempotencyKey: string;
  requestedAt: string;
}

/** Proof that the worker reached the app database: its installation identity and the row's time. */
export interface RecordSystemCheckResult {
  installationId: string;
  recordedAt: string;
  /** False when a retry found the row already written. */
  inserted: boolean;
}

/** Dependencies of the system activities. */
export interface SystemActivityDeps {
  db: Database;
}

/**
 * Activities of the end-to-end system check. Writing a row (not just `SELECT 1`) shows the database accepts
 * writes and that the installation's data survived restarts (its `installation_id` never changes).
 */
export function createSystemActivities({ db }: SystemActivityDeps) {
  return {
    async recordSystemCheck(input: RecordSystemCheckInput): Promise<RecordSystemCheckResult> {
      const inserted = await db.query<{ recorded_at: Date }>(
        `INSERT INTO system_checks (check_key, requested_at) VALUES ($1, $2)
         ON CONFLICT (check_key) DO NOTHING RETURNING recorded_at`,
        [input.idempotencyKey, input.requestedAt],
      );
      const row =
        inserted[0] ??
        (
          await db.query<{ recorded_at: Date }>('SELECT recorded_at FROM system_checks WHERE check_key = $1', [
            input.idempotencyKey,
          ])
        )[0];
      const meta = await db.query<{ value: string }>(`SELECT value FROM app_meta WHERE key = 'installation_id'`);
      if (!row || !meta[0]) throw new Error('system check row or installation id missing after insert');
      return {
        installationId: meta[0].value,
        recordedAt: row.recorded_at.toISOString(),
        inserted: inserted.length > 0,
      };
    },
  };
}

/** The system activities as workflows see them. */
export type SystemActivities = ReturnType<typeof createSystemActivities>;
