// The worst case the bounds allow, built from the bounds themselves: every list a person grows filled through the
// actions' own rules (so the rules accept it), every list the workflow grows filled through the helpers it uses,
// every text at its byte bound in 3-byte characters. The state, the case view and the continue-as-new input must
// stay under the budget.
import { CASE_ACTIONS } from '../../../src/domain/case/actions';
import {
  boundedNotice,
  boundedSnapshot,
  pushProviderChange,
  putVerification,
} from '../../../src/domain/case/bounded-records';
import {
  CASE_BOUNDS,
  clip,
  jsonBytes,
  STATE_BUDGET_BYTES,
  utf8Bytes,
  type TextBound,
} from '../../../src/domain/case/case-bounds';
import type { CaseState } from '../../../src/domain/case/case-state';
import { addRegistryHolds } from '../../../src/domain/case/case-transitions';
import { buildCaseView } from '../../../src/domain/case/case-view';
import { checkIntakeBounds } from '../../../src/domain/case/intake-rules';
import { buildStatement } from '../../../src/domain/case/statement';
import { record } from '../../../src/domain/case/timeline';
import type { Principal, Role } from '../../../src/domain/case-types';
import { DAY, NOW, iso, newCase } from '../../support/fixtures/case-fixtures';

const B = CASE_BOUNDS;
/** A text at its byte bound: 3-byte characters, topped up with ASCII, within the character bound. */
function fill(bound: TextBound): string {
  const wide = Math.min(bound.chars, Math.floor(bound.bytes / 3));
  return '語'.repeat(wide) + 'a'.repeat(Math.min(bound.chars - wide, bound.bytes - 3 * wide));
}
const ascii = (n: number, c = 'x') => c.repeat(n);
const who = (name: string, ...roles: Role[]): Principal => ({ id: ascii(B.principalId - name.length) + name, roles });
const email = (i: number) => `${ascii(80 - 20)}${i}@${ascii(12, 'm')}.example`;
/** Contacts filling the contacts' byte bound. */
const contacts = (() => {
  const list: string[] = [];
  while (list.length < B.noticeContacts && jsonBytes([...list, email(list.length)]) <= B.noticeContactsBytes) {
    list.push(email(list.length));
  }
  return list;
})();
/** Evidence refs filling the refs' byte bound. */
const refs = (tag: string) => {
  const list: string[] = [];
  const ref = (i: number) => `https://evidence.example/${tag}/${i}/${ascii(B.evidenceRef - 40)}`;
  while (list.length < B.evidenceRefs && jsonBytes([...list, ref(list.length)]) <= B.evidenceRefsBytes) {
    list.push(ref(list.length));
  }
  return list;
};
/** A domain family at its byte bound. */
const family = (() => {
  const names: string[] = [];
  const name = (i: number) => `${ascii(60, 'd')}-${i}.example`;
  while (names.length < B.aliases + 1 && jsonBytes([...names, name(names.length)]) <= B.domainFamilyBytes) {
    names.push(name(names.length));
  }
  return names;
})();

function act<A extends keyof typeof CASE_ACTIONS>(s: CaseState, name: A, input: unknown, nowMs: number): void {
  const action = CASE_ACTIONS[name] as unknown as {
    check(s: CaseState, i: unknown, n: number): { message: string } | null;
    apply(s: CaseState, i: unknown, at: string): void;
  };
  const refused = action.check(s, input, nowMs);
  if (refused) throw new Error(`${name} refused: ${refused.message}`);
  action.apply(s, input, iso(nowMs));
}

