import { CASE_ACTIONS } from '../../../src/domain/case/actions';
import { pendingApproverRoles, type Violation } from '../../../src/domain/case/case-rules';
import type { CaseState } from '../../../src/domain/case/case-state';
import { DAY, NOW, iso, newCase, p } from '../../support/fixtures/case-fixtures';

// Each action's rule and transition, under the names these tests were written with.
const A = CASE_ACTIONS;
/** A rule as a function whose clock defaults to NOW (the rules that do not read the clock were called without it). */
const rule =
  <I>(check: (s: CaseState, input: I, nowMs: number) => Violation | null) =>
  (s: CaseState, input: I, nowMs = NOW) =>
    check(s, input, nowMs);
const checkAddAlias = rule(A.alias.check);
const checkDecideAppeal = rule(A['appeal-decision'].check);
const checkExpedite = rule(A.expedite.check);
const checkFileAppeal = rule(A.appeal.check);
const checkFindings = rule(A.findings.check);
const checkLegalDecision = rule(A['legal-decision'].check);
const checkPlaceHold = rule(A.hold.check);
const checkReleaseHold = rule(A['hold-release'].check);
const checkRetryRevocation = rule(A['retry-revocation'].check);
const checkSecondApproval = rule(A['second-approval'].check);
const checkWithdraw = rule(A.withdraw.check);
const applyFindings = A.findings.apply;
const applyLegalDecision = A['legal-decision'].apply;
const applySecondApproval = A['second-approval'].apply;
const applyPlaceHold = (s: CaseState, input: Parameters<typeof A.hold.apply>[1], at: string, id: string) => {
  A.hold.apply(s, input, at);
  expect(s.holds.at(-1)?.id).toBe(id);
};
/** Whether the approval made the expedite effective. */
const applyExpedite = (s: CaseState, input: Parameters<typeof A.expedite.apply>[1], at: string): boolean => {
  A.expedite.apply(s, input, at);
  return s.expedite.effectiveAt !== undefined;
};
const applyFileAppeal = (s: CaseState, input: Parameters<typeof A.appeal.apply>[1], at: string, id: string) => {
  A.appeal.apply(s, input, at);
  const appeal = s.appeals.at(-1)!;
  expect(appeal.id).toBe(id);
  return appeal;
};

const findings = {
  principal: p('ivan', 'investigator'),
  role: 'investigator' as const,
  facts: 'f',
  evidence: ['sha256:x'],
  reasons: 'r',
};
const legalApprove = (id = 'lena') => ({
  principal: p(id, 'legal'),
  role: 'legal' as const,
  decision: 'approve' as const,
  reasons: 'AUP',
});

function inLegalReview(): CaseState {
  const s = newCase();
  applyFindings(s, findings, iso(NOW));
  s.stage = 'legal_review';
  return s;
}

function noticed(): CaseState {
  const s = inLegalReview();
  applyLegalDecision(s, legalApprove(), iso(NOW));
  applySecondApproval(
    s,
    { principal: p('tom', 'tns_lead'), role: 'tns_lead', decision: 'approve', reasons: 'ok' },
    iso(NOW),
  );
  s.stage = 'awaiting_cutoff';
  s.cutoff = { at: iso(NOW + DAY), timeZone: 'UTC', localTime: iso(NOW + DAY) };
  s.deadlines.appealUntil = iso(NOW + 14 * DAY);
  return s;
}

