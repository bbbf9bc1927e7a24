import type { Client } from '@temporalio/client';
import type { Principal, Stage } from '../../src/domain/case-types';
import type { CaseActionInputs, CaseActionName } from '../../src/domain/case/actions';
import type { CaseService } from '../../src/services/case/case-service';
import type { TerminationCaseResult } from '../../src/workflows/case/messages';
import { CASE_UPDATES, caseViewQuery, stageQuery, TERMINATION_CASE_WORKFLOW } from '../../src/workflows/case/messages';
import { terminationCaseStartOptions } from '../../src/workflows/case/start-options';
import { benchIntake, type BenchCustomer } from './bench-customers';

/**
 * Auto-approving principals: drives one case from intake to close as fast as the rules allow, each human step by
 * a distinct principal through the service layer the HTTP API uses (`TemporalCaseService`: the early rule check,
 * then the workflow update and its validator). The only waits are the ones a person would have: for the stage
 * in which a decision is accepted. Monitoring is ended at once, so the case closes and archives its record.
 */

/** The cast: four distinct people, as the four-eyes rules require. */
export const BENCH_PRINCIPALS = {
  requester: { id: 'bench-requester', roles: ['requester'] },
  investigator: { id: 'bench-investigator', roles: ['investigator'] },
  legal: { id: 'bench-legal', roles: ['legal'] },
  lead: { id: 'bench-lead', roles: ['tns_lead'] },
} satisfies Record<string, Principal>;

/** When each step of one case finished, in ms since it was opened. */
export interface DrivenCase {
  caseId: string;
  runId: string;
  watchIds: string[];
  outcome: string;
  /** ms from the open request to: accepted intake, legal review reached, each approval, monitoring reached, closed,
   * watches ended. */
  marks: Record<'opened' | 'findings' | 'legal' | 'second' | 'monitoring' | 'ended' | 'closed' | 'watchesDone', number>;
  /** Stage polls made while waiting for monitoring. */
  polls: number;
}

/** What the driver needs. */
export interface CaseDriverDeps {
  service: CaseService;
  client: Client;
  /** The stack's task queue (for starting cases without the service layer). */
  taskQueue: string;
  /** How often the stage is read while the case works on its own (notice, cutoff, revocation). */
  pollMs: number;
  /** Gives up on one case after this long. */
  timeoutMs: number;
  /**
   * `service`: every step through the service layer of the HTTP API (open waits for the intake; each decision
   * reads the case first, checks the rule, then sends the update). `updates`: the workflow start and the updates
   * alone (the validators still check every rule), to see what the service layer's reads cost.
   */
  via: 'service' | 'updates';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one case for `customer` to its close and the end of its watches. */
export async function driveCase(deps: CaseDriverDeps, customer: BenchCustomer): Promise<DrivenCase> {
  const t0 = Date.now();
  const deadline = t0 + deps.timeoutMs;
  const since = () => Date.now() - t0;
  const P = BENCH_PRINCIPALS;
  const intake = benchIntake(customer, P.requester.id);
  const opened: { caseId: string; runId: string; view?: unknown } =
    deps.via === 'service'
      ? await deps.service.open(intake)
      : await deps.client.workflow
          .start(TERMINATION_CASE_WORKFLOW, { ...terminationCaseStartOptions(intake), taskQueue: deps.taskQueue })
          .then((h) => ({ caseId: h.workflowId, runId: h.firstExecutionRunId }));
  const caseId = opened.caseId;
  const handle = deps.client.workflow.getHandle(caseId);
  const act = async <A extends CaseActionName>(action: A, input: CaseActionInputs[A]): Promise<void> => {
    if (deps.via === 'service') await deps.service.act(caseId, action, input);
    else await handle.executeUpdate(CASE_UPDATES[action], { args: [input] });
  };
  let polls = 0;
  const waitStage = async (stage: Stage): Promise<void> => {
    for (;;) {
      // Until the workflow has opened the case, its query answers "still opening" (an error): not there yet.
      const now = await handle.query(stageQuery).catch((err: unknown) => {
        if (/still opening/.test(String(err))) return undefined;
        throw err;
      });
      if (now === stage) return;
      if (Date.now() > deadline) throw new Error(`${caseId} did not reach ${stage} within ${deps.timeoutMs} ms`);
      polls++;
      await sleep(deps.pollMs);
    }
  };
  if (!opened.view) await waitStage('investigating');
  const marks = { opened: since() } as DrivenCase['marks'];

  await act('findings', {
    principal: P.investigator,
    role: 'investigator',
    facts: `The platform at ${customer.primary} hosts material our policy forbids.`,
    evidence: [`sha256:${'ab'.repeat(32)}`],
    reasons: 'Confirmed by two reports and our own review.',
  });
  // Findings are accepted while the live observation still runs; legal decides once the case is in legal review.
  await waitStage('legal_review');
  marks.findings = since();
  await act('legal-decision', {
    principal: P.legal,
    role: 'legal',
    decision: 'approve',
    reasons: 'The clause applies to the facts found.',
  });
  marks.legal = since();
  await act('second-approval', {
    principal: P.lead,
    role: 'tns_lead',
    decision: 'approve',
    reasons: 'Agreed.',
  });
  marks.second = since();
  await waitStage('monitoring');
  marks.monitoring = since();
  await act('end-monitoring', {
    principal: P.lead,
    role: 'tns_lead',
    reasons: 'Benchmark: no follow-up needed.',
  });
  marks.ended = since();
  const result = (await handle.result()) as TerminationCaseResult;
  marks.closed = since();
  // The watches the case started (a group for its family, or one per domain for runs before the groups), read
  // from the closed case itself.
  const watchIds = [...new Set((await handle.query(caseViewQuery)).watches.map((w) => w.workflowId))];
  await Promise.all(
    watchIds.map((id) =>
      deps.client.workflow
        .getHandle(id)
        .result()
        .catch(() => undefined),
    ),
  );
  marks.watchesDone = since();
  return { caseId, runId: opened.runId, watchIds, outcome: result.outcome, marks, polls };
}
