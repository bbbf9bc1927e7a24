// Property: whatever sequence of human actions arrives (any action, any principal, any field size), interleaved
// with the workflow's own steps (stage changes as the workflow makes them, notices, the clock, a stuck revocation,
// holds found in the registry), every refusal is
// a 4xx with a reason, and the case state keeps its bounds and separation of duties. Pure: the rules and
// transitions the workflow's validators and handlers run, many runs per second.
import fc from 'fast-check';
import { CASE_ACTION_NAMES, CASE_ACTION_TABLE } from '../../src/domain/case/actions';
import { activeHolds, pendingApproverRoles, PRE_REVOCATION, type Violation } from '../../src/domain/case/case-rules';
import { boundedNotice } from '../../src/domain/case/bounded-records';
import type { CaseState } from '../../src/domain/case/case-state';
import { addRegistryHolds } from '../../src/domain/case/case-transitions';
import { buildCaseView } from '../../src/domain/case/case-view';
import { buildStatement } from '../../src/domain/case/statement';
import {
  actionCommand,
  checkCaseInvariants,
  expectClientRefusal,
  inputOf,
  type ActionCommand,
} from '../support/case-workflow/arbitraries';
import { propertyParams } from '../support/case-workflow/property-config';
import { NOW, iso, newCase } from '../support/fixtures/case-fixtures';

type SystemStep =
  | { kind: 'stuck' }
  | { kind: 'notice'; delivered: boolean }
  | { kind: 'tick'; ms: number }
  | { kind: 'registry'; holds: number };
type Step = { kind: 'action'; command: ActionCommand } | SystemStep;

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: actionCommand.map((command) => ({ kind: 'action' as const, command })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'stuck' as const }) },
  { weight: 1, arbitrary: fc.boolean().map((delivered) => ({ kind: 'notice' as const, delivered })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.integer({ min: 1, max: 72 }),
        fc.integer({ min: 1, max: 60 }).map((d) => d * 24),
      )
      .map((h) => ({ kind: 'tick' as const, ms: h * 3_600_000 })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }).map((holds) => ({ kind: 'registry' as const, holds })) },
);

/** What the workflow does at a notice attempt (see steps/notice.ts), as far as the state is concerned. */
function notice(s: CaseState, delivered: boolean, nowMs: number): void {
  if (s.stage !== 'notifying' || (s.noticeAttempts > 0 && !s.noticeRetryRequested)) return;
  const cutoff = { at: iso(nowMs + 86_400_000), timeZone: 'UTC', localTime: iso(nowMs + 86_400_000) };
  s.cutoff = cutoff;
  s.statement = buildStatement(s, cutoff, nowMs);
  s.noticeAttempts++;
  const to = [...s.noticeContacts];
  s.notices.push(
    boundedNotice({
      key: `notice-${s.noticeAttempts}`,
      kind: 'termination_notice',
      to,
      at: iso(nowMs),
      delivered,
      nonDisclosure: false,
      accepted: delivered ? to : [],
      rejected: delivered ? [] : to,
    }),
  );
  s.noticeUndeliverable = !delivered;
  s.noticeRetryRequested = false;
  s.deadlines.appealUntil = s.statement.appeal.until;
}

/** Accepted actions by name, across runs: the generator must reach most actions, or the property says little. */
const accepted = new Map<string, number>();

function run(steps: Step[]): void {
  const s = newCase();
  let now = NOW;
  for (const st of steps) {
    switch (st.kind) {
      case 'action': {
        const action = CASE_ACTION_TABLE[st.command.action] as unknown as {
          check(s: CaseState, i: unknown, n: number): Violation | null;
          apply(s: CaseState, i: unknown, at: string): void;
        };
        const input = inputOf(st.command, now);
        const refused = s.stage === 'closed' ? null : action.check(s, input, now);
        if (refused) expectClientRefusal(refused);
        else if (s.stage !== 'closed') {
          action.apply(s, input, iso(now));
          accepted.set(st.command.action, (accepted.get(st.command.action) ?? 0) + 1);
        }
        break;
      }
      case 'notice':
        notice(s, st.delivered, now);
        break;
      case 'stuck':
        if (s.stage === 'revoking' || s.stage === 'monitoring') s.revocationStuck = true;
        break;
      case 'tick':
        now += st.ms;
        break;
      case 'registry':
        addRegistryHolds(
          s,
          Array.from({ length: st.holds }, (_, i) => ({
            id: `reg-${now}-${i}`,
            kind: (['do_not_terminate', 'non_disclosure', 'preservation'] as const)[i % 3]!,
            reference: `REG-${i}`,
            agencyContact: 'agency',
            placedAt: iso(now),
            expiresAt: iso(now + 86_400_000),
            placedBy: 'registry',
          })),
          iso(now),
        );
        break;
    }
    advance(s, now);
    checkCaseInvariants(s, buildCaseView(s, now));
  }
}

