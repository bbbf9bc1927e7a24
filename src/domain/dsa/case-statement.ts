import type { CaseState } from '../case/case-state';
import { dsaPuid } from './dsa-puid';
import { toDsaStatement, type DsaStatement } from './dsa-statement';

/**
 * The DSA statement of a case, built from the case as it stands: it exists once service actually ended, says the
 * day it ended (not the planned cutoff), and follows the case when service is restored. The export, the case
 * record and the submitter all use this one function, so an archived case exports what a live one would.
 */
export function dsaStatementOfCase(state: CaseState): DsaStatement | undefined {
  const sor = state.statement;
  if (!sor || !state.revokedAt) return undefined;
  const clauseText = state.policy.category.clause.text;
  const stated = state.legal?.groundExplanation;
  const explicit = stated && stated !== clauseText ? stated : undefined;
  const reasons = state.legal?.reasons;
  return toDsaStatement(sor, {
    puid: dsaPuid(state.caseId, state.caseRef),
    contentDate: state.intake.account.createdOn ?? state.openedAt,
    appliedAt: state.revokedAt,
    ...(state.restoredAt ? { restoredAt: state.restoredAt } : {}),
    ...(state.intake.source ? { source: state.intake.source } : {}),
    ...(sor.ground === 'illegal_content'
      ? {
          legalGround: explicit ?? state.policy.category.legalGround ?? sor.groundExplanation,
          ...(reasons ? { groundReasons: reasons } : {}),
        }
      : { ...((explicit ?? reasons) ? { groundReasons: explicit ?? reasons } : {}) }),
    ...(state.policy.category.dsaKeywords ? { keywords: state.policy.category.dsaKeywords } : {}),
  });
}