function worstCase(): CaseState {
  const intake = {
    account: { id: ascii(64, 'A'), name: fill(B.accountName), noticeContacts: contacts },
    domains: { primary: family[0]!, aliases: family.slice(1) },
    summary: fill(B.summary),
    evidenceRefs: refs('intake'),
    requestedBy: who('rita', 'requester').id,
    source: {
      kind: 'member_state_order' as const,
      authority: fill(B.sourceField),
      notifier: fill(B.sourceField),
      reference: fill(B.sourceField),
      country: 'FR' as const,
      receivedAt: iso(NOW),
    },
  };
  expect(checkIntakeBounds({ ...newCase().intake, ...intake })).toBeNull();
  const s = newCase(intake);
  const reasons = fill(B.reasons);
  const ivan = who('ivan', 'investigator');
  const lena = who('lena', 'legal');
  const tom = who('tom', 'tns_lead');
  act(
    s,
    'findings',
    { principal: ivan, role: 'investigator', facts: fill(B.facts), evidence: refs('f'), reasons },
    NOW,
  );
  s.stage = 'legal_review';
  for (let i = 0; i < B.holds; i++) {
    act(
      s,
      'hold',
      {
        principal: lena,
        role: 'legal',
        kind: 'non_disclosure',
        reference: fill(B.holdReference).slice(0, -1) + String(i % 10),
        agencyContact: fill(B.agencyContact),
        expiresAt: iso(NOW + 30 * DAY),
        reasons,
      },
      NOW,
    );
  }
  addRegistryHolds(s, [{ ...s.holds[0]!, id: 'registry-1' }], iso(NOW));
  expect(s.holds).toHaveLength(B.holds);
  const ground = fill(B.groundExplanation);
  act(
    s,
    'legal-decision',
    { principal: lena, role: 'legal', decision: 'approve', groundExplanation: ground, reasons },
    NOW,
  );
  act(s, 'second-approval', { principal: tom, role: 'tns_lead', decision: 'approve', reasons }, NOW);
  act(s, 'expedite', { principal: lena, role: 'legal', reasons }, NOW);
  act(s, 'expedite', { principal: tom, role: 'tns_lead', reasons }, NOW);
  s.stage = 'notifying';
  s.snapshotCoverage = [...family];
  for (const domain of family) {
    s.snapshots.push(
      boundedSnapshot({
        snapshotId: `snap-${ascii(40)}`,
        sha256: ascii(64, 'f'),
        takenAt: iso(NOW),
        zones: Array.from({ length: 100 }, (_, i) => `${i}.${domain}`),
        proxyHosts: Array.from({ length: 100 }, (_, i) => `h${i}.${domain}`),
        notOnEdge: [domain],
      }),
    );
    s.evidence.push({ sha256: ascii(64, 'e'), label: `observation ${domain} ${iso(NOW)}`, storedAt: iso(NOW) });
  }
  const cutoff = { at: iso(NOW + DAY), timeZone: 'America/Los_Angeles', localTime: iso(NOW + DAY) };
  s.cutoff = cutoff;
  s.statement = buildStatement(s, cutoff, NOW);
  s.deadlines = {
    legalReviewDueAt: iso(NOW),
    cutoffAt: iso(NOW),
    appealUntil: iso(NOW + 30 * DAY),
    followUpUntil: iso(NOW),
  };
  const notice = (key: string) =>
    boundedNotice({
      key,
      kind: 'termination_notice',
      to: contacts,
      at: iso(NOW),
      delivered: false,
      nonDisclosure: true,
      messageId: ascii(1000),
      accepted: contacts,
      rejected: contacts,
      error: fill({ chars: 5000, bytes: 15000 }),
    });
  for (let i = 1; i <= B.noticeAttempts; i++) {
    s.noticeAttempts = i;
    s.notices.push(notice(`notice-${i}`));
  }
  s.stage = 'awaiting_cutoff';
  const ada = who('ada', 'appeals');
  for (let i = 1; i <= B.appeals; i++) {
    act(s, 'appeal', { principal: ada, role: 'appeals', text: fill(B.appealText) }, NOW);
    s.notices.push(notice(`appeal-received-${i}`));
    if (i < B.appeals) {
      act(
        s,
        'appeal-decision',
        { principal: ada, role: 'appeals', appealId: `appeal-${i}`, outcome: 'denied', reasons },
        NOW,
      );
      s.notices.push(notice(`appeal-decided-${i}`));
    }
  }
  s.notices.push(notice('reinstated'));
  s.stage = 'revoking';
  for (const domain of family) {
    for (const service of s.intake.services) {
      s.revocation.push({
        domain,
        service,
        status: 'failed',
        at: iso(NOW),
        error: clip(fill({ chars: 9e3, bytes: 9e3 }), B.errorText),
      });
    }
    putVerification(s, { domain, dnsServed: true, proxyServed: true, checkedAt: iso(NOW) });
    putVerification(s, { domain, dnsServed: null, proxyServed: null, checkedAt: iso(NOW) });
    s.watches.push({ domain, workflowId: `watch-${domain}`, startedAt: iso(NOW), stoppedAt: iso(NOW) });
  }
  s.stage = 'monitoring';
  s.revokedAt = iso(NOW);
  for (let i = 0; i < 500; i++) {
    const domain = family[i % family.length]!;
    pushProviderChange(s, {
      domain,
      state: fill({ chars: 400, bytes: 1200 }),
      provider: fill({ chars: 400, bytes: 1200 }),
      confidence: 0.5,
      at: iso(NOW),
    });
  }
  s.monitoringEnd = { by: tom.id, role: 'tns_lead', at: iso(NOW), reasons };
  s.withdrawal = { by: lena.id, role: 'legal', at: iso(NOW), reasons };
  s.dsaSubmission = {
    workflowId: `dsa-${ascii(60)}`,
    puid: ascii(60),
    startedAt: iso(NOW),
    outcome: { status: 'rejected', at: iso(NOW), problem: clip(fill({ chars: 9e3, bytes: 9e3 }), B.errorText) },
  };
  for (let i = 0; i < 2 * B.timelineEntries; i++) {
    record(s, iso(NOW), 'provider_changed', fill({ chars: 9e3, bytes: 9e3 }), {
      actor: ivan.id,
      role: 'investigator',
      reasons,
    });
  }
  return s;
}