/** The workflow's own moves between stages (termination-case.ts and its steps), as far as the state shows them. */
function advance(s: CaseState, nowMs: number): void {
  const close = (outcome: CaseState['outcome']) => {
    s.outcome = outcome;
    s.stage = 'closed';
  };
  if (s.stage === 'closed') return;
  const upheld = s.appeals.some((a) => a.decision?.outcome === 'upheld');
  if (s.withdrawal && PRE_REVOCATION.includes(s.stage)) return close('withdrawn');
  if (s.stage === 'investigating' && s.findings) s.stage = 'legal_review';
  if (s.stage === 'legal_review') {
    if (s.legal?.decision === 'reject' || s.approvals.some((a) => a.decision === 'reject')) return close('rejected');
    if (s.legal?.decision === 'approve' && pendingApproverRoles(s).length === 0) s.stage = 'notifying';
  }
  if (s.stage === 'notifying' && s.notices.some((n) => n.kind === 'termination_notice' && n.delivered)) {
    s.stage = 'awaiting_cutoff';
    s.deadlines.cutoffAt = s.cutoff?.at;
  }
  if (s.stage === 'awaiting_cutoff') {
    if (upheld) return close('reinstated');
    const open = s.appeals.some((a) => !a.decision);
    const expedited = s.expedite.effectiveAt !== undefined;
    const due = expedited || nowMs >= Date.parse(s.deadlines.cutoffAt ?? '');
    if (due && !activeHolds(s, nowMs, 'do_not_terminate').length && (!open || expedited)) s.stage = 'revoking';
  }
  if (s.stage === 'revoking' && !s.revocationStuck) {
    s.revokedAt = iso(nowMs);
    s.stage = 'monitoring';
    s.outcome = 'terminated';
  }
  if (s.revocationRetryRequested) {
    s.revocationStuck = false;
    s.revocationRetryRequested = false;
  }
  if (s.stage === 'monitoring' && (s.monitoringEnd || upheld)) close(upheld ? 'reinstated' : 'terminated');
}

describe('property: the case rules keep the state bounded and four eyes whatever arrives', () => {
  it('random sequences of every action, principal and size, with the workflow steps in between', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 160, size: 'max' }), (steps) => run(steps)),
      propertyParams(300),
    );
    // The sequences get somewhere: the actions that move a case through review are accepted, and most others.
    const core = ['findings', 'legal-decision', 'second-approval', 'hold', 'alias', 'expedite', 'withdraw'];
    expect(core.filter((a) => !accepted.get(a))).toEqual([]);
    expect(CASE_ACTION_NAMES.filter((a) => accepted.get(a)).length).toBeGreaterThanOrEqual(8);
  });

  it('regression: a flood of holds by legal stops at the bound with a 409 naming it', () => {
    const command = (i: number): Step => ({
      kind: 'action',
      command: {
        action: 'hold',
        principal: 'lena',
        roleIndex: 0,
        fields: {
          kind: { size: 5, char: 'a', offsetMs: 0, pick: 1 },
          reference: { size: 5 + (i % 100), char: 'a', offsetMs: 0, pick: 0 },
          agencyContact: { size: 10, char: 'a', offsetMs: 0, pick: 0 },
          expiresAt: { size: 1, char: 'a', offsetMs: 3_600_000 * 24, pick: 0 },
          reasons: { size: 2000, char: '語', offsetMs: 0, pick: 0 },
        },
      },
    });
    expect(() => run(Array.from({ length: 300 }, (_, i) => command(i)))).not.toThrow();
  });
});
