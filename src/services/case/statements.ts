import type { CaseRecord } from '../../domain/dsa/case-record';
import { dsaStatementOfCase } from '../../domain/dsa/case-statement';
import type { DsaStatement } from '../../domain/dsa/dsa-statement';
import { DSA_BATCH } from '../../domain/dsa/dsa-schema';
import { FailureType } from '../../domain/failures';
import { ServiceFailure } from './service-error';

/** The DSA transparency database takes at most this many statements per submission. */
export const MAX_STATEMENTS_PER_BATCH = DSA_BATCH.max;

/**
 * The statement of reasons of a case in the DSA transparency-database format. It exists once service actually
 * ended (a restriction was applied); a rejected or withdrawn case restricted nothing and has none.
 */
export function statementFromRecord(
  record: Pick<CaseRecord, 'dsa' | 'state'> & { outcome: string | null },
  caseId: string,
): DsaStatement {
  const state = record.state;
  // Rebuilt from the case, not read from the archived copy: a record archived under an older schema exports today's.
  const dsa = dsaStatementOfCase(state);
  if (dsa) return dsa;
  const why = state.revokedAt
    ? 'no statement of reasons was issued'
    : `service has not ended (stage ${state.stage}${record.outcome ? `, outcome ${record.outcome}` : ''})`;
  throw new ServiceFailure(FailureType.Conflict, `case ${caseId} has no DSA statement of reasons: ${why}`);
}

/**
 * A batch for the transparency database's multi-statement submission: 1 to 100 statements, each `puid`
 * unique (the database refuses a batch that repeats one).
 */
export function statementBatch(statements: DsaStatement[]): { statements: DsaStatement[] } {
  if (statements.length < DSA_BATCH.min) {
    throw new ServiceFailure(
      FailureType.Conflict,
      'none of these cases has a DSA statement of reasons (a batch holds 1 to 100)',
    );
  }
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
