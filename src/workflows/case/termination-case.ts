import { allHandlersFinished, ApplicationFailure, condition, patched, workflowInfo } from '@temporalio/workflow';
import { openCase } from '../../domain/case/case-transitions';
import { checkIntakeBounds } from '../../domain/case/intake-rules';
import { instantOutsideWindow } from '../../domain/cutoff/cutoff-window';
import { FailureType } from '../../domain/failures';
import { caseActivities, failureMessageOf, failureTypeOf } from './activity-proxies';
import { registerCaseHandlers, type RuntimeHolder } from './handlers';
import type { TerminationCaseInput, TerminationCaseResult } from './messages';
import { discoverAtIntake } from './steps/account';
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

/** Opens a case: the policy slice it is decided under (an activity: the document lives on the worker), the intake's
 * bounds (`case-bounds.ts`) and a dry run of the cutoff request, so a request that can never resolve (unknown zone)
 * or lies outside the policy's window (past, too far ahead) fails the intake, not the notice. The bounds and the
 * window came with a patch: cases opened before it replay without them. */
async function open(input: TerminationCaseInput): Promise<CaseRuntime> {
  const info = workflowInfo();
  const intake = input.intake;
  const bounded = patched('intake-bounds-and-cutoff-window');
  if (bounded) {
    const violation = checkIntakeBounds(intake);
    if (violation) throw ApplicationFailure.nonRetryable(violation.message, violation.type);
  }
  const policy = await caseActivities.resolveCasePolicy({ category: intake.category });
  try {
    const dryRun = await caseActivities.resolveCutoff({
      request: intake.cutoff,
      noticeAt: new Date().toISOString(),
      minimumNoticeMs: 0,
      rules: policy.cutoff,
      expedited: false,
      ...(bounded ? { checkWindow: true } : {}),
    });
    // Again on the activity's answer (a worker with older activity code ignores `checkWindow`).
    const outside = bounded ? instantOutsideWindow(Date.parse(dryRun.at), Date.now(), policy.cutoff) : null;
    if (outside) throw ApplicationFailure.nonRetryable(outside, FailureType.InvalidInput);
  } catch (err) {
    const type = failureTypeOf(err);
    if (type === FailureType.InvalidCutoff || type === FailureType.InvalidInput) {
      throw ApplicationFailure.nonRetryable(failureMessageOf(err), type);
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
  if (!input.resume) await discoverAtIntake(rt);

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
