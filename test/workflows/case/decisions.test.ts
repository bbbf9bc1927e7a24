import { CASE_UPDATES } from '../../../src/workflows/case/messages';
import { TerminusOutcome } from '../../../src/workflows/search-attributes';
import { recordHistory } from '../../support/histories';
import {
  acceptedUpdates,
  approve,
  endCase,
  eventually,
  people,
  refusal,
  skipTo,
  startHarness,
  view,
  waitForStage,
  withCase,
  type CaseHandle,
  type Harness,
} from '../../support/case-workflow/harness';

const HOUR = 3_600_000;
const findings = {
  principal: people.ivan,
  role: 'investigator' as const,
  facts: 'Attack manifestos posted before three shootings',
  evidence: ['sha256:' + 'b'.repeat(64)],
  reasons: 'pattern over 6 months',
};

async function toLegalReview(handle: CaseHandle): Promise<void> {
  await waitForStage(handle, 'investigating');
  await handle.executeUpdate(CASE_UPDATES.findings, { args: [findings] });
  await waitForStage(handle, 'legal_review');
}

describe('terminationCase: human decisions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('legal rejection closes the case as rejected: no notice, no revocation, a record without DSA export', async () => {
    const world = await withCase(h, {}, async ({ handle }) => {
      await toLegalReview(handle);
      await handle.executeUpdate(CASE_UPDATES['legal-decision'], {
        args: [
          {
            principal: people.lena,
            role: 'legal',
            decision: 'reject',
            reasons: 'no clause applies; refer to law enforcement',
          },
        ],
      });
      const result = await handle.result();
      expect(result.outcome).toBe('rejected');
      expect((await handle.describe()).typedSearchAttributes.get(TerminusOutcome)).toBe('rejected');
      await recordHistory(handle, 'terminationCase-legal-rejection');
    });
    expect(world.customerMessages).toHaveLength(0);
    expect(world.revocations).toHaveLength(0);
    expect(world.records[0]).toMatchObject({ outcome: 'rejected' });
    expect(world.records[0]!.dsa).toBeUndefined();
    expect(world.records[0]!.state.legal).toMatchObject({ by: 'lena', decision: 'reject' });
  });

  it('four eyes: the same person cannot approve twice, the requester cannot approve, roles are checked; refusals never reach history', async () => {
    await withCase(h, {}, async ({ handle }) => {
      await waitForStage(handle, 'investigating');
      // Wrong role, and a role the principal does not hold.
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES.findings, {
            args: [{ ...findings, principal: people.lena, role: 'legal' }],
          }),
        ),
      ).toMatchObject({ type: 'Forbidden' });
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES.findings, {
            args: [{ ...findings, principal: people.lena, role: 'investigator' }],
          }),
        ),
      ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('does not hold the role') });
      // Too early for legal.
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES['legal-decision'], {
            args: [{ principal: people.lena, role: 'legal', decision: 'approve', reasons: 'x' }],
          }),
        ),
      ).toMatchObject({ type: 'Conflict' });
      await handle.executeUpdate(CASE_UPDATES.findings, { args: [findings] });
      await waitForStage(handle, 'legal_review');
      // The requester cannot approve, even holding the legal role.
      const ritaLegal = { id: 'rita', roles: ['requester', 'legal'] as ('requester' | 'legal')[] };
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES['legal-decision'], {
            args: [{ principal: ritaLegal, role: 'legal', decision: 'approve', reasons: 'mine' }],
          }),
        ),
      ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('four-eyes') });
      // No second approval before legal approved.
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES['second-approval'], {
            args: [{ principal: people.tom, role: 'tns_lead', decision: 'approve', reasons: 'ok' }],
          }),
        ),
      ).toMatchObject({ type: 'Conflict' });
      // Dana approves as legal, then tries to give the T&S lead approval too.
      await handle.executeUpdate(CASE_UPDATES['legal-decision'], {
        args: [{ principal: people.dana, role: 'legal', decision: 'approve', reasons: 'AUP 3.1' }],
      });
      const twice = await refusal(
        handle.executeUpdate(CASE_UPDATES['second-approval'], {
          args: [{ principal: people.dana, role: 'tns_lead', decision: 'approve', reasons: 'me again' }],
        }),
      );
      expect(twice).toEqual({ type: 'Forbidden', message: expect.stringContaining('two distinct approvers') });
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES['legal-decision'], {
            args: [{ principal: people.leo, role: 'legal', decision: 'approve', reasons: 'again' }],
          }),
        ),
      ).toMatchObject({ type: 'Conflict' });
      const v = await view(handle);
      expect(v.stage).toBe('legal_review');
      expect(v.approvals).toEqual([]);
      expect(v.pendingApproverRoles).toEqual(['tns_lead']);
      expect(await acceptedUpdates(handle)).toEqual(['submitFindings', 'legalDecision']);
      // A distinct T&S lead completes it.
      await handle.executeUpdate(CASE_UPDATES['second-approval'], {
        args: [{ principal: people.tom, role: 'tns_lead', decision: 'approve', reasons: 'agree' }],
      });
      await waitForStage(handle, 'awaiting_cutoff');
      await handle.executeUpdate(CASE_UPDATES.withdraw, {
        args: [{ principal: people.rita, role: 'requester', reasons: 'test over' }],
      });
      await handle.result();
      await recordHistory(handle, 'terminationCase-same-approver-twice');
    });
  });

  it('expedite: one approver changes nothing; a second, distinct approver cuts now; the same one twice is refused', async () => {
    const world = await withCase(h, {}, async ({ handle, world, env }) => {
      await approve(handle);
      const notified = await waitForStage(handle, 'awaiting_cutoff');
      const cutoffAt = Date.parse(notified.deadlines.cutoffAt!);
      expect(cutoffAt - (await env.currentTimeMs())).toBeGreaterThanOrEqual(2 * HOUR - 60_000);

      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES.expedite, {
            args: [{ principal: people.rita, role: 'requester', reasons: 'threat' }],
          }),
        ),
      ).toMatchObject({ type: 'Forbidden' });
      await handle.executeUpdate(CASE_UPDATES.expedite, {
        args: [{ principal: people.lena, role: 'legal', reasons: 'credible threat to life tonight' }],
      });
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES.expedite, {
            args: [{ principal: people.lena, role: 'legal', reasons: 'again' }],
          }),
        ),
      ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('second, different approver') });
      // Without a second approver the cutoff stands: an hour later nothing is revoked.
      await skipTo(env, (await env.currentTimeMs()) + HOUR);
      expect((await view(handle)).stage).toBe('awaiting_cutoff');
      expect(world.revocations).toHaveLength(0);

      await handle.executeUpdate(CASE_UPDATES.expedite, {
        args: [{ principal: people.tom, role: 'tns_lead', reasons: 'confirmed' }],
      });
      const cut = await waitForStage(handle, 'monitoring');
      expect(Date.parse(cut.revokedAt!)).toBeLessThan(cutoffAt);
      expect(cut.expedite.approvals.map((a) => a.by)).toEqual(['lena', 'tom']);
      await handle.executeUpdate('endMonitoring', {
        args: [{ principal: people.tom, role: 'tns_lead', reasons: 'test over' }],
      });
      await handle.result();
      await recordHistory(handle, 'terminationCase-expedite-second-approver');
    });
    expect(world.revocations.length).toBe(4);
  });

  it('expedite approved before the notice: the notice says service ends now, and it does', async () => {
    const world = await withCase(h, {}, async ({ handle }) => {
      await waitForStage(handle, 'investigating');
      await handle.executeUpdate(CASE_UPDATES.expedite, {
        args: [{ principal: people.lena, role: 'legal', reasons: 'livestream announced' }],
      });
      await handle.executeUpdate(CASE_UPDATES.expedite, {
        args: [{ principal: people.tom, role: 'tns_lead', reasons: 'confirmed' }],
      });
      await approve(handle);
      const v = await waitForStage(handle, 'monitoring');
      expect(v.cutoff!.adjustment).toBe('expedited');
      await handle.executeUpdate('endMonitoring', {
        args: [{ principal: people.tom, role: 'tns_lead', reasons: 'test over' }],
      });
      await handle.result();
      await recordHistory(handle, 'terminationCase-expedite-before-notice');
    });
    const notice = world.customerMessages.find((m) => m.kind === 'termination_notice')!;
    expect(Date.parse(notice.statement.effective.at)).toBeLessThanOrEqual(
      Date.parse(world.records[0]!.state.revokedAt!),
    );
  });

  it('expedite is refused where policy does not allow it or the case is not imminent', async () => {
    await withCase(h, { intake: { category: 'hate_speech' } }, async ({ handle }) => {
      await waitForStage(handle, 'investigating');
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES.expedite, {
            args: [{ principal: people.lena, role: 'legal', reasons: 'x' }],
          }),
        ),
      ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('does not allow expedite') });
      await endCase(handle);
    });
    await withCase(h, { intake: { urgency: 'standard' } }, async ({ handle }) => {
      await waitForStage(handle, 'investigating');
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES.expedite, {
            args: [{ principal: people.lena, role: 'legal', reasons: 'x' }],
          }),
        ),
      ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('imminent') });
      await endCase(handle);
    });
  });

  it('withdrawal before the cutoff: nothing revoked, the customer is told service continues', async () => {
    const world = await withCase(h, {}, async ({ handle, env }) => {
      await approve(handle);
      const v = await waitForStage(handle, 'awaiting_cutoff');
      await skipTo(env, Date.parse(v.deadlines.cutoffAt!) - 10 * 60_000);
      await handle.executeUpdate(CASE_UPDATES.withdraw, {
        args: [{ principal: people.lena, role: 'legal', reasons: 'customer took the forum down' }],
      });
      expect((await handle.result()).outcome).toBe('withdrawn');
      await skipTo(env, Date.parse(v.deadlines.cutoffAt!) + HOUR);
      await recordHistory(handle, 'terminationCase-withdrawn-before-cutoff');
    });
    expect(world.revocations).toHaveLength(0);
    expect(world.customerMessages.map((m) => m.kind)).toEqual(['termination_notice', 'reinstatement']);
    expect(world.records[0]!.state.withdrawal).toMatchObject({ by: 'lena', role: 'legal' });
  });

  it('an appeal upheld before the cutoff: the cutoff waits for the decision, then the case closes reinstated', async () => {
    const world = await withCase(h, {}, async ({ handle, env, world }) => {
      await approve(handle);
      const v = await waitForStage(handle, 'awaiting_cutoff');
      const appealed = await handle.executeUpdate(CASE_UPDATES.appeal, {
        args: [{ principal: people.ada, role: 'appeals', text: 'We removed the threads and appointed moderators.' }],
      });
      const appealId = appealed.openAppeal!.id;
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES.appeal, {
            args: [{ principal: people.ada, role: 'appeals', text: 'again' }],
          }),
        ),
      ).toMatchObject({ type: 'Conflict' });
      // The open appeal suspends the cutoff.
      await skipTo(env, Date.parse(v.deadlines.cutoffAt!) + HOUR);
      expect((await view(handle)).stage).toBe('awaiting_cutoff');
      expect(world.revocations).toHaveLength(0);
      // Whoever approved the termination cannot decide its appeal.
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES['appeal-decision'], {
            args: [
              {
                principal: { id: 'lena', roles: ['legal', 'appeals'] },
                role: 'appeals',
                appealId,
                outcome: 'upheld',
                reasons: 'x',
              },
            ],
          }),
        ),
      ).toMatchObject({ type: 'Forbidden', message: expect.stringContaining('cannot decide its appeal') });
      await handle.executeUpdate(CASE_UPDATES['appeal-decision'], {
        args: [
          {
            principal: people.ada,
            role: 'appeals',
            appealId,
            outcome: 'upheld',
            reasons: 'remediated; moderation in place',
          },
        ],
      });
      expect((await handle.result()).outcome).toBe('reinstated');
      await recordHistory(handle, 'terminationCase-appeal-upheld-before-cutoff');
    });
    expect(world.revocations).toHaveLength(0);
    expect(world.customerMessages.map((m) => m.kind)).toEqual([
      'termination_notice',
      'appeal_received',
      'appeal_decided',
    ]);
    expect(world.customerMessages[2]!.appeal).toMatchObject({ decision: 'upheld' });
  });

  it('an overdue legal review reminds staff on a durable timer', async () => {
    const world = await withCase(h, {}, async ({ handle, env, world }) => {
      await toLegalReview(handle);
      const v = await view(handle);
      await skipTo(env, Date.parse(v.deadlines.legalReviewDueAt!) - HOUR);
      expect(world.staffAlerts).toHaveLength(0);
      await skipTo(env, Date.parse(v.deadlines.legalReviewDueAt!) + HOUR);
      await eventually(
        () => view(handle),
        (x) => x.remindersSent === 1,
        'first reminder',
      );
      await skipTo(env, Date.parse(v.deadlines.legalReviewDueAt!) + 25 * HOUR);
      await eventually(
        () => view(handle),
        (x) => x.remindersSent === 2,
        'second reminder',
      );
      expect(world.staffAlerts.map((a) => a.kind)).toEqual(['legal_review_overdue', 'legal_review_overdue']);
      await handle.executeUpdate(CASE_UPDATES.withdraw, {
        args: [{ principal: people.rita, role: 'requester', reasons: 'test over' }],
      });
      await handle.result();
      await recordHistory(handle, 'terminationCase-legal-review-reminders');
    });
    expect(new Set(world.staffAlerts.map((a) => a.idempotencyKey)).size).toBe(2);
  });
});
