import {
  applyDiscovery,
  applyProgress,
  affectedSummary,
  DEFAULT_ACCOUNT_BATCH_SIZE,
} from '../../../src/domain/case/account-case';
import { openCase } from '../../../src/domain/case/case-transitions';
import { casePolicyFor } from '../../../src/domain/policy/policy-lookup';
import { loadPolicy, parsePolicy } from '../../../src/config/policy';
import { CASE_ACTIONS } from '../../../src/domain/case/actions';
import { CASE_BOUNDS, jsonBytes } from '../../../src/domain/case/case-bounds';
import { checkIntakeBounds } from '../../../src/domain/case/intake-rules';
import { buildStatement } from '../../../src/domain/case/statement';
import { toDsaStatement } from '../../../src/domain/dsa/dsa-statement';
import { validateDsaStatement } from '../../../src/domain/dsa/dsa-validate';
import { DSA_TEXT_LIMITS } from '../../../src/domain/dsa/dsa-schema';
import { renderCustomerMessage } from '../../../src/domain/notice/customer-messages';
import { iso, NOW, newCase, p } from '../../support/fixtures/case-fixtures';

const link = (id: string) => ({
  id,
  reason: 'same operator: shared billing',
  evidenceRefs: ['sha256:' + 'b'.repeat(64)],
});
const accountCase = (linked = [link('acct-2')]) => newCase({ scope: 'account', linkedAccounts: linked });
const exclude = CASE_ACTIONS['exclude-item'];
const ivan = { principal: p('ivan', 'investigator'), role: 'investigator' as const };

describe('account cases: intake', () => {
  it('accepts an account case with linked accounts, and leaves a domain case without item counts', () => {
    const s = accountCase();
    expect(checkIntakeBounds(s.intake)).toBeNull();
    expect(s.accountItems).toMatchObject({ total: 0, remaining: 0, exclusions: [] });
    expect(newCase().accountItems).toBeUndefined();
  });

  it.each([
    [[link('acct-2'), link('acct-2')], /linkedAccounts\[1\]\.id: acct-2 is already/],
    [[link('acct-1')], /linkedAccounts\[0\]\.id: acct-1 is already/],
    [[{ ...link('acct-3'), evidenceRefs: [] }], /linkedAccounts\[0\]\.evidenceRefs: 1 to 3/],
    [[{ ...link('acct-3'), reason: ' ' }], /linkedAccounts\[0\]\.reason is required/],
    [[link('bad id!')], /linkedAccounts\[0\]\.id:/],
    [Array.from({ length: CASE_BOUNDS.linkedAccounts + 1 }, (_, i) => link(`acct-x${i}`)), /at most 10 linked/],
  ])('refuses bad linked accounts, naming the field (%#)', (linked, message) => {
    const v = checkIntakeBounds(accountCase(linked).intake);
    expect(v?.type).toBe('InvalidInput');
    expect(v?.message).toMatch(message);
  });

  it('refuses linked accounts on a domain case', () => {
    const v = checkIntakeBounds({ ...newCase().intake, linkedAccounts: [link('acct-2')] });
    expect(v?.message).toMatch(/only a case whose scope is "account"/);
  });
});

describe('account cases: the exclude-item action', () => {
  it('excludes a pending item before revocation, with the reason kept for the statement', () => {
    const s = accountCase();
    applyDiscovery(
      s.accountItems!,
      s,
      'intake',
      { total: 40, added: 40, addedSample: ['a.example'], excluded: 0 },
      iso(NOW),
    );
    const input = { ...ivan, name: 'Shared.Example.', reasons: 'run for a third party' };
    expect(exclude.check(s, input, NOW)).toBeNull();
    exclude.apply(s, input, iso(NOW));
    expect(s.accountItems).toMatchObject({ excluded: 1, remaining: 39 });
    expect(s.accountItems!.exclusions).toEqual([
      { name: 'shared.example', by: 'ivan', at: iso(NOW), reason: 'run for a third party' },
    ]);
    expect(exclude.check(s, input, NOW)?.type).toBe('Conflict');
    expect(affectedSummary(s.accountItems!, ['acct-1', 'acct-2'])).toContain('shared.example (run for a third party)');
  });

  it('is refused on a domain case, to other roles, and once revocation started', () => {
    const input = { ...ivan, name: 'x.example', reasons: 'r' };
    expect(exclude.check(newCase(), input, NOW)?.message).toMatch(/only an account case/);
    const s = accountCase();
    expect(exclude.check(s, { ...input, principal: p('lena', 'legal'), role: 'legal' }, NOW)?.type).toBe('Forbidden');
    s.accountItems!.revocationStartedAt = iso(NOW);
    expect(exclude.check(s, input, NOW)?.message).toMatch(/revocation has started/);
  });
});

