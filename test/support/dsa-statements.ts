import { loadPolicy } from '../../src/config/policy';
import { dsaStatementOfCase } from '../../src/domain/dsa/case-statement';
import type { DsaStatement } from '../../src/domain/dsa/dsa-statement';
import { OUTCOMES } from '../../src/domain/vocabularies';
import { caseWithOutcome } from './fixtures/dsa-fixtures';

/**
 * One statement per shipped policy category and per outcome that ends service (terminated, reinstated), each
 * with its own case ID: what the stand-in must accept in one batch.
 */
export function everyCategoryAndOutcome(): DsaStatement[] {
  return loadPolicy().categories.flatMap((c) =>
    OUTCOMES.flatMap((outcome) => {
      const s = dsaStatementOfCase(caseWithOutcome(c.id, { outcome, caseId: `case-${c.id}.${outcome}` }));
      return s ? [s] : [];
    }),
  );
}
