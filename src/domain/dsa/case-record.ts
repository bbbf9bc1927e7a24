import type { Outcome } from '../case-types';
import type { CaseState } from '../case/case-state';
import type { StatementOfReasons } from '../statement-of-reasons';
import { dsaStatementOfCase } from './case-statement';
import type { DsaStatement } from './dsa-statement';

/**
 * The final record of a case, archived in the database when it closes: every decision with who, when and why,
 * the policy version and clause, the notices, what was revoked and verified, the provider chain, the timeline.
 * It is the case state at close (a stable, versioned shape) plus the statement of reasons and its DSA export.
 */
export interface CaseRecord {
  schema: 'terminus.case-record/1';
  recordId: string;
  caseId: string;
  caseRef: string;
  outcome: Outcome;
  openedAt: string;
  closedAt: string;
  policy: { version: string; category: string; clause: string; dsaCategory: string };
  state: CaseState;
  statementOfReasons?: StatementOfReasons;
  dsa?: DsaStatement;
}

/** The record id: one per case (an account can have several cases over time, each with its own run chain). */
export function caseRecordId(caseId: string, caseRef: string): string {
  return `${caseId}/${caseRef}`;
}

/** Builds the record; the DSA statement exists only when a statement of reasons was issued (service ended). */
export function buildCaseRecord(state: CaseState, closedAt: string): CaseRecord {
  const statement = state.statement;
  const record: CaseRecord = {
    schema: 'terminus.case-record/1',
    recordId: caseRecordId(state.caseId, state.caseRef),
    caseId: state.caseId,
    caseRef: state.caseRef,
    outcome: state.outcome ?? 'withdrawn',
    openedAt: state.openedAt,
    closedAt,
    policy: {
      version: state.policy.version,
      category: state.policy.category.id,
      clause: state.policy.category.clause.id,
      dsaCategory: state.policy.category.dsaCategory,
    },
    state,
  };
  if (statement) {
    record.statementOfReasons = statement;
    const dsa = dsaStatementOfCase(state);
    if (dsa) record.dsa = dsa;
  }
  return record;
}