describe('account cases: progress', () => {
  it('keeps counts and records about ten progress lines for a hundred batches', () => {
    const s = accountCase();
    const items = s.accountItems!;
    applyDiscovery(items, s, 'intake', { total: 10_000, added: 10_000, addedSample: [], excluded: 0 }, iso(NOW));
    const before = s.timeline.length;
    for (let done = 100; done <= 10_000; done += 100) {
      applyProgress(items, s, { done, failed: 0, remaining: 10_000 - done, failedSample: [] }, iso(NOW));
    }
    expect(items).toMatchObject({ done: 10_000, remaining: 0, batches: 100 });
    const lines = s.timeline.slice(before).filter((e) => e.kind === 'revocation_progress');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.at(-1)!.summary).toBe('account revocation: 10000 done, 0 failed, 0 remaining');
  });

  it('names the names a late discovery added on the timeline', () => {
    const s = accountCase();
    applyDiscovery(
      s.accountItems!,
      s,
      'pre_revocation',
      { total: 3, added: 1, addedSample: ['late.example'], excluded: 0 },
      iso(NOW),
    );
    expect(s.accountItems!.lateAdded).toBe(1);
    expect(s.timeline.at(-1)!.summary).toMatch(/1 name\(s\) added to the account since intake.*late\.example/);
  });
});

describe('account cases: what the notice and the statement name', () => {
  const cutoff = { at: iso(NOW + 86_400_000), timeZone: 'UTC', localTime: '2019-08-05 20:00' };

  function excludedCase() {
    const s = accountCase();
    const sample = Array.from({ length: 20 }, (_, i) => `z${i}.example`);
    applyDiscovery(
      s.accountItems!,
      s,
      'intake',
      { total: 9_000, added: 9_000, addedSample: sample, excluded: 0 },
      iso(NOW),
    );
    for (let i = 0; i < CASE_BOUNDS.itemExclusions; i++) {
      exclude.apply(s, { ...ivan, name: `kept-${i}-${'k'.repeat(200)}.example`, reasons: 'r'.repeat(2_000) }, iso(NOW));
    }
    s.findings = {
      by: 'ivan',
      role: 'investigator',
      at: iso(NOW),
      reasons: 'r',
      facts: 'f'.repeat(8_000),
      evidence: [],
    };
    return s;
  }

  it('names the accounts, the count, the first names and the exclusions with reasons in the notice', () => {
    const s = accountCase();
    applyDiscovery(
      s.accountItems!,
      s,
      'intake',
      { total: 3, added: 3, addedSample: ['a.example', 'b.example', 'c.example'], excluded: 0 },
      iso(NOW),
    );
    exclude.apply(s, { ...ivan, name: 'c.example', reasons: 'a third party runs it' }, iso(NOW));
    const statement = buildStatement(s, cutoff, NOW);
    expect(statement.affected).toEqual({
      accounts: ['acct-1', 'acct-2'],
      items: 2,
      sample: ['a.example', 'b.example', 'c.example'],
      exclusions: [{ name: 'c.example', reason: 'a third party runs it' }],
    });
    const notice = renderCustomerMessage({ kind: 'termination_notice', statement, nonDisclosure: false });
    expect(notice.text).toContain('account(s) acct-1, acct-2');
    expect(notice.text).toContain('2 name(s)');
    expect(notice.text).toContain('c.example: a third party runs it');
  });

  it('keeps the DSA statement inside the database limits with the longest facts and every exclusion', () => {
    const statement = buildStatement(excludedCase(), cutoff, NOW);
    const dsa = toDsaStatement(statement, {
      puid: 'case-acct-1__run-1',
      contentDate: '2024-05-01',
      appliedAt: '2026-03-05T07:00:00.000Z',
    });
    expect(validateDsaStatement(dsa)).toEqual({});
    expect(dsa.decision_facts.length).toBeLessThanOrEqual(DSA_TEXT_LIMITS.decision_facts);
    expect(dsa.decision_facts).toContain('8975 name(s), including z0.example');
    expect(dsa.decision_facts).toContain('Not affected: kept-0-');
  });
});

