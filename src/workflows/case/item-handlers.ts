import { ApplicationFailure, patched } from '@temporalio/workflow';
import type { CaseActionInputs, CaseActionName } from '../../domain/case/actions';
import { normaliseDomain } from '../../domain/case/case-rules';
import { accountActivities, failureMessageOf, failureTypeOf } from './activity-proxies';
import type { CaseRuntime } from './runtime';
import { FailureType } from '../../domain/failures';

/** Work an action's update handler does before its transition (I/O the pure transition cannot do). */
export type BeforeApply<I> = (rt: CaseRuntime, input: I) => Promise<void>;

/**
 * The actions whose change lives outside the state as well: `exclude-item` marks the row in the app database (the
 * item store refuses a name that is not a pending item of the case, and the update fails with its type) before the
 * state counts the exclusion. Every other action's handler stays synchronous.
 */
export const BEFORE_APPLY: { [A in CaseActionName]?: BeforeApply<CaseActionInputs[A]> } = {
  'exclude-item': async (rt, input) => {
    // The activity is a command account cases brought (committed histories carry no exclusion).
    if (!patched('account-items')) {
      throw ApplicationFailure.nonRetryable('this case predates account items', FailureType.Conflict);
    }
    try {
      await accountActivities.excludeAccountItem({
        caseId: rt.state.caseId,
        name: normaliseDomain(input.name),
        by: input.principal.id,
        at: rt.iso(),
        reason: input.reasons,
      });
    } catch (err) {
      throw ApplicationFailure.nonRetryable(failureMessageOf(err), failureTypeOf(err) ?? FailureType.Conflict);
    }
  },
};
