import { ApplicationFailure, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  CASE_ACTION_NAMES,
  CASE_ACTION_TABLE,
  type CaseActionInputs,
  type CaseActionName,
} from '../../domain/case/actions';
import type { CaseView } from '../../domain/case/case-state';
import { buildCaseView } from '../../domain/case/case-view';
import { pushProviderChange } from '../../domain/case/bounded-records';
import { CASE_BOUNDS, clip } from '../../domain/case/case-bounds';
import { record } from '../../domain/case/timeline';
import { FailureType } from '../../domain/failures';
import type { ProviderChange } from '../watch/messages';
import { TerminusDomains } from '../search-attributes';
import { CASE_UPDATES, caseViewQuery, intakeAcceptedUpdate, providerChangedSignal, stageQuery } from './messages';
import type { CaseRuntime } from './runtime';
import { BEFORE_APPLY, type BeforeApply } from './item-handlers';
import { dsaSubmissionSignal, type DsaSubmissionOutcome } from '../dsa-submission/messages';

/** The provider chain kept in the state (`case-bounds.ts`); a watch is flap-safe, so this is months of real moves. */
export const MAX_PROVIDER_CHAIN = CASE_BOUNDS.providerChain;

/** Holds the runtime once the case is open (the policy comes from an activity, so not at the first instant). */
export interface RuntimeHolder {
  rt?: CaseRuntime;
}

/**
 * Registers every handler synchronously at workflow start: one update per action of the table in
 * `domain/case/actions`, whose validator runs the action's rule: a refused decision (wrong role, same approver twice, wrong stage) is rejected before it touches history, and
 * the client gets an ApplicationFailure whose type (Forbidden, Conflict, InvalidInput) the API maps to a status.
 * Handlers only change state and never do I/O; the main loop reacts (sends messages, moves stages).
 */
export function registerCaseHandlers(holder: RuntimeHolder): void {
  const runtime = (): CaseRuntime => {
    if (!holder.rt) {
      throw ApplicationFailure.nonRetryable('the case is still opening; try again in a moment', FailureType.Conflict);
    }
    return holder.rt;
  };
  /** One action's update: the validator runs its rule, the handler its transition and publishes what changed. */
  const register = <A extends CaseActionName>(name: A): void => {
    const action = CASE_ACTION_TABLE[name];
    const update: UpdateDefinition<CaseView, [CaseActionInputs[A]]> = CASE_UPDATES[name];
    const validator = (input: CaseActionInputs[A]): void => {
      const rt = runtime();
      if (!input || typeof input !== 'object') {
        throw ApplicationFailure.nonRetryable('update input must be an object', FailureType.InvalidInput);
      }
      const violation = action.check(rt.state, input, rt.nowMs());
      if (violation) throw ApplicationFailure.nonRetryable(violation.message, violation.type);
    };
    const applied = (input: CaseActionInputs[A]): CaseView => {
      const rt = runtime();
      const effect = action.apply(rt.state, input, rt.iso());
      if (effect?.domainsChanged) {
        upsertSearchAttributes([
          { key: TerminusDomains, value: [rt.state.domains.primary, ...rt.state.domains.aliases] },
        ]);
      }
      rt.changes++;
      rt.refreshDetails();
      return buildCaseView(rt.state, rt.nowMs());
    };
    const before: BeforeApply<CaseActionInputs[A]> | undefined = BEFORE_APPLY[name];
    const handler = before
      ? async (input: CaseActionInputs[A]): Promise<CaseView> => {
          await before(runtime(), input);
          return applied(input);
        }
      : applied;
    setHandler(update, handler, { validator });
  };

  setHandler(caseViewQuery, () => buildCaseView(runtime().state, Date.now()));
  setHandler(intakeAcceptedUpdate, async () => {
    await condition(() => holder.rt !== undefined);
    return buildCaseView(runtime().state, Date.now());
  });
  setHandler(stageQuery, () => runtime().state.stage);

  for (const name of CASE_ACTION_NAMES) register(name);

  // Signals cannot be validated before history; a malformed one is recorded as ignored, never thrown.
  setHandler(providerChangedSignal, (change: ProviderChange) => {
    const rt = holder.rt;
    if (!rt || !change || typeof change.domain !== 'string' || typeof change.state !== 'string') return;
    const s = rt.state;
    pushProviderChange(s, {
      domain: change.domain,
      state: change.state,
      provider: typeof change.provider === 'string' ? change.provider : null,
      confidence: Number(change.confidence) || 0,
      at: typeof change.at === 'string' ? change.at : rt.iso(),
    });
    record(s, rt.iso(), 'provider_changed', `${change.domain}: ${change.provider ?? change.state}`);
    rt.providerDirty = true;
  });

  setHandler(dsaSubmissionSignal, (outcome: DsaSubmissionOutcome) => {
    const s = holder.rt?.state;
    if (!s?.dsaSubmission || !outcome || outcome.puid !== s.dsaSubmission.puid) return;
    s.dsaSubmission.outcome = {
      status: String(outcome.status),
      at: String(outcome.at),
      ...(outcome.uuid ? { uuid: String(outcome.uuid) } : {}),
      ...(outcome.problem ? { problem: clip(String(outcome.problem), CASE_BOUNDS.errorText) } : {}),
    };
    record(s, holder.rt!.iso(), 'dsa_submission', dsaOutcomeSummary(outcome));
  });
}

/** The timeline line of a submission outcome. */
function dsaOutcomeSummary(o: DsaSubmissionOutcome): string {
  switch (o.status) {
    case 'submitted':
      return `DSA statement ${o.puid} accepted by the Transparency Database${o.uuid ? ` (${o.uuid})` : ''}`;
    case 'already_present':
      return `DSA statement ${o.puid} was already in the Transparency Database`;
    case 'disabled':
      return `DSA statement ${o.puid} not submitted: submission is off in this deployment`;
    default:
      return `DSA statement ${o.puid} ${o.status === 'rejected' ? 'refused' : 'not submitted'}: ${o.problem ?? ''}`;
  }
}
