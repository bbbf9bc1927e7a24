import { loadPolicy } from '../../../src/config/policy';
import { CASE_SOURCE_KINDS, type CaseSource } from '../../../src/domain/case/case-source';
import { OUTCOMES } from '../../../src/domain/vocabularies';
import { dsaStatementOfCase } from '../../../src/domain/dsa/case-statement';
import { caseOfPuid, dsaPuid } from '../../../src/domain/dsa/dsa-puid';
import { codePointLength, hasLoneSurrogate } from '../../../src/domain/dsa/dsa-text';
import { validateDsaStatement } from '../../../src/domain/dsa/dsa-validate';
import { statementBatch } from '../../../src/services/case/statements';
import { DSA_TIMES, caseWithOutcome } from '../../support/fixtures/dsa-fixtures';

const categories = loadPolicy().categories.map((c) => c.id);

const SOURCES: Record<(typeof CASE_SOURCE_KINDS)[number], CaseSource> = {
  own_initiative: { kind: 'own_initiative' },
  article_16_notice: { kind: 'article_16_notice', notifier: 'Jane Doe', receivedAt: DSA_TIMES.openedAt },
  trusted_flagger: { kind: 'trusted_flagger', notifier: 'INHOPE hotline', receivedAt: DSA_TIMES.openedAt },
  other_notification: { kind: 'other_notification', notifier: 'CERT-EU', receivedAt: DSA_TIMES.openedAt },
  member_state_order: {
    kind: 'member_state_order',
    authority: 'Parquet de Paris',
    country: 'FR',
    reference: 'ORD-1',
    receivedAt: DSA_TIMES.openedAt,
  },
};