describe('case rules: who may decide what', () => {
  it('the principal must hold the role it acts as, and the role must be allowed', () => {
    const s = newCase();
    expect(checkFindings(s, { ...findings, principal: p('ivan', 'legal') })).toMatchObject({
      type: 'Forbidden',
      message: 'principal ivan does not hold the role "investigator"',
    });
    expect(checkFindings(s, { ...findings, principal: p('lena', 'legal'), role: 'legal' })).toMatchObject({
      type: 'Forbidden',
      message: expect.stringContaining('may not do this'),
    });
    expect(checkFindings(s, { ...findings, principal: undefined as never })).toMatchObject({ type: 'InvalidInput' });
    expect(checkFindings(s, { ...findings, facts: '  ' })).toMatchObject({
      type: 'InvalidInput',
      message: 'facts is required',
    });
    expect(checkFindings(s, findings)).toBeNull();
  });

  it('four eyes: the requester never approves; legal first; the second approver is another person', () => {
    const s = inLegalReview();
    expect(
      checkLegalDecision(s, { ...legalApprove('rita'), principal: p('rita', 'requester', 'legal') }),
    ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('four-eyes') });
    expect(
      checkSecondApproval(s, { principal: p('tom', 'tns_lead'), role: 'tns_lead', decision: 'approve', reasons: 'r' }),
    ).toMatchObject({ type: 'Conflict', message: 'legal has not approved this case yet' });
    applyLegalDecision(s, legalApprove('dana'), iso(NOW));
    expect(checkLegalDecision(s, legalApprove('leo'))).toMatchObject({ type: 'Conflict' });
    expect(
      checkSecondApproval(s, {
        principal: p('dana', 'legal', 'tns_lead'),
        role: 'tns_lead',
        decision: 'approve',
        reasons: 'r',
      }),
    ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('two distinct approvers') });
    expect(
      checkSecondApproval(s, { principal: p('lena', 'legal'), role: 'legal', decision: 'approve', reasons: 'r' }),
    ).toMatchObject({ type: 'Forbidden' });
    expect(
      checkSecondApproval(s, { principal: p('tom', 'tns_lead'), role: 'tns_lead', decision: 'approve', reasons: 'r' }),
    ).toBeNull();
    expect(pendingApproverRoles(s)).toEqual(['tns_lead']);
    applySecondApproval(
      s,
      { principal: p('tom', 'tns_lead'), role: 'tns_lead', decision: 'approve', reasons: 'r' },
      iso(NOW),
    );
    expect(pendingApproverRoles(s)).toEqual([]);
    expect(
      checkSecondApproval(s, { principal: p('tim', 'tns_lead'), role: 'tns_lead', decision: 'approve', reasons: 'r' }),
    ).toMatchObject({ type: 'Conflict' });
  });

  it('legal review opens with the findings, even while the investigation steps finish', () => {
    const s = newCase();
    expect(checkLegalDecision(s, legalApprove())).toMatchObject({ type: 'Conflict' });
    applyFindings(s, findings, iso(NOW));
    expect(s.stage).toBe('investigating');
    expect(checkLegalDecision(s, legalApprove())).toBeNull();
  });

  it('expedite: allowed by policy, imminent, two distinct approvers, not the requester', () => {
    expect(
      checkExpedite(newCase({}, 'hate_speech'), { principal: p('lena', 'legal'), role: 'legal', reasons: 'r' }),
    ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('does not allow expedite') });
    expect(
      checkExpedite(newCase({ urgency: 'standard' }), { principal: p('lena', 'legal'), role: 'legal', reasons: 'r' }),
    ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('imminent') });
    const s = newCase();
    expect(checkExpedite(s, { principal: p('rita', 'requester', 'legal'), role: 'legal', reasons: 'r' })).toMatchObject(
      { type: 'Forbidden' },
    );
    expect(
      checkExpedite(s, { principal: p('ivan', 'investigator'), role: 'investigator', reasons: 'r' }),
    ).toMatchObject({ type: 'Forbidden' });
    expect(applyExpedite(s, { principal: p('lena', 'legal'), role: 'legal', reasons: 'r' }, iso(NOW))).toBe(false);
    expect(checkExpedite(s, { principal: p('lena', 'legal'), role: 'legal', reasons: 'again' })).toMatchObject({
      type: 'Forbidden',
      message: expect.stringContaining('second, different approver'),
    });
    expect(applyExpedite(s, { principal: p('tom', 'tns_lead'), role: 'tns_lead', reasons: 'r' }, iso(NOW))).toBe(true);
    expect(s.expedite.effectiveAt).toBe(iso(NOW));
    expect(checkExpedite(s, { principal: p('leo', 'legal'), role: 'legal', reasons: 'r' })).toMatchObject({
      type: 'Conflict',
    });
  });

  it('appeals: only after notice, within the window, one open at a time, decided by someone who approved nothing', () => {
    const early = inLegalReview();
    expect(checkFileAppeal(early, { principal: p('ada', 'appeals'), role: 'appeals', text: 't' }, NOW)).toMatchObject({
      type: 'Conflict',
    });
    const s = noticed();
    expect(
      checkFileAppeal(s, { principal: p('ada', 'appeals'), role: 'appeals', text: 't' }, NOW + 15 * DAY),
    ).toMatchObject({ type: 'Conflict', message: expect.stringContaining('appeal window closed') });
    const appeal = applyFileAppeal(
      s,
      { principal: p('ada', 'appeals'), role: 'appeals', text: 't' },
      iso(NOW),
      'appeal-1',
    );
    expect(s.outbox).toEqual([{ key: 'appeal-received-appeal-1', kind: 'appeal_received', appealId: 'appeal-1' }]);
    expect(checkFileAppeal(s, { principal: p('ada', 'appeals'), role: 'appeals', text: 't' }, NOW)).toMatchObject({
      type: 'Conflict',
    });
    const decide = (id: string, ...roles: Parameters<typeof p>[1][]) =>
      checkDecideAppeal(s, {
        principal: p(id, ...roles),
        role: 'appeals',
        appealId: appeal.id,
        outcome: 'upheld',
        reasons: 'r',
      });
    expect(decide('lena', 'legal', 'appeals')).toMatchObject({ type: 'Forbidden' });
    expect(decide('tom', 'tns_lead', 'appeals')).toMatchObject({ type: 'Forbidden' });
    expect(decide('rita', 'requester', 'appeals')).toMatchObject({ type: 'Forbidden' });
    applyExpedite(s, { principal: p('eve', 'legal'), role: 'legal', reasons: 'r' }, iso(NOW));
    expect(decide('eve', 'legal', 'appeals')).toMatchObject({ type: 'Forbidden' });
    expect(decide('ada', 'appeals')).toBeNull();
    expect(
      checkDecideAppeal(s, {
        principal: p('ada', 'appeals'),
        role: 'appeals',
        appealId: 'appeal-9',
        outcome: 'upheld',
        reasons: 'r',
      }),
    ).toMatchObject({ type: 'InvalidInput' });
  });

  it('preservation holds last at most 90 days and are renewable once for at most 90 more', () => {
    const s = newCase();
    const hold = (expiresMs: number) => ({
      principal: p('lena', 'legal'),
      role: 'legal' as const,
      kind: 'preservation' as const,
      reference: '2703f-1',
      agencyContact: 'a@b',
      expiresAt: iso(expiresMs),
      reasons: 'r',
    });
    expect(checkPlaceHold(s, hold(NOW + 91 * DAY), NOW)).toMatchObject({
      type: 'InvalidInput',
      message: expect.stringContaining('90 days'),
    });
    expect(checkPlaceHold(s, hold(NOW - DAY), NOW)).toMatchObject({
      type: 'InvalidInput',
      message: expect.stringContaining('in the past'),
    });
    expect(checkPlaceHold(s, { ...hold(NOW + DAY), expiresAt: '2019-09-01' }, NOW)).toMatchObject({
      type: 'InvalidInput',
    });
    applyPlaceHold(s, hold(NOW + 90 * DAY), iso(NOW), 'hold-1');
    expect(checkPlaceHold(s, hold(NOW + 181 * DAY), NOW)).toMatchObject({ type: 'InvalidInput' });
    expect(checkPlaceHold(s, hold(NOW + 180 * DAY), NOW)).toBeNull();
    applyPlaceHold(s, hold(NOW + 180 * DAY), iso(NOW), 'hold-2');
    expect(checkPlaceHold(s, hold(NOW + 200 * DAY), NOW)).toMatchObject({
      type: 'Conflict',
      message: expect.stringContaining('renewed once'),
    });
    expect(
      checkReleaseHold(
        s,
        { principal: p('lena', 'legal'), role: 'legal', holdId: 'hold-1', reasons: 'r' },
        NOW + 91 * DAY,
      ),
    ).toMatchObject({ type: 'Conflict', message: expect.stringContaining('expired') });
    expect(
      checkReleaseHold(s, { principal: p('lena', 'legal'), role: 'legal', holdId: 'hold-2', reasons: 'r' }, NOW),
    ).toBeNull();
  });

  it('withdrawal ends before revocation only; retries only when something is stuck; aliases are real, new names', () => {
    const s = noticed();
    expect(checkWithdraw(s, { principal: p('rita', 'requester'), role: 'requester', reasons: 'r' })).toBeNull();
    s.stage = 'monitoring';
    expect(checkWithdraw(s, { principal: p('rita', 'requester'), role: 'requester', reasons: 'r' })).toMatchObject({
      type: 'Conflict',
      message: expect.stringContaining('appeal'),
    });
    expect(checkRetryRevocation(s, { principal: p('otto', 'operator'), role: 'operator', reasons: 'r' })).toMatchObject(
      { type: 'Conflict' },
    );
    s.revocationStuck = true;
    expect(checkRetryRevocation(s, { principal: p('otto', 'operator'), role: 'operator', reasons: 'r' })).toBeNull();
    const alias = (domain: string) =>
      checkAddAlias(s, { principal: p('ivan', 'investigator'), role: 'investigator', domain, reasons: 'r' });
    expect(s.domains.primary).toBe('8board.example');
    expect(alias('8BOARD.example.')).toMatchObject({ type: 'Conflict' });
    expect(alias('not a domain')).toMatchObject({ type: 'InvalidInput' });
    expect(alias('-bad.example')).toMatchObject({ type: 'InvalidInput' });
    expect(alias('8kun.top')).toBeNull();
  });
});
