import { allHandlersFinished, ApplicationFailure, condition, workflowInfo } from '@temporalio/workflow';
import { openCase } from '../../domain/case/case-transitions';
import { FailureType } from '../../domain/failures';
import { caseActivities, failureMessageOf, failureTypeOf } from './activity-proxies';
import { registerCaseHandlers, type RuntimeHolder } from './handlers';
import type { TerminationCaseInput, TerminationCaseResult } from './messages';
import { closeCase, monitor } from './steps/monitor';
import { awaitCutoff, notifyCustomer } from './steps/notice';
import { investigate, legalReview, type StageResult } from './steps/review';
import { revoke } from './steps/revoke';
import { CaseRuntime } from './runtime';
import type { Stage } from '../../domain/case-types';

const NEXT_STAGE: Partial<Record<Stage, Stage>> = {
  investigating: 'legal_review',
  legal_review: 'notifying',
  notifying: 'awaiting_cutoff',
  awaiting_cutoff: 'revoking',
  revoking: 'monitoring',
};

/** Opens a case: the policy slice it is decided under (an activity: the document lives on the worker) and a dry
 * run of the cutoff request, so a request that can never resolve (unknown zone) fails the intake, not the notice. */
async function open(input: TerminationCaseInput): Promise<CaseRuntime> {
  const info = workflowInfo();
  const intake = input.intake;
  const policy = await caseActivities.resolveCasePolicy({ category: intake.category });
  try {
    await caseActivities.resolveCutoff({
      request: intake.cutoff,
      noticeAt: new Date().toISOString(),
      minimumNoticeMs: 0,
      rules: policy.cutoff,
      expedited: false,
    });
  } catch (err) {
    if (failureTypeOf(err) === FailureType.InvalidCutoff) {
      throw ApplicationFailure.nonRetryable(failureMessageOf(err), FailureType.InvalidCutoff);
    }
    throw err;
  }
  const state = openCase(
    { caseId: info.workflowId, caseRef: info.firstExecutionRunId },
    intake,
    policy,
    new Date().toISOString(),
  );
  return new CaseRuntime(state);
}

async function runStage(rt: CaseRuntime): Promise<StageResult> {
  switch (rt.state.stage) {
    case 'investigating':
      return investigate(rt);
    case 'legal_review':
      return legalReview(rt);
    case 'notifying':
      return notifyCustomer(rt);
    case 'awaiting_cutoff':
      return awaitCutoff(rt);
    case 'revoking':
      return revoke(rt);
    case 'monitoring':
      return monitor(rt);
    case 'closed':
      return { close: rt.state.outcome ?? 'withdrawn' };
  }
}

/**
 * One termination case, from intake to the archived record (DESIGN.md, "The case, stage by stage"). Workflow ID
 * `case-<accountId>`: the server refuses a second open case for the account. Every wait goes through
 * `CaseRuntime.waitFor`, which continues as new with the whole state when the history grows, so a case that
 * monitors for months stays small; `input.resume` carries that state into the next run.
 */
export async function terminationCase(input: TerminationCaseInput): Promise<TerminationCaseResult> {
  const holder: RuntimeHolder = {};
  registerCaseHandlers(holder);
  const rt = input.resume ? new CaseRuntime(input.resume) : await open(input);
  holder.rt = rt;
  rt.publishAll();

  let outcome: StageResult = 'next';
  while (outcome === 'next') {
    outcome = await runStage(rt);
    if (outcome === 'next') {
      const next = NEXT_STAGE[rt.state.stage];
      if (!next) break;
      rt.setStage(next);
      if (next === 'monitoring') rt.setOutcome('terminated');
    }
  }
  const final = outcome === 'next' ? (rt.state.outcome ?? 'terminated') : outcome.close;
  const closed = await closeCase(rt, final);
  await condition(allHandlersFinished);
  return { caseId: rt.state.caseId, caseRef: rt.state.caseRef, outcome: final, ...closed };
}