describe('case bounds: the worst case stays under the budget', () => {
  const s = worstCase();
  const state = jsonBytes(s);
  const view = jsonBytes(buildCaseView(s, NOW));
  const canInput = jsonBytes({ intake: s.intake, resume: s });

  it('the state, the case view and the continue-as-new input are under 256 KiB', () => {
    process.stdout.write(`worst case: state ${state} B, view ${view} B, continue-as-new input ${canInput} B\n`);
    process.stdout.write(
      JSON.stringify(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, jsonBytes(v)]))) + '\n',
    );
    expect(state).toBeLessThan(STATE_BUDGET_BYTES);
    expect(view).toBeLessThan(STATE_BUDGET_BYTES);
    expect(canInput).toBeLessThan(STATE_BUDGET_BYTES);
  });

  it('every list is at its bound (the worst case is really the worst)', () => {
    expect(s.holds).toHaveLength(B.holds);
    expect(s.appeals).toHaveLength(B.appeals);
    expect(s.providerChain).toHaveLength(B.providerChain);
    expect(s.verification).toHaveLength(family.length);
    expect(s.timelineDropped).toBeGreaterThan(0);
    expect(jsonBytes(s.timeline)).toBeLessThanOrEqual(B.timelineBytes);
    expect(s.notices.every((n) => n.rejected.length === 0 && (n.error ?? '').length <= B.errorText)).toBe(true);
  });

  it('the next hold, appeal and notice retry are refused with the bound named', () => {
    const lena = who('lena', 'legal');
    const hold = CASE_ACTIONS.hold.check(
      s,
      {
        principal: lena,
        role: 'legal',
        kind: 'do_not_terminate',
        reference: 'one more',
        agencyContact: 'x',
        expiresAt: iso(NOW + DAY),
        reasons: 'r',
      },
      NOW,
    );
    expect(hold).toMatchObject({ type: 'Conflict', message: expect.stringContaining(`at most ${B.holds} holds`) });
  });
});

describe('text bounds', () => {
  const p = { principal: { id: 'lena', roles: ['legal' as Role] }, role: 'legal' as const };
  it('counts encoded bytes: 3-byte characters reach the byte bound before the character bound', () => {
    const wide = '語'.repeat(Math.floor(B.reasons.bytes / 3) + 1);
    expect(wide.length).toBeLessThan(B.reasons.chars);
    const v = CASE_ACTIONS.withdraw.check(newCase(), { ...p, reasons: wide }, NOW);
    expect(v).toMatchObject({ type: 'InvalidInput', message: expect.stringContaining(`at most ${B.reasons.bytes}`) });
    expect(CASE_ACTIONS.withdraw.check(newCase(), { ...p, reasons: 'a'.repeat(B.reasons.chars) }, NOW)).toBeNull();
  });

  it('refuses control characters and unpaired surrogates, keeps newline and tab', () => {
    const check = (reasons: string) => CASE_ACTIONS.withdraw.check(newCase(), { ...p, reasons }, NOW);
    expect(check('line one\n\tline two')).toBeNull();
    expect(check('bell\u0007')?.message).toContain('control characters');
    expect(check('half \ud83d pair')?.message).toContain('unpaired surrogates');
    expect(check('emoji 😀 fine')).toBeNull();
  });

  it('clip keeps surrogate pairs whole and utf8Bytes counts them as 4', () => {
    expect(utf8Bytes('😀')).toBe(4);
    expect(clip('ab😀cd', 4)).toBe('ab…');
  });
});
