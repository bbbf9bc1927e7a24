// Transparency figures as a pure function of case states: which events count in a period, and how.
import { transparencyRange } from '../../src/api/routes/reports';
import { loadPolicy } from '../../src/config/policy';
import { openCase } from '../../src/domain/case/case-transitions';
import type { CaseState } from '../../src/domain/case/case-state';
import { casePolicyFor } from '../../src/domain/policy/policy-lookup';
import { computeTransparency } from '../../src/services/case/transparency';
import { sampleIntake } from '../support/api/fake-case-service';

const policy = loadPolicy();
const sources = { archivedCases: 0, openCases: 0, openCasesNotRead: 0 };
const range = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

function terminated(id: string, revokedAt: string, noticeAt: string): CaseState {
  const s = openCase(
    { caseId: id, caseRef: 'r' },
    sampleIntake({ category: 'phishing_malware' }),
    casePolicyFor(policy, 'phishing_malware'),
    '2026-02-20T00:00:00.000Z',
  );
  s.revokedAt = revokedAt;
  s.outcome = 'terminated';
  s.snapshotCoverage = ['board.example'];
  s.notices.push({
    key: 'n',
    kind: 'termination_notice',
    to: [],
    at: noticeAt,
    delivered: true,
    nonDisclosure: false,
    accepted: [],
    rejected: [],
  });
  return s;
}

it('counts a termination when service ended, inside [from, to) only', () => {
  const inside = terminated('case-1', '2026-03-01T00:00:00.000Z', '2026-02-28T00:00:00.000Z');
  const atEnd = terminated('case-2', '2026-04-01T00:00:00.000Z', '2026-03-31T00:00:00.000Z');
  const r = computeTransparency([inside, atEnd], range, sources, range.to);
  expect(r.decisions.byOutcome.terminated).toBe(1);
  expect(r.decisions.byCategory).toEqual([
    {
      category: 'phishing_malware',
      dsaCategory: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      terminated: 1,
      rejected: 0,
      withdrawn: 0,
      reinstated: 0,
    },
  ]);
  expect(r.noticePeriods).toMatchObject({ count: 1, minHours: 24, medianHours: 24, maxHours: 24 });
});

it('counts a reversal in the period of the appeal decision and reappearance by provider', () => {
  const s = terminated('case-3', '2026-02-10T00:00:00.000Z', '2026-02-09T00:00:00.000Z');
  s.appeals.push({
    id: 'appeal-1',
    filedBy: 'ada',
    filedAt: '2026-02-15T00:00:00.000Z',
    text: 't',
    afterRevocation: true,
    decision: { by: 'ada', role: 'appeals', at: '2026-03-02T00:00:00.000Z', reasons: 'r', outcome: 'upheld' },
  });
  s.outcome = 'reinstated';
  s.closedAt = '2026-03-03T00:00:00.000Z';
  const back = terminated('case-4', '2026-03-05T00:00:00.000Z', '2026-03-04T00:00:00.000Z');
  back.providerChain.push(
    { domain: 'board.example', state: 'dark', provider: null, confidence: 1, at: '2026-03-05T01:00:00.000Z' },
    { domain: 'board.example', state: 'hostco', provider: 'hostco', confidence: 0.9, at: '2026-03-07T00:00:00.000Z' },
  );
  const r = computeTransparency([s, back], range, sources, range.to);
  expect(r.decisions.byOutcome).toEqual({ terminated: 1, rejected: 0, withdrawn: 0, reinstated: 1 });
  expect(r.appeals).toEqual({ filed: 0, decided: 1, upheld: 1, denied: 0, reversals: 1, pending: 0 });
  expect(r.reappearance).toMatchObject({
    domainsRevoked: 1,
    count: 1,
    stillDark: 0,
    minHours: 48,
    byProvider: [{ provider: 'hostco', count: 1 }],
  });
});

it('reads dates as whole UTC days with `to` included, and instants exactly', () => {
  expect(transparencyRange({ from: '2026-03-01', to: '2026-03-31' })).toEqual(range);
  expect(transparencyRange({ from: range.from, to: range.to })).toEqual(range);
  expect(() => transparencyRange({ from: '2026-03-02', to: '2026-03-01' })).toThrow('to: must be after from');
});
