import { CASE_UPDATES } from '../../../src/workflows/case/messages';
import type { CaseIntake } from '../../../src/domain/case/case-state';
import { recordHistory } from '../../support/histories';
import {
  approve,
  endCase,
  eventually,
  people,
  refusal,
  startHarness,
  view,
  waitForStage,
  withCase,
  type Harness,
} from '../../support/case-workflow/harness';

const DAY = 24 * 3_600_000;

// A category with no minimum notice and a cutoff already past: service ends as soon as the notice went out (or
// could not), so these scenarios need no time skipping. They also keep the failing activities (MailRejected,
// ProviderRejected) apart from the timer-heavy files: the bundled Java test server has been seen to stop skipping
// time after such failures on a loaded machine (sdk-java issues 2606/3088 describe the family).
/** "As soon as possible": server now (a past cutoff is refused at intake, beyond a minute's grace for clocks). */
const soon = async (h: Harness): Promise<CaseIntake['cutoff']> => ({
  kind: 'instant',
  at: new Date(await h.env.currentTimeMs()).toISOString(),
});
const immediate = async (h: Harness): Promise<Partial<CaseIntake>> => ({ category: 'csam', cutoff: await soon(h) });

describe('terminationCase: failures that need a human', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('an undeliverable notice escalates to staff and nothing is revoked until a notice is delivered', async () => {
    const world = await withCase(
      h,
      { intake: { category: 'phishing_malware', cutoff: await soon(h) } },
      async ({ handle, world, intake }) => {
        world.rejectRecipients.add(intake.account.noticeContacts[0]!);
        await approve(handle);
        const stuck = await eventually(
          () => view(handle),
          (x) => x.noticeUndeliverable,
          'undeliverable notice',
        );
        expect(stuck.stage).toBe('notifying');
        await eventually(
          () => Promise.resolve(world.staffAlerts.map((a) => a.kind)),
          (k) => k.includes('notice_undeliverable'),
          'staff alert',
        );
        // Waiting on staff, not on a clock: no cutoff is armed while the notice is undelivered.
        expect(stuck.deadlines.cutoffAt).toBeUndefined();
        expect(world.revocations).toHaveLength(0);

        expect(
          await refusal(
            handle.executeUpdate(CASE_UPDATES['retry-notice'], {
              args: [{ principal: people.lena, role: 'legal', contacts: ['not-an-address'], reasons: 'x' }],
            }),
          ),
        ).toMatchObject({ type: 'InvalidInput' });
        await handle.executeUpdate(CASE_UPDATES['retry-notice'], {
          args: [
            {
              principal: people.lena,
              role: 'legal',
              contacts: ['legal@registrant.example'],
              reasons: 'contact from WHOIS',
            },
          ],
        });
        const sent = await waitForStage(handle, 'awaiting_cutoff');
        const delivered = sent.notices.filter((n) => n.delivered);
        expect(delivered).toHaveLength(1);
        // Minimum notice (24 h for this category) counts from the delivered notice, not the first attempt.
        expect(Date.parse(sent.deadlines.cutoffAt!) - Date.parse(delivered[0]!.at)).toBeGreaterThanOrEqual(DAY);
        await handle.executeUpdate(CASE_UPDATES.withdraw, {
          args: [{ principal: people.lena, role: 'legal', reasons: 'test over' }],
        });
        await handle.result();
        await recordHistory(handle, 'terminationCase-undeliverable-notice-retried');
      },
    );
    expect(world.customerMessages.filter((m) => m.kind === 'termination_notice').map((m) => m.to)).toEqual([
      ['legal@registrant.example'],
    ]);
  });

  it('an undeliverable notice where policy allows it: staff are alerted and the cutoff proceeds', async () => {
    const world = await withCase(h, { intake: await immediate(h) }, async ({ handle, world, intake }) => {
      world.rejectRecipients.add(intake.account.noticeContacts[0]!);
      await approve(handle);
      const v = await waitForStage(handle, 'monitoring');
      expect(v.noticeUndeliverable).toBe(true);
      expect(v.notices.some((n) => n.delivered)).toBe(false);
      await endCase(handle);
      await recordHistory(handle, 'terminationCase-undeliverable-notice-policy-allows');
    });
    expect(world.staffAlerts.map((a) => a.kind)).toContain('notice_undeliverable');
    expect(world.revocations).toHaveLength(4);
  });

  it('a refused revocation escalates to an operator; the retry does not repeat finished steps', async () => {
    const world = await withCase(h, { intake: await immediate(h) }, async ({ handle, world, intake }) => {
      const mirror = intake.domains.aliases[0]!;
      world.refuseRevoke.add(mirror);
      await approve(handle);
      const stuck = await eventually(
        () => view(handle),
        (x) => x.revocationStuck,
        'revocation stuck',
      );
      expect(stuck.revocation.filter((s) => s.status === 'failed').map((s) => s.domain)).toEqual([mirror, mirror]);
      await eventually(
        () => Promise.resolve(world.staffAlerts.map((a) => a.kind)),
        (k) => k.includes('revocation_stuck'),
        'revocation_stuck alert',
      );
      const doneBefore = world.revocations.length;
      expect(doneBefore).toBe(2);

      world.refuseRevoke.delete(mirror);
      await handle.executeUpdate(CASE_UPDATES['retry-revocation'], {
        args: [{ principal: people.otto, role: 'operator', reasons: 'provider fixed the zone lock' }],
      });
      await waitForStage(handle, 'monitoring');
      await endCase(handle);
      await recordHistory(handle, 'terminationCase-revocation-stuck-then-retried');
    });
    expect(world.revocations.map((r) => r.domain).filter((d) => d.includes('-mirror'))).toHaveLength(2);
    expect(world.revocations).toHaveLength(4);
    expect(world.revocations.every((r) => r.changed)).toBe(true);
  });
});
