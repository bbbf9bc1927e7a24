import { CASE_ACTIONS, CASE_ACTION_NAMES } from '../../../src/domain/case/actions';
import { APPROVER_ROLES } from '../../../src/domain/vocabularies';
import { NOW, iso, newCase, p } from '../../support/fixtures/case-fixtures';

const findings = (id: string) => ({
  principal: p(id, 'investigator', 'legal', 'tns_lead'),
  role: 'investigator' as const,
  facts: 'f',
  evidence: ['sha256:x'],
  reasons: 'r',
});

function afterFindings(by = 'ivan') {
  const s = newCase();
  CASE_ACTIONS.findings.apply(s, findings(by), iso(NOW));
  s.stage = 'legal_review';
  return s;
}

describe('separation of duties within one case', () => {
  it('admin approves nothing: not an approver role, not on any approving action', () => {
    expect(APPROVER_ROLES).not.toContain('admin');
    for (const name of ['legal-decision', 'second-approval', 'expedite', 'appeal-decision'] as const) {
      expect(CASE_ACTIONS[name].roles).not.toContain('admin');
    }
    // Operational actions keep it.
    expect(CASE_ACTIONS['retry-revocation'].roles).toContain('admin');
  });

  it('an admin token cannot approve even when it also carries the approving role name as admin', () => {
    const s = afterFindings();
    const v = CASE_ACTIONS['second-approval'].check(
      s,
      { principal: p('root', 'admin'), role: 'admin', decision: 'approve', reasons: 'r' },
      NOW,
    );
    expect(v).toMatchObject({ type: 'Forbidden' });
  });

  it('the investigator who submitted findings cannot decide as legal', () => {
    const s = afterFindings('dana');
    const v = CASE_ACTIONS['legal-decision'].check(
      s,
      { principal: p('dana', 'investigator', 'legal'), role: 'legal', decision: 'approve', reasons: 'r' },
      NOW,
    );
    expect(v).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('submitted this case') });
  });

  it('the investigator cannot give the second approval either; legal and T&S lead are two more people', () => {
    const s = afterFindings('dana');
    CASE_ACTIONS['legal-decision'].apply(
      s,
      { principal: p('lena', 'legal'), role: 'legal', decision: 'approve', reasons: 'r' },
      iso(NOW),
    );
    const byInvestigator = CASE_ACTIONS['second-approval'].check(
      s,
      { principal: p('dana', 'investigator', 'tns_lead'), role: 'tns_lead', decision: 'approve', reasons: 'r' },
      NOW,
    );
    expect(byInvestigator).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('findings') });
    const byLegal = CASE_ACTIONS['second-approval'].check(
      s,
      { principal: p('lena', 'legal', 'tns_lead'), role: 'tns_lead', decision: 'approve', reasons: 'r' },
      NOW,
    );
    expect(byLegal).toMatchObject({ type: 'Forbidden' });
    expect(
      CASE_ACTIONS['second-approval'].check(
        s,
        { principal: p('tom', 'tns_lead'), role: 'tns_lead', decision: 'approve', reasons: 'r' },
        NOW,
      ),
    ).toBeNull();
  });

  it('the requester cannot submit the findings of the case it opened', () => {
    const s = newCase();
    const v = CASE_ACTIONS.findings.check(
      s,
      { ...findings('rita'), principal: p('rita', 'requester', 'investigator') },
      NOW,
    );
    expect(v).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('opened this case') });
  });

  it('every action refuses a principal id that is not one short line', () => {
    const s = newCase();
    for (const name of CASE_ACTION_NAMES) {
      const role = CASE_ACTIONS[name].roles[0]!;
      const input = { principal: { id: 'x'.repeat(129), roles: [role] }, role } as never;
      expect(CASE_ACTIONS[name].check(s, input, NOW)).toMatchObject({ type: 'InvalidInput' });
    }
  });
});
