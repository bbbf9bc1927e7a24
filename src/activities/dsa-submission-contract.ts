import type { DsaStatement } from '../domain/dsa/dsa-statement';

/** Input of `submitDsaStatement`: one case's statement, as the export builds it. */
export interface SubmitDsaStatementInput {
  caseId: string;
  statement: DsaStatement;
}

/**
 * What became of it: `submitted` (this attempt created it), `already_present` (an earlier attempt did: the
 * database knows the puid), `disabled` (this deployment does not submit; the export stays available).
 */
export interface SubmitDsaStatementResult {
  status: 'submitted' | 'already_present' | 'disabled';
  puid: string;
  uuid?: string;
  at: string;
}

/** The submission capability as the workflows see it (implemented by `createDsaSubmissionActivities`). */
export interface DsaSubmissionActivities {
  submitDsaStatement(input: SubmitDsaStatementInput): Promise<SubmitDsaStatementResult>;
}
