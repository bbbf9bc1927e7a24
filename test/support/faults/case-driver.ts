import type { CaseView } from '../../../src/domain/case/case-state';
import type { Stage } from '../../../src/domain/case-types';
import { caseResult } from './checks';
import { intakeFor, STAFF } from './customer';
import type { Scenario } from './fault-env';

/**
 * Drives a scenario's case through the service layer the HTTP API uses (open, the human decisions as updates,
 * the case view as a query), each decision by the staff member whose role it needs. Waits poll the case view:
 * no fixed sleeps; a query that fails while a worker or server is down is simply asked again.
 */

/** Polls the case view until `test` holds; the error names what was awaited and what was last seen. */
export async function waitForCase(
  s: Scenario,
  label: string,
  test: (view: CaseView) => boolean,
  timeoutMs = 180_000,
): Promise<CaseView> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const view = await s.service.view(s.caseId);
      if (test(view)) return view;
      last = `stage ${view.stage}`;
    } catch (err) {
      last = `error: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (Date.now() > deadline)
      throw new Error(`${s.tag}: ${s.caseId} not at "${label}" after ${timeoutMs} ms (${last})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until the case is in `stage`. */
export const waitForStage = (s: Scenario, stage: Stage, timeoutMs?: number): Promise<CaseView> =>
  waitForCase(s, stage, (v) => v.stage === stage, timeoutMs);

/** Opens the case (cutoff at `cutoffAt`) and waits until the workflow accepted the intake. */
export async function openCase(s: Scenario, cutoffAt: string): Promise<void> {
  const opened = await s.service.open(intakeFor(s.customer, cutoffAt));
  if (opened.caseId !== s.caseId) throw new Error(`opened ${opened.caseId}, expected ${s.caseId}`);
  await waitForStage(s, 'investigating');
}

/** The investigator's findings (the case must be waiting for them). */
export async function submitFindings(s: Scenario): Promise<void> {
  await waitForCase(s, 'observed, waiting for findings', (v) => v.stage === 'investigating' && !!v.observedAt);
  await s.service.act(s.caseId, 'findings', {
    principal: STAFF.investigator,
    role: 'investigator',
    facts: 'Hash matches on the boards',
    evidence: ['sha256:' + 'cd'.repeat(32)],
    reasons: 'confirmed by the hotline and our own matching',
  });
}

/** Legal approves, then the T&S lead gives the second approval. */
export async function approve(s: Scenario): Promise<void> {
  await waitForCase(s, 'holds checked', (v) => v.stage === 'legal_review' && !!v.holdsCheckedAt);
  await s.service.act(s.caseId, 'legal-decision', {
    principal: STAFF.legal,
    role: 'legal',
    decision: 'approve',
    reasons: 'AUP 2.1 applies',
    ground: 'illegal_content',
  });
  await s.service.act(s.caseId, 'second-approval', {
    principal: STAFF.tnsLead,
    role: 'tns_lead',
    decision: 'approve',
    reasons: 'agree with legal',
  });
}

/** Ends monitoring (the T&S lead), waits for the workflow to finish (closed, archived) and returns the case. */
export async function endMonitoringAndClose(s: Scenario, timeoutMs?: number): Promise<CaseView> {
  await waitForCase(
    s,
    'every watch started',
    (v) => v.stage === 'monitoring' && v.watches.length === s.customer.domains.length,
  );
  await s.service.act(s.caseId, 'end-monitoring', {
    principal: STAFF.tnsLead,
    role: 'tns_lead',
    reasons: 'fault suite: follow-up not needed',
  });
  await caseResult(s, timeoutMs);
  return s.service.view(s.caseId);
}

/** A cutoff `ms` from now, as the intake's instant. */
export const cutoffIn = (ms: number): string => new Date(Date.now() + ms).toISOString();