describe('DSA export conformance to the transparency database schema', () => {
  it.each(categories.flatMap((c) => OUTCOMES.map((o) => [c, o] as const)))(
    'policy category %s, outcome %s: a statement exactly when service ended, accepted as is',
    (category, outcome) => {
      const dsa = dsaStatementOfCase(caseWithOutcome(category, { outcome }));
      if (outcome === 'rejected' || outcome === 'withdrawn') return expect(dsa).toBeUndefined();
      expect(dsa).toBeDefined();
      expect(validateDsaStatement(dsa)).toEqual({});
      expect(dsa!.application_date).toBe('2026-03-05');
      if (outcome === 'reinstated') {
        expect(dsa).toMatchObject({
          decision_account: 'DECISION_ACCOUNT_SUSPENDED',
          end_date_service_restriction: '2026-03-20',
          end_date_account_restriction: '2026-03-20',
        });
        expect(dsa!.decision_provision).toMatch(/_SUSPENSION$/);
      } else {
        expect(dsa!.end_date_service_restriction).toBeUndefined();
      }
    },
  );

  it.each(CASE_SOURCE_KINDS)('source %s: the source type the database knows, no private notifier named', (kind) => {
    const dsa = dsaStatementOfCase(caseWithOutcome('phishing_malware', { source: SOURCES[kind] }))!;
    expect(validateDsaStatement(dsa)).toEqual({});
    expect(dsa.source_type).toBe(
      {
        own_initiative: 'SOURCE_VOLUNTARY',
        article_16_notice: 'SOURCE_ARTICLE_16',
        trusted_flagger: 'SOURCE_TRUSTED_FLAGGER',
        other_notification: 'SOURCE_TYPE_OTHER_NOTIFICATION',
        member_state_order: 'SOURCE_TYPE_OTHER_NOTIFICATION',
      }[kind],
    );
    expect(JSON.stringify(dsa)).not.toContain('Jane Doe');
    if (kind === 'trusted_flagger') expect(dsa.source_identity).toBe('INHOPE hotline');
    if (kind === 'member_state_order') expect(dsa.source_identity).toBe('Parquet de Paris (FR)');
  });

  it('a slash or dot in the case ID still makes a valid, unique puid that names the case', () => {
    const dsa = dsaStatementOfCase(caseWithOutcome('terms_of_service', { caseId: 'case-acct.7/x_y' }))!;
    expect(dsa.puid).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(validateDsaStatement(dsa)).toEqual({});
    expect(caseOfPuid(dsa.puid)).toEqual({ caseId: 'case-acct.7/x_y', caseRef: 'run-1' });
    expect(dsaPuid('case-a_b', 'c')).not.toBe(dsaPuid('case-a', 'b_c'));
    expect(dsaPuid('case-a.b', 'c')).not.toBe(dsaPuid('case-a_b', 'c'));
    expect(validateDsaStatement({ ...dsa, puid: 'case-acct-1/run-1' }).puid).toEqual([
      'The puid field format is invalid.',
    ]);
  });

  it('an emoji at the facts limit is never split: the statement stays valid UTF-8 and within 5000 characters', () => {
    const facts = `${'x'.repeat(4998)}😀${'y'.repeat(50)}`;
    const dsa = dsaStatementOfCase(caseWithOutcome('violent_extremism', { facts }))!;
    expect(hasLoneSurrogate(dsa.decision_facts)).toBe(false);
    expect(codePointLength(dsa.decision_facts)).toBe(5000);
    expect(Buffer.from(JSON.stringify(dsa), 'utf8').toString('utf8')).toBe(JSON.stringify(dsa));
    expect(validateDsaStatement(dsa)).toEqual({});
    const exact = `${'x'.repeat(4999)}😀`;
    expect(dsaStatementOfCase(caseWithOutcome('violent_extremism', { facts: exact }))!.decision_facts).toBe(exact);
  });

  it('an empty batch is refused; 1 to 100 statements pass; 101 do not', () => {
    expect(() => statementBatch([])).toThrow(/none of these cases/);
    const one = dsaStatementOfCase(caseWithOutcome('violent_extremism'))!;
    expect(statementBatch([one]).statements).toHaveLength(1);
    const many = Array.from({ length: 101 }, (_, i) => ({ ...one, puid: `p${i}` }));
    expect(statementBatch(many.slice(0, 100)).statements).toHaveLength(100);
    expect(() => statementBatch(many)).toThrow(/at most 100/);
  });

  it('an expedited case says the day service actually ended, not the planned cutoff', () => {
    const s = caseWithOutcome('violent_extremism');
    expect(s.statement!.effective.at).toBe(DSA_TIMES.plannedCutoff);
    expect(dsaStatementOfCase(s)!.application_date).toBe('2026-03-05');
    s.revokedAt = '2026-03-06T23:59:00.000Z';
    expect(dsaStatementOfCase(s)!.application_date).toBe('2026-03-06');
  });

  it("content_date is when the account began, never after the restriction, never before the database's range", () => {
    expect(dsaStatementOfCase(caseWithOutcome('csam', { createdOn: '2021-06-30' }))!.content_date).toBe('2021-06-30');
    expect(dsaStatementOfCase(caseWithOutcome('csam', { createdOn: '1998-01-01' }))!.content_date).toBe('2000-01-01');
    expect(dsaStatementOfCase(caseWithOutcome('csam'))!.content_date).toBe('2026-03-02');
  });

  it('illegal content states the law as legal ground; incompatible content states the contractual clause', () => {
    const illegal = dsaStatementOfCase(caseWithOutcome('csam'))!;
    expect(illegal.illegal_content_legal_ground).toMatch(/^Directive 2011\/93\/EU/);
    expect(illegal.illegal_content_explanation).toMatch(/^The findings show/);
    const law = 'Strafgesetzbuch § 130 (Volksverhetzung)';
    const stated = dsaStatementOfCase(
      caseWithOutcome('violent_extremism', { ground: 'illegal_content', groundExplanation: law }),
    )!;
    expect(stated.illegal_content_legal_ground).toBe(law);
    const tos = dsaStatementOfCase(caseWithOutcome('terms_of_service'))!;
    expect(tos.incompatible_content_ground).toMatch(/^TOS-9: /);
    expect(tos.category).toBe('STATEMENT_CATEGORY_OTHER_VIOLATION_TC');
  });

  it('the validator refuses what the database refuses', () => {
    const ok = dsaStatementOfCase(caseWithOutcome('violent_extremism'))!;
    const errors = (patch: Record<string, unknown>) => Object.keys(validateDsaStatement({ ...ok, ...patch }));
    expect(errors({ category: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE' })).toEqual(['category']);
    expect(errors({ decision_facts: 'x'.repeat(5001) })).toEqual(['decision_facts']);
    expect(errors({ decision_facts: '   ' })).toEqual(['decision_facts']);
    expect(errors({ application_date: '2026-02-30' })).toEqual(['application_date']);
    expect(errors({ application_date: '2019-12-31' })).toEqual(['application_date']);
    expect(errors({ end_date_service_restriction: '2026-03-01' })).toEqual(['end_date_service_restriction']);
    expect(errors({ incompatible_content_ground: undefined })).toEqual(['incompatible_content_ground']);
    expect(errors({ content_type_other: '' })).toEqual(['content_type_other']);
    expect(errors({ territorial_scope: ['US'] })).toEqual(['territorial_scope']);
    expect(errors({ decision_provision: undefined, decision_account: undefined })).toHaveLength(4);
  });
});
