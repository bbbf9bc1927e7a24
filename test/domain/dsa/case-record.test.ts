import { buildCaseView } from '../../../src/domain/case/case-view';
import { buildStatement } from '../../../src/domain/case/statement';
import { MAX_TIMELINE_ENTRIES, record } from '../../../src/domain/case/timeline';
import { CASE_ACTIONS } from '../../../src/domain/case/actions';
import { buildCaseRecord } from '../../../src/domain/dsa/case-record';
import { EEA_TERRITORIAL_SCOPE, toDsaStatement } from '../../../src/domain/dsa/dsa-statement';
import { validateDsaStatement } from '../../../src/domain/dsa/dsa-validate';
import { caseDetails } from '../../../src/domain/case/case-details';
import { DAY, NOW, iso, newCase, p } from '../../support/fixtures/case-fixtures';

const applyFindings = CASE_ACTIONS.findings.apply;
const applyLegalDecision = CASE_ACTIONS['legal-decision'].apply;
const applyPlaceHold = (...[s, input, at]: [...Parameters<typeof CASE_ACTIONS.hold.apply>, string]) =>
  CASE_ACTIONS.hold.apply(s, input, at);

const cutoff = {
  at: '2019-08-05T07:00:00.000Z',
  timeZone: 'America/Los_Angeles',
  localTime: '2019-08-05T00:00:00-07:00',
};

function decided(ground?: 'illegal_content' | 'incompatible_content') {
  const s = newCase();
  applyFindings(
    s,
    {
      principal: p('ivan', 'investigator'),
      role: 'investigator',
      facts: 'Posted manifestos before three attacks.',
      evidence: ['sha256:' + 'a'.repeat(64)],
      reasons: 'r',
    },
    iso(NOW),
  );
  applyLegalDecision(
    s,
    {
      principal: p('lena', 'legal'),
      role: 'legal',
      decision: 'approve',
      reasons: 'r',
      ...(ground ? { ground, groundExplanation: 'Penal code 1' } : {}),
    },
    iso(NOW),
  );
  return s;
}

describe('statement of reasons, DSA export, case record, view', () => {
  it('the statement states facts, evidence, clause and version, effective time in the zone and UTC, and the appeal route', () => {
    const s = decided();
    s.evidence.push({ sha256: 'b'.repeat(64), label: 'observation', storedAt: iso(NOW) });
    const sor = buildStatement(s, cutoff, NOW);
    expect(sor).toMatchObject({
      caseId: 'case-acct-1',
      decision: { services: ['dns', 'proxy'], domains: ['8board.example', 'mirror.example'] },
      facts: 'Posted manifestos before three attacks.',
      ground: 'incompatible_content',
      policy: {
        category: 'violent_extremism',
        dsaCategory: 'STATEMENT_CATEGORY_VIOLENCE',
        clause: expect.stringMatching(/^AUP-3\.1: /),
      },
      effective: cutoff,
      appeal: { until: iso(NOW + 14 * DAY) },
    });
    expect(sor.evidence).toEqual([
      'https://evidence.example/1',
      'sha256:' + 'a'.repeat(64),
      'sha256:' + 'b'.repeat(64),
    ]);
  });

  it('maps to the DSA transparency database format: grounds, provision, category, dates, scope', () => {
    const applied = { puid: 'case-acct-1__run-1', contentDate: '2024-05-01', appliedAt: '2026-03-05T07:00:00.000Z' };
    const tos = toDsaStatement(buildStatement(decided(), cutoff, NOW), applied);
    expect(tos).toMatchObject({
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: expect.stringMatching(/^AUP-3\.1: /),
      incompatible_content_illegal: 'No',
      decision_provision: 'DECISION_PROVISION_TOTAL_TERMINATION',
      decision_account: 'DECISION_ACCOUNT_TERMINATED',
      category: 'STATEMENT_CATEGORY_VIOLENCE',
      application_date: '2026-03-05',
      content_date: '2024-05-01',
      automated_detection: 'No',
      automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
      source_type: 'SOURCE_VOLUNTARY',
      puid: 'case-acct-1__run-1',
    });
    expect(tos.illegal_content_legal_ground).toBeUndefined();
    expect(tos.territorial_scope).toEqual(EEA_TERRITORIAL_SCOPE);
    expect(validateDsaStatement(tos)).toEqual({});
    const s = decided('illegal_content');
    s.intake.services = ['dns'];
    s.findings!.facts = 'x'.repeat(6000);
    const illegal = toDsaStatement(buildStatement(s, cutoff, NOW), { ...applied, legalGround: 'Penal code 1' });
    expect(illegal).toMatchObject({
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      illegal_content_legal_ground: 'Penal code 1',
      decision_provision: 'DECISION_PROVISION_PARTIAL_TERMINATION',
    });
    expect(illegal.incompatible_content_ground).toBeUndefined();
    expect(illegal.decision_facts).toHaveLength(5000);
    expect(validateDsaStatement(illegal)).toEqual({});
  });

  it('the final record carries the DSA export only when service actually ended', () => {
    const s = decided();
    s.statement = buildStatement(s, cutoff, NOW);
    s.outcome = 'withdrawn';
    expect(buildCaseRecord(s, iso(NOW + DAY)).dsa).toBeUndefined();
    s.revokedAt = cutoff.at;
    s.outcome = 'terminated';
    const rec = buildCaseRecord(s, iso(NOW + DAY));
    expect(rec).toMatchObject({
      schema: 'terminus.case-record/1',
      recordId: 'case-acct-1/run-1',
      outcome: 'terminated',
      policy: { version: s.policy.version, clause: 'AUP-3.1' },
    });
    expect(rec.dsa?.puid).toBe('case-acct-1__run-1');
  });

  it('the view is a copy with derived flags; details never show contacts or agency names', () => {
    const s = decided();
    applyPlaceHold(
      s,
      {
        principal: p('lena', 'legal'),
        role: 'legal',
        kind: 'non_disclosure',
        reference: 'NDO-7',
        agencyContact: 'agent@fbi.example',
        expiresAt: iso(NOW + DAY),
        reasons: 'r',
      },
      iso(NOW),
      'hold-1',
    );
    const v = buildCaseView(s, NOW);
    expect(v.activeHolds).toEqual([
      { id: 'hold-1', kind: 'non_disclosure', reference: 'NDO-7', expiresAt: iso(NOW + DAY), active: true },
    ]);
    expect(buildCaseView(s, NOW + 2 * DAY).activeHolds[0]!.active).toBe(false);
    expect(v.pendingApproverRoles).toEqual(['tns_lead']);
    v.timeline.length = 0;
    expect(s.timeline.length).toBeGreaterThan(0);
    const details = caseDetails(s, NOW);
    expect(details).toContain('**Stage:** investigating');
    expect(details).not.toContain('agent@fbi.example');
    expect(details).not.toContain('abuse@8board.example');
  });

  it('the timeline is bounded and counts what it dropped', () => {
    const s = newCase();
    for (let i = 0; i < MAX_TIMELINE_ENTRIES + 25; i++) record(s, iso(NOW + i), 'provider_changed', `change ${i}`);
    expect(s.timeline).toHaveLength(MAX_TIMELINE_ENTRIES);
    expect(s.timelineDropped).toBe(26);
    expect(s.timeline.at(-1)!.summary).toBe(`change ${MAX_TIMELINE_ENTRIES + 24}`);
  });
});
