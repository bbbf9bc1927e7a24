import { loadPolicy } from '../../../src/config/policy';
import { openCase } from '../../../src/domain/case/case-transitions';
import { buildCaseView } from '../../../src/domain/case/case-view';
import type { CaseIntake, CaseView } from '../../../src/domain/case/case-state';
import { buildCaseRecord } from '../../../src/domain/dsa/case-record';
import { FailureType } from '../../../src/domain/failures';
import { casePolicyFor } from '../../../src/domain/policy/policy-lookup';
import type { CaseActionInputs, CaseActionName } from '../../../src/domain/case/actions';
import type { CaseListPage, CaseFilter } from '../../../src/services/case/case-list';
import type {
  CaseRecordResult,
  CaseService,
  OpenedCase,
  StatementBatch,
} from '../../../src/services/case/case-service';
import { ServiceFailure } from '../../../src/services/case/service-error';
import type { TransparencyReport } from '../../../src/services/case/transparency';
import { computeTransparency } from '../../../src/services/case/transparency';
import type { DsaStatement } from '../../../src/domain/dsa/dsa-statement';

/** The one case the fake knows: opened by rita, with a hold whose agency contact is need-to-know. */
export const KNOWN_CASE = 'case-acct-1';

export function sampleIntake(overrides: Partial<CaseIntake> = {}): CaseIntake {
  return {
    account: { id: 'acct-1', name: 'Board', noticeContacts: ['abuse@board.example'] },
    domains: { primary: 'board.example', aliases: [] },
    services: ['dns', 'proxy'],
    category: 'violent_extremism',
    summary: 'forum',
    evidenceRefs: [],
    cutoff: { kind: 'local', time: '00:00', timeZone: 'America/Los_Angeles' },
    urgency: 'standard',
    requestedBy: 'rita',
    ...overrides,
  };
}

/**
 * A case service without Temporal, for HTTP concerns (auth, roles, validation, problems, rate limits, audit).
 * It records what reached it, so tests can assert that refused requests never did.
 */
export class FakeCaseService implements CaseService {
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly view0: CaseView;

  constructor() {
    const at = '2026-03-01T08:00:00.000Z';
    const state = openCase(
      { caseId: KNOWN_CASE, caseRef: 'run-1' },
      sampleIntake(),
      casePolicyFor(loadPolicy(), 'violent_extremism'),
      at,
    );
    state.holds.push({
      id: 'hold-1',
      kind: 'do_not_terminate',
      reference: 'AGENCY-1',
      agencyContact: 'Special Agent Doe',
      placedAt: at,
      expiresAt: '2099-01-01T00:00:00.000Z',
      placedBy: 'lena',
    });
    this.view0 = buildCaseView(state, Date.parse(at));
  }

  private find(caseId: string): CaseView {
    if (caseId !== KNOWN_CASE) throw new ServiceFailure(FailureType.NotFound, `no case ${caseId}`);
    return this.view0;
  }

  open(intake: CaseIntake): Promise<OpenedCase> {
    this.calls.push({ method: 'open', args: [intake] });
    if (intake.account.id === 'acct-1') {
      return Promise.reject(
        new ServiceFailure(FailureType.Conflict, 'a case is already open for this account (case-acct-1)'),
      );
    }
    return Promise.resolve({ caseId: `case-${intake.account.id}`, runId: 'run-x' });
  }

  list(filter: CaseFilter): Promise<CaseListPage> {
    this.calls.push({ method: 'list', args: [filter] });
    return Promise.resolve({ cases: [] });
  }

  view(caseId: string): Promise<CaseView> {
    this.calls.push({ method: 'view', args: [caseId] });
    return Promise.resolve().then(() => this.find(caseId));
  }

  act<A extends CaseActionName>(caseId: string, action: A, input: CaseActionInputs[A]): Promise<CaseView> {
    this.calls.push({ method: 'act', args: [caseId, action, input] });
    return Promise.resolve().then(() => this.find(caseId));
  }

  record(caseId: string): Promise<CaseRecordResult> {
    this.calls.push({ method: 'record', args: [caseId] });
    return Promise.resolve().then(() => {
      const view = this.find(caseId);
      const record = buildCaseRecord(view, '2026-03-02T00:00:00.000Z');
      return {
        archived: false,
        asOf: '2026-03-02T00:00:00.000Z',
        record: { ...record, outcome: null, closedAt: null },
      };
    });
  }

  statement(caseId: string): Promise<DsaStatement> {
    this.calls.push({ method: 'statement', args: [caseId] });
    return Promise.resolve().then(() => {
      this.find(caseId);
      throw new ServiceFailure(
        FailureType.Conflict,
        `case ${caseId} has no DSA statement of reasons: service has not ended`,
      );
    });
  }

  statements(caseIds: string[]): Promise<StatementBatch> {
    this.calls.push({ method: 'statements', args: [caseIds] });
    // No fake case has ended service: like the real service, a batch with no statement is a conflict.
    return Promise.reject(new ServiceFailure(FailureType.Conflict, 'no statement to submit: no statement'));
  }

  transparency(range: { from: string; to: string }): Promise<TransparencyReport> {
    this.calls.push({ method: 'transparency', args: [range] });
    return Promise.resolve(
      computeTransparency([], range, { archivedCases: 0, openCases: 0, openCasesNotRead: 0 }, range.to),
    );
  }
}