describe('account cases: the bounds of what they add to the state', () => {
  it('linked accounts, exclusions, sample and discoveries at their bounds add under 96 KiB to the continue-as-new input', () => {
    const longRef = (i: number) => `https://evidence.example/${String(i).padStart(4, '0')}/${'r'.repeat(470)}`;
    const linked = Array.from({ length: CASE_BOUNDS.linkedAccounts }, (_, i) => ({
      id: `acct-${i}-${'l'.repeat(50)}`,
      reason: '€'.repeat(Math.floor(CASE_BOUNDS.linkedAccountReason.bytes / 3)),
      evidenceRefs: Array.from({ length: CASE_BOUNDS.linkedAccountRefs }, (_, j) => longRef(i * 10 + j)),
    }));
    const s = accountCase(linked);
    expect(checkIntakeBounds(s.intake)).toBeNull();
    const label = (i: number) => `${String(i).padStart(2, '0')}${'n'.repeat(59)}`;
    const longName = (i: number) => `${label(i)}.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(57)}.example`;
    for (let d = 0; d < CASE_BOUNDS.itemDiscoveries + 2; d++) {
      const sample = Array.from({ length: 20 }, (_, i) => longName(d * 20 + i));
      applyDiscovery(
        s.accountItems!,
        s,
        'intake',
        { total: 10_000, added: 20, addedSample: sample, excluded: 0 },
        iso(NOW),
      );
    }
    for (let i = 0; i < CASE_BOUNDS.itemExclusions; i++) {
      const input = {
        principal: p('i'.repeat(CASE_BOUNDS.principalId), 'investigator'),
        role: 'investigator' as const,
      };
      exclude.apply(s, { ...input, name: longName(500 + i), reasons: '€'.repeat(CASE_BOUNDS.reasons.chars) }, iso(NOW));
    }
    expect(s.accountItems!.exclusions).toHaveLength(CASE_BOUNDS.itemExclusions);
    expect(s.accountItems!.sample).toHaveLength(CASE_BOUNDS.itemSample);
    expect(s.accountItems!.discoveries).toHaveLength(CASE_BOUNDS.itemDiscoveries);
    const statement = buildStatement(s, { at: iso(NOW), timeZone: 'UTC', localTime: 'x' }, NOW);
    // The intake travels twice in the continue-as-new input (`intake` and `resume.intake`); the statement once.
    const added = 2 * jsonBytes(s.intake.linkedAccounts) + jsonBytes(s.accountItems) + jsonBytes(statement.affected);
    expect(added).toBeLessThan(96 * 1024);
    process.stderr.write(`[account bounds] the account fields add ${added} bytes at most\n`);
  });
});

describe('account cases: the batch size comes from the policy document', () => {
  it('takes revocation.accountBatchSize from the document, 100 when absent, and the loader refuses 0', () => {
    const doc = loadPolicy();
    const intake = accountCase().intake;
    const open = (d: typeof doc) =>
      openCase({ caseId: 'case-acct-1', caseRef: 'r' }, intake, casePolicyFor(d, 'violent_extremism'), iso(NOW));
    expect(open({ ...doc, revocation: { accountBatchSize: 250 } }).accountItems!.batchSize).toBe(250);
    expect(open({ ...doc, revocation: undefined }).accountItems!.batchSize).toBe(DEFAULT_ACCOUNT_BATCH_SIZE);
    const raw = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
    expect(() => parsePolicy({ ...raw, revocation: { accountBatchSize: 0 } })).toThrow(/revocation\.accountBatchSize/);
  });
});
