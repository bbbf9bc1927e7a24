// The harmonised transparency-report figures (Implementing Regulation (EU) 2024/2835) from cases of every source.
import { CASE_ACTIONS } from '../../../src/domain/case/actions';
import type { CaseState } from '../../../src/domain/case/case-state';
import { computeTransparency } from '../../../src/services/case/transparency';
import { harmonisedCsv } from '../../../src/services/case/transparency-harmonised';
import { DSA_TIMES, caseWithOutcome } from '../../support/fixtures/dsa-fixtures';
import { p } from '../../support/fixtures/case-fixtures';

const received = '2026-03-05T02:30:00.000Z'; // 12 h before service ended (DSA_TIMES.revokedAt)
const PERIOD = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

function cases(): CaseState[] {
  const own = caseWithOutcome('violent_extremism');
  const restored = caseWithOutcome('terms_of_service', { outcome: 'reinstated' });
  const notice = caseWithOutcome('phishing_malware', {
    source: { kind: 'article_16_notice', notifier: 'Jane Doe', receivedAt: received },
  });
  const flagger = caseWithOutcome('csam', {
    source: { kind: 'trusted_flagger', notifier: 'INHOPE', receivedAt: '2026-03-04T14:30:00.000Z' },
  });
  const order = caseWithOutcome('hate_speech', {
    source: { kind: 'member_state_order', authority: 'Parquet de Paris', country: 'FR', receivedAt: received },
  });
  const unanswered = caseWithOutcome('hate_speech', {
    outcome: 'withdrawn',
    source: { kind: 'member_state_order', authority: 'Staatsanwaltschaft Berlin', country: 'DE', receivedAt: received },
  });
  CASE_ACTIONS.appeal.apply(
    restored,
    { principal: p('tess', 'tns_lead'), role: 'tns_lead', text: 'We fixed it.' },
    '2026-03-06T10:00:00.000Z',
  );
  return [own, restored, notice, flagger, order, unanswered];
}

it('counts own-initiative restrictions by category and type, notices by source, orders by Member State', () => {
  const states = cases();
  const appeal = states[1]!.appeals[0];
  if (appeal)
    appeal.decision = { by: 'ada', role: 'appeals', at: '2026-03-08T10:00:00.000Z', reasons: 'ok', outcome: 'upheld' };
  const h = computeTransparency(
    states,
    PERIOD,
    { archivedCases: 6, openCases: 0, openCasesNotRead: 0 },
    DSA_TIMES.revokedAt,
  ).harmonised;
  expect(h.ownInitiative).toEqual({
    restrictions: 2,
    byCategory: [
      { dsaCategory: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC', count: 1 },
      { dsaCategory: 'STATEMENT_CATEGORY_VIOLENCE', count: 1 },
    ],
    byRestriction: [
      { restriction: 'DECISION_PROVISION_TOTAL_SUSPENSION + DECISION_ACCOUNT_SUSPENDED', count: 1 },
      { restriction: 'DECISION_PROVISION_TOTAL_TERMINATION + DECISION_ACCOUNT_TERMINATED', count: 1 },
    ],
  });
  expect(h.notices.bySource).toEqual([
    { source: 'article_16_notice', received: 1, actioned: 1, medianHoursToAction: 12 },
    { source: 'trusted_flagger', received: 1, actioned: 1, medianHoursToAction: 24 },
  ]);
  expect(h.orders.byMemberState).toEqual([
    { country: 'DE', received: 1, actioned: 0, medianHoursToAction: null },
    { country: 'FR', received: 1, actioned: 1, medianHoursToAction: 12 },
  ]);
  expect(h.complaints).toMatchObject({ received: 1, decided: 1, upheld: 1, denied: 0, medianHoursToDecision: 48 });
  expect(h.automatedMeans).toMatchObject({ used: false, automatedDetections: 0, automatedDecisions: 0 });
  expect(h.automatedMeans.statement).toMatch(/^No automated means/);
  expect(JSON.stringify(h)).not.toContain('Jane Doe');

  const csv = harmonisedCsv(h, PERIOD).trimEnd().split('\n');
  expect(csv[0]).toBe('section,dimension,value,count,actioned,median_hours');
  expect(csv).toContain('notices,source,trusted_flagger,1,1,24');
  expect(csv).toContain('orders,member_state,FR,1,1,12');
  expect(csv).toContain('complaints,decided,,1,,48');
  expect(csv).toContain('automated_means,used,no,0,,');
});

it('events outside the period are not counted', () => {
  const h = computeTransparency(
    cases(),
    { from: '2026-05-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' },
    { archivedCases: 6, openCases: 0, openCasesNotRead: 0 },
    DSA_TIMES.revokedAt,
  ).harmonised;
  expect(h.ownInitiative.restrictions).toBe(0);
  expect(h.notices.bySource).toEqual([]);
  expect(h.orders.byMemberState).toEqual([]);
});
