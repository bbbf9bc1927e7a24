import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  checkAddAlias,
  checkDecideAppeal,
  checkEndMonitoring,
  checkExpedite,
  checkFileAppeal,
  checkFindings,
  checkLegalDecision,
  checkPlaceHold,
  checkReleaseHold,
  checkRetryNotice,
  checkRetryRevocation,
  checkSecondApproval,
  checkWithdraw,
  type Violation,
} from '../../domain/case/case-rules';
import type { CaseState, CaseView } from '../../domain/case/case-state';
import {
  applyAddAlias,
  applyDecideAppeal,
  applyEndMonitoring,
  applyExpedite,
  applyFileAppeal,
  applyFindings,
  applyLegalDecision,
  applyPlaceHold,
  applyReleaseHold,
  applyRetryNotice,
  applyRetryRevocation,
  applySecondApproval,
  applyWithdraw,
} from '../../domain/case/case-transitions';
import { buildCaseView } from '../../domain/case/case-view';
import { record } from '../../domain/case/timeline';
import { FailureType } from '../../domain/failures';
import type { ProviderChange } from '../watch/messages';
import { TerminusDomains } from '../search-attributes';
import {
  addDomainAliasUpdate,
  caseViewQuery,
  decideAppealUpdate,
  endMonitoringUpdate,
  expediteUpdate,
  fileAppealUpdate,
  intakeAcceptedUpdate,
  legalDecisionUpdate,
  placeHoldUpdate,
  providerChangedSignal,
  releaseHoldUpdate,
  retryNoticeUpdate,
  retryRevocationUpdate,
  secondApprovalUpdate,
  stageQuery,
  submitFindingsUpdate,
  withdrawUpdate,
} from './messages';
import type { CaseRuntime } from './runtime';

/** The provider chain kept in the state; a watch is flap-safe, so this is months of real moves. */
export const MAX_PROVIDER_CHAIN = 200;

/** Holds the runtime once the case is open (the policy comes from an activity, so not at the first instant). */
export interface RuntimeHolder {
  rt?: CaseRuntime;
}

/**
 * Registers every handler synchronously at workflow start. Validators run the pure rules of `case-rules.ts`: a
 * refused decision (wrong role, same approver twice, wrong stage) is rejected before it touches history, and
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
  const guard =
    <I>(check: (s: CaseState, input: I, nowMs: number) => Violation | null) =>
    (input: I): void => {
      const rt = runtime();
      if (!input || typeof input !== 'object') {
        throw ApplicationFailure.nonRetryable('update input must be an object', FailureType.InvalidInput);
      }
      const violation = check(rt.state, input, rt.nowMs());
      if (violation) throw ApplicationFailure.nonRetryable(violation.message, violation.type);
    };
  const after = (rt: CaseRuntime): CaseView => {
    rt.changes++;
    rt.refreshDetails();
    return buildCaseView(rt.state, rt.nowMs());
  };
  const handle =
    <I>(apply: (rt: CaseRuntime, input: I) => void) =>
    (input: I): CaseView => {
      const rt = runtime();
      apply(rt, input);
      return after(rt);
    };

  const on = <I>(
    def: UpdateDefinition<CaseView, [I]>,
    check: (s: CaseState, input: I, nowMs: number) => Violation | null,
    apply: (rt: CaseRuntime, input: I) => void,
  ): void => setHandler(def, handle(apply), { validator: guard(check) });

  setHandler(caseViewQuery, () => buildCaseView(runtime().state, Date.now()));
  setHandler(intakeAcceptedUpdate, async () => {
    await condition(() => holder.rt !== undefined);
    return buildCaseView(runtime().state, Date.now());
  });
  setHandler(stageQuery, () => runtime().state.stage);

  on(submitFindingsUpdate, checkFindings, (rt, i) => applyFindings(rt.state, i, rt.iso()));
  on(legalDecisionUpdate, checkLegalDecision, (rt, i) => applyLegalDecision(rt.state, i, rt.iso()));
  on(secondApprovalUpdate, checkSecondApproval, (rt, i) => applySecondApproval(rt.state, i, rt.iso()));
  on(fileAppealUpdate, checkFileAppeal, (rt, i) =>
    applyFileAppeal(rt.state, i, rt.iso(), `appeal-${rt.state.appeals.length + 1}`),
  );
  on(decideAppealUpdate, checkDecideAppeal, (rt, i) => applyDecideAppeal(rt.state, i, rt.iso()));
  on(placeHoldUpdate, checkPlaceHold, (rt, i) =>
    applyPlaceHold(rt.state, i, rt.iso(), `hold-${rt.state.holds.length + 1}`),
  );
  on(releaseHoldUpdate, checkReleaseHold, (rt, i) => applyReleaseHold(rt.state, i, rt.iso()));
  on(expediteUpdate, checkExpedite, (rt, i) => applyExpedite(rt.state, i, rt.iso()));
  on(withdrawUpdate, checkWithdraw, (rt, i) => applyWithdraw(rt.state, i, rt.iso()));
  on(addDomainAliasUpdate, checkAddAlias, (rt, i) => {
    applyAddAlias(rt.state, i, rt.iso());
    upsertSearchAttributes([{ key: TerminusDomains, value: [rt.state.domains.primary, ...rt.state.domains.aliases] }]);
  });
  on(retryNoticeUpdate, checkRetryNotice, (rt, i) => applyRetryNotice(rt.state, i, rt.iso()));
  on(retryRevocationUpdate, checkRetryRevocation, (rt, i) => applyRetryRevocation(rt.state, i, rt.iso()));
  on(endMonitoringUpdate, checkEndMonitoring, (rt, i) => applyEndMonitoring(rt.state, i, rt.iso()));

  // Signals cannot be validated before history; a malformed one is recorded as ignored, never thrown.
  setHandler(providerChangedSignal, (change: ProviderChange) => {
    const rt = holder.rt;
    if (!rt || !change || typeof change.domain !== 'string' || typeof change.state !== 'string') return;
    const s = rt.state;
    s.providerChain.push({
      domain: change.domain,
      state: change.state,
      provider: change.provider ?? null,
      confidence: Number(change.confidence) || 0,
      at: typeof change.at === 'string' ? change.at : rt.iso(),
    });
    if (s.providerChain.length > MAX_PROVIDER_CHAIN)
      s.providerChain.splice(0, s.providerChain.length - MAX_PROVIDER_CHAIN);
    record(s, rt.iso(), 'provider_changed', `${change.domain}: ${change.provider ?? change.state}`);
    rt.providerDirty = true;
  });
}
