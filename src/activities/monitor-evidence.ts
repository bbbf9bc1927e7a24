import type { Database } from '../db/database';
import { valuesList } from '../db/values-list';
import type { Verdict } from '../domain/fingerprints';
import type { ObservationSummary } from './monitor';

/**
 * The evidence behind a group watch's verdicts (`watch_observations`, migration 701). The batched probe returns only
 * a compact verdict per domain to the workflow (a round of 1,000 domains stays small in history); the observation
 * and the matched signals of a domain seen away from where it is confirmed go here instead, newest per placement,
 * and the history writer copies them onto the change they confirm.
 */

/** One domain's observation that disagrees with its confirmed placement. */
export interface CandidateEvidence {
  domain: string;
  /** The placement key the verdict puts the domain in (`dark`, `ours` or a provider id). */
  placement: string;
  observation: ObservationSummary;
  verdict: Verdict;
}

/** Where the batched probe keeps candidate evidence (the database in production; absent, nothing is kept). */
export interface CandidateEvidenceStore {
  keep(rows: readonly CandidateEvidence[]): Promise<void>;
}

/** Rows per statement (5 parameters each). */
const ROWS_PER_STATEMENT = 500;

/**
 * Upserts candidate evidence: a row is replaced only by a newer observation, so a retried batch or a slow one
 * finishing late never puts an older observation over a newer one.
 */
export function createCandidateEvidenceStore(db: Database): CandidateEvidenceStore {
  return {
    async keep(rows) {
      // One row per (domain, placement) in a statement: PostgreSQL refuses to update a row twice in one INSERT.
      const newest = new Map<string, CandidateEvidence>();
      for (const r of rows) {
        const key = `${r.domain}\n${r.placement}`;
        const seen = newest.get(key);
        if (!seen || seen.observation.observedAt < r.observation.observedAt) newest.set(key, r);
      }
      const all = [...newest.values()];
      for (let from = 0; from < all.length; from += ROWS_PER_STATEMENT) {
        const values = valuesList(
          ['', '', 'timestamptz', 'jsonb', 'jsonb'],
          all
            .slice(from, from + ROWS_PER_STATEMENT)
            .map((r) => [
              r.domain,
              r.placement,
              r.observation.observedAt,
              JSON.stringify(r.verdict),
              JSON.stringify(r.observation),
            ]),
        );
        await db.query(
          `INSERT INTO watch_observations (domain, placement, observed_at, verdict, observation)
           VALUES ${values.sql}
           ON CONFLICT (domain, placement) DO UPDATE
             SET observed_at = EXCLUDED.observed_at, verdict = EXCLUDED.verdict, observation = EXCLUDED.observation
             WHERE watch_observations.observed_at < EXCLUDED.observed_at`,
          values.params,
        );
      }
    },
  };
}
