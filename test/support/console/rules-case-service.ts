import { loadPolicy } from '../../../src/config/policy';
import {
  CASE_ACTION_TABLE,
  type CaseActionDefinition,
  type CaseActionInputs,
  type CaseActionName,
} from '../../../src/domain/case/actions';
import type { CaseIntake, CaseState, CaseView } from '../../../src/domain/case/case-state';
import { enterStage, openCase } from '../../../src/domain/case/case-transitions';
import { buildCaseView } from '../../../src/domain/case/case-view';
import type { Stage } from '../../../src/domain/case-types';
import { FailureType } from '../../../src/domain/failures';
import { casePolicyFor } from '../../../src/domain/policy/policy-lookup';
import type { CaseFilter, CaseListPage, CaseSummary } from '../../../src/services/case/case-list';
import type {
  CaseRecordResult,
  CaseService,
  OpenedCase,
  StatementBatch,
} from '../../../src/services/case/case-service';
import { ServiceFailure } from '../../../src/services/case/service-error';
import { computeTransparency, type TransparencyReport } from '../../../src/services/case/transparency';
import type { DsaStatement } from '../../../src/domain/dsa/dsa-statement';

const policy = loadPolicy();

/**
 * A case service over the case rules and transitions themselves (the ones the workflow's update validators and
 * handlers run), without Temporal: for browser tests of the console, where what matters is that an action taken
 * anywhere (the console, the API) changes the case every page reads. The stage changes the workflow makes on its
 * own are made by the test with {@link RulesCaseService.enter} (the workflow's own `enterStage`).
 */
export class RulesCaseService implements CaseService {
  private readonly cases = new Map<string, CaseState>();
  readonly acted: { caseId: string; action: CaseActionName; by: string }[] = [];

  /** Opens a case (as the workflow's intake does), opened `minutesAgo` before now. */
  add(accountId: string, domain: string, overrides: Partial<CaseIntake> = {}, minutesAgo = 60): CaseState {
    const caseId = `case-${accountId}`;
    const state = openCase(
      { caseId, caseRef: `run-${accountId}` },
      {
        account: { id: accountId, name: `Account ${accountId}`, noticeContacts: [`abuse@${domain}`] },
        domains: { primary: domain, aliases: [] },
        services: ['dns', 'proxy'],
        category: 'violent_extremism',
        summary: `reported platform ${domain}`,
        evidenceRefs: [`https://evidence.example/${accountId}`],
        cutoff: { kind: 'local', time: '00:00', timeZone: 'America/Los_Angeles' },
        urgency: 'standard',
        requestedBy: 'rita',
        ...overrides,
      },
      casePolicyFor(policy, overrides.category ?? 'violent_extremism'),
      new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    );
    this.cases.set(caseId, state);
    return state;
  }

  /** The stage change the workflow makes on its own (after findings, after approvals, ...). */
  enter(caseId: string, stage: Stage, why = 'moved by the test'): void {
    enterStage(this.state(caseId), stage, new Date().toISOString(), why);
  }

  state(caseId: string): CaseState {
    const state = this.cases.get(caseId);
    if (!state) throw new ServiceFailure(FailureType.NotFound, `no case ${caseId}`);
    return state;
  }

  open(intake: CaseIntake): Promise<OpenedCase> {
    return Promise.reject(new ServiceFailure(FailureType.InvalidInput, `not opened here: ${intake.account.id}`));
  }

  list(filter: CaseFilter): Promise<CaseListPage> {
    const all = [...this.cases.values()]
      .filter(
        (s) =>
          (!filter.stage || s.stage === filter.stage) && (!filter.account || s.intake.account.id === filter.account),
      )
      .sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt));
    const from = filter.cursor ? Number(filter.cursor) : 0;
    const limit = filter.limit ?? 50;
    const cases = all.slice(from, from + limit).map((s): CaseSummary => ({
      caseId: s.caseId,
      runId: s.caseRef,
      status: 'RUNNING',
      stage: s.stage,
      outcome: s.outcome ?? null,
      category: s.policy.category.id,
      account: s.intake.account.id,
      domains: [s.domains.primary, ...s.domains.aliases],
      provider: null,
      cutoffAt: s.deadlines.cutoffAt ?? null,
      runStartedAt: s.openedAt,
      closedAt: null,
    }));
    return Promise.resolve({ cases, ...(from + limit < all.length ? { nextCursor: String(from + limit) } : {}) });
  }

  view(caseId: string): Promise<CaseView> {
    return Promise.resolve().then(() => buildCaseView(this.state(caseId), Date.now()));
  }

  act<A extends CaseActionName>(caseId: string, action: A, input: CaseActionInputs[A]): Promise<CaseView> {
    return Promise.resolve().then(() => {
      const state = this.state(caseId);
      const spec = CASE_ACTION_TABLE[action] as unknown as CaseActionDefinition;
      const violation = spec.check(state, input, Date.now());
      if (violation) throw new ServiceFailure(violation.type, violation.message);
      spec.apply(state, input, new Date().toISOString());
      this.acted.push({ caseId, action, by: input.principal.id });
      return buildCaseView(state, Date.now());
    });
  }

  record(caseId: string): Promise<CaseRecordResult> {
    return Promise.reject(new ServiceFailure(FailureType.Conflict, `no record of ${caseId} here`));
  }

  statement(caseId: string): Promise<DsaStatement> {
    return Promise.reject(new ServiceFailure(FailureType.Conflict, `no statement of ${caseId} here`));
  }

  statements(): Promise<StatementBatch> {
    return Promise.reject(new ServiceFailure(FailureType.Conflict, 'no statement to submit'));
  }

  transparency(range: { from: string; to: string }): Promise<TransparencyReport> {
    const views = [...this.cases.values()].map((s) => buildCaseView(s, Date.now()));
    return Promise.resolve(
      computeTransparency(views, range, { archivedCases: 0, openCases: views.length, openCasesNotRead: 0 }, range.to),
    );
  }
}
