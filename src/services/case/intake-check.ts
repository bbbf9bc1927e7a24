import type { CaseIntake } from '../../domain/case/case-state';
import { checkIntakeBounds } from '../../domain/case/intake-rules';
import { cutoffOutsideWindow, DEFAULT_CUTOFF_RULES, type CutoffWindowRules } from '../../domain/cutoff';
import { FailureType } from '../../domain/failures';
import { ServiceFailure } from './service-error';

/**
 * The intake rules checked before a case workflow starts, so a refused intake costs no workflow: the bounds the
 * case state keeps (`case-bounds.ts`) and the policy's cutoff window (past and too-far cutoffs: 400 with the
 * reason; a request that cannot resolve at all: the cutoff's own 422). The workflow checks both again when it opens.
 */
export function checkIntakeAtEdge(
  intake: CaseIntake,
  rules: CutoffWindowRules = DEFAULT_CUTOFF_RULES,
  nowMs = Date.now(),
): void {
  const violation = checkIntakeBounds(intake);
  if (violation) throw new ServiceFailure(violation.type, violation.message);
  let outside: string | null;
  try {
    outside = cutoffOutsideWindow(intake.cutoff, nowMs, rules);
  } catch (err) {
    if ((err as Error).name !== 'CutoffError') throw err;
    throw new ServiceFailure(FailureType.InvalidCutoff, (err as Error).message);
  }
  if (outside) throw new ServiceFailure(FailureType.InvalidInput, outside);
}
