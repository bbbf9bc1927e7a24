import type { CaseRecord } from '../../domain/dsa/case-record';
import type { DsaStatement } from '../../domain/dsa/dsa-statement';
import { FailureType } from '../../domain/failures';
import { ServiceFailure } from './service-error';

/** The DSA transparency database takes at most this many statements per submission. */
export const MAX_STATEMENTS_PER_BATCH = 100;

/**
 * The statement of reasons of a case in the DSA transparency-database format. It exists once service actually
 * ended (a restriction was applied); a rejected or withdrawn case restricted nothing and has none.
 */
export function statementFromRecord(
  record: Pick<CaseRecord, 'dsa' | 'state'> & { outcome: string | null },
  caseId: string,
): DsaStatement {
  if (record.dsa) return record.dsa;
  const state = record.state;
  const why = state.revokedAt
    ? 'no statement of reasons was issued'
    : `service has not ended (stage ${state.stage}${record.outcome ? `, outcome ${record.outcome}` : ''})`;
  throw new ServiceFailure(FailureType.Conflict, `case ${caseId} has no DSA statement of reasons: ${why}`);
}

/**
 * A batch for the transparency database's multi-statement submission: at most 100 statements, each `puid`
 * unique (the database refuses a batch that repeats one).
 */
export function statementBatch(statements: DsaStatement[]): { statements: DsaStatement[] } {
  if (statements.length > MAX_STATEMENTS_PER_BATCH) {
    throw new ServiceFailure(
      FailureType.InvalidInput,
      `a batch holds at most ${MAX_STATEMENTS_PER_BATCH} statements (got ${statements.length})`,
    );
  }
  const seen = new Set<string>();
  for (const s of statements) {
    if (seen.has(s.puid)) throw new ServiceFailure(FailureType.Conflict, `puid ${s.puid} appears twice in the batch`);
    seen.add(s.puid);
  }
  return { statements };
}
