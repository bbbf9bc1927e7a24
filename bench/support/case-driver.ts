import type { Client } from '@temporalio/client';
import type { Principal, Stage } from '../../src/domain/case-types';
import type { CaseService } from '../../src/services/case-service';
import type { TerminationCaseResult } from '../../src/workflows/termination-case-messages';
import { stageQuery } from '../../src/workflows/termination-case-messages';
import { watchWorkflowId } from '../../src/workflows/termination-case-monitor';
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
  /** How often the stage is read while the case works on its own (notice, cutoff, revocation). */
  pollMs: number;
  /** Gives up on one case after this long. */
  timeoutMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one case for `customer` to its close and the end of its watches. */
export async function driveCase(deps: CaseDriverDeps, customer: BenchCustomer): Promise<DrivenCase> {
  const t0 = Date.now();
  const deadline = t0 + deps.timeoutMs;
  const since = () => Date.now() - t0;
  const P = BENCH_PRINCIPALS;
  const opened = await deps.service.open(benchIntake(customer, P.requester.id));
  const caseId = opened.caseId;
  const handle = deps.client.workflow.getHandle(caseId);
  let polls = 0;
  const waitStage = async (stage: Stage): Promise<void> => {
    for (;;) {
      if ((await handle.query(stageQuery)) === stage) return;
      if (Date.now() > deadline) throw new Error(`${caseId} did not reach ${stage} within ${deps.timeoutMs} ms`);
      polls++;
      await sleep(deps.pollMs);
    }
  };
  if (!opened.view) await waitStage('investigating');
  const marks = { opened: since() } as DrivenCase['marks'];

  await deps.service.act(caseId, 'findings', {
    principal: P.investigator,
    role: 'investigator',
    facts: `The platform at ${customer.primary} hosts material our policy forbids.`,
    evidence: [`sha256:${'ab'.repeat(32)}`],
    reasons: 'Confirmed by two reports and our own review.',
  });
  // Findings are accepted while the live observation still runs; legal decides once the case is in legal review.
  await waitStage('legal_review');
  marks.findings = since();
  await deps.service.act(caseId, 'legal-decision', {
    principal: P.legal,
    role: 'legal',
    decision: 'approve',
    reasons: 'The clause applies to the facts found.',
  });
  marks.legal = since();
  await deps.service.act(caseId, 'second-approval', {
    principal: P.lead,
    role: 'tns_lead',
    decision: 'approve',
    reasons: 'Agreed.',
  });
  marks.second = since();
  await waitStage('monitoring');
  marks.monitoring = since();
  await deps.service.act(caseId, 'end-monitoring', {
    principal: P.lead,
    role: 'tns_lead',
    reasons: 'Benchmark: no follow-up needed.',
  });
  marks.ended = since();
  const result = (await handle.result()) as TerminationCaseResult;
  marks.closed = since();
  // One watch per domain, all started before the case waits in monitoring (the view may predate the last).
  const watchIds = [customer.primary, ...customer.aliases].map(watchWorkflowId);
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
