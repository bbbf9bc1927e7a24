import { ApplicationFailure } from '@temporalio/common';
import type { TransparencyDatabase } from '../adapters/dsa/transparency-db-client';
import { validateDsaStatement } from '../domain/dsa/dsa-validate';
import { FailureType } from '../domain/failures';
import type { DsaSubmissionActivities, SubmitDsaStatementInput } from './dsa-submission-contract';

/** Dependencies of the submission activity: the database client, or none when this deployment does not submit. */
export interface DsaSubmissionDeps {
  database?: TransparencyDatabase;
  now?: () => Date;
}

const errorName = (err: unknown) => (err as { name?: string } | undefined)?.name;

/**
 * Submits statements of reasons to the EU DSA Transparency Database, idempotent by puid: every attempt first asks
 * whether the puid is already there (an earlier attempt may have been stored before its worker died), and a
 * "puid not unique" refusal counts as done. A statement our own validation refuses, or a 422 from the database,
 * is a permanent `DsaRejected` failure carrying the field errors (a person must fix the case or the policy);
 * a refused token is `InvalidConfiguration`; network errors, 429 and 5xx are plain errors that retry.
 */
export function createDsaSubmissionActivities(deps: DsaSubmissionDeps): DsaSubmissionActivities {
  const now = deps.now ?? (() => new Date());
  return {
    async submitDsaStatement({ caseId, statement }: SubmitDsaStatementInput) {
      const puid = statement.puid;
      const at = () => now().toISOString();
      if (!deps.database) return { status: 'disabled', puid, at: at() };
      const own = validateDsaStatement(statement);
      if (Object.keys(own).length) {
        throw ApplicationFailure.nonRetryable(
          `the DSA statement of ${caseId} breaks the database's rules: ${JSON.stringify(own)}`,
          FailureType.DsaRejected,
          { errors: own, puid },
        );
      }
      try {
        if (await deps.database.hasPuid(puid)) return { status: 'already_present', puid, at: at() };
        const { created } = await deps.database.submit([statement]);
        const uuid = created.find((c) => c.puid === puid)?.uuid;
        return { status: 'submitted', puid, ...(uuid ? { uuid } : {}), at: at() };
      } catch (err) {
        if (errorName(err) === 'DsaRejectedError') {
          const rejected = err as Error & { errors: Record<string, unknown>; duplicatePuid: boolean };
          if (rejected.duplicatePuid) return { status: 'already_present', puid, at: at() };
          throw ApplicationFailure.nonRetryable(rejected.message, FailureType.DsaRejected, {
            errors: rejected.errors,
            puid,
          });
        }
        if (errorName(err) === 'DsaUnauthorizedError') {
          throw ApplicationFailure.nonRetryable((err as Error).message, FailureType.InvalidConfiguration);
        }
        throw err;
      }
    },
  };
}
