import {
  decideAppealUpdate,
  fileAppealUpdate,
  placeHoldUpdate,
  releaseHoldUpdate,
  retryNoticeUpdate,
  retryRevocationUpdate,
  withdrawUpdate,
} from '../../src/workflows/termination-case-messages';
import { recordHistory } from '../helpers/histories';
import {
  approve,
  eventually,
  people,
  refusal,
  skipTo,
  startHarness,
  view,
  waitForStage,
  withCase,
  type Harness,
} from './termination-case-support/harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('terminationCase: holds, undeliverable notices, appeals after revocation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.ts.teardown();
  });

  it('a do-not-terminate hold arriving after the notice pauses revocation past the cutoff until released', async () => {
    const world = await withCase(h, {}, async ({ handle, env, world }) => {
      await approve(handle);
      const v = await waitForStage(handle, 'awaiting_cutoff');
      const now = await env.currentTimeMs();
      const held = await handle.executeUpdate(placeHoldUpdate, {
        args: [
          {
            principal: people.lena,
            role: 'legal',
            kind: 'do_not_terminate',
            reference: 'FBI-2019-0804',
            agencyContact: 'agent@fbi.example',
            expiresAt: new Date(now + 30 * DAY).toISOString(),
            reasons: 'ongoing investigation',
          },
        ],
      });
      const hold = held.activeHolds[0]!;
      expect(hold).toMatchObject({ kind: 'do_not_terminate', reference: 'FBI-2019-0804', active: true });
      expect(
        await refusal(
          handle.executeUpdate(placeHoldUpdate, {
            args: [
              {
                principal: people.tom,
                role: 'tns_lead',
                kind: 'do_not_terminate',
                reference: 'x',
                agencyContact: 'y',
                expiresAt: new Date(now + DAY).toISOString(),
                reasons: 'z',
              },
            ],
          }),
        ),
      ).toMatchObject({ type: 'Forbidden' });

      await skipTo(env, Date.parse(v.deadlines.cutoffAt!) + 3 * DAY);
      expect((await view(handle)).stage).toBe('awaiting_cutoff');
      expect(world.revocations).toHaveLength(0);

      await handle.executeUpdate(releaseHoldUpdate, {
        args: [{ principal: people.lena, role: 'legal', holdId: hold.id, reasons: 'agency released the request' }],
      });
      const revoked = await waitForStage(handle, 'monitoring');
      expect(Date.parse(revoked.revokedAt!)).toBeGreaterThan(Date.parse(v.deadlines.cutoffAt!) + 3 * DAY);
      expect(revoked.holds[0]).toMatchObject({ releasedBy: 'lena' });
      await handle.executeUpdate('endMonitoring', {
        args: [{ principal: people.tom, role: 'tns_lead', reasons: 'test over' }],
      });
      await handle.result();
      await recordHistory(handle, 'terminationCase-do-not-terminate-hold-released');
    });
    expect(world.revocations).toHaveLength(4);
    const kinds = world.records[0]!.state.timeline.map((t) => t.kind);
    expect(kinds.indexOf('hold_released')).toBeLessThan(kinds.indexOf('revoked'));
  });

  it('a do-not-terminate hold that expires lets the cutoff proceed at expiry', async () => {
    await withCase(h, {}, async ({ handle, env, world }) => {
      await approve(handle);
      const v = await waitForStage(handle, 'awaiting_cutoff');
      const expiresAt = Date.parse(v.deadlines.cutoffAt!) + 2 * DAY;
      await handle.executeUpdate(placeHoldUpdate, {
        args: [
          {
            principal: people.lena,
            role: 'legal',
            kind: 'do_not_terminate',
            reference: 'DA-7',
            agencyContact: 'da@county.example',
            expiresAt: new Date(expiresAt).toISOString(),
            reasons: 'two more days',
          },
        ],
      });
      await skipTo(env, expiresAt - HOUR);
      expect(world.revocations).toHaveLength(0);
      await skipTo(env, expiresAt + HOUR);
      const done = await waitForStage(handle, 'monitoring');
      expect(Date.parse(done.revokedAt!)).toBeGreaterThanOrEqual(expiresAt);
      expect(done.timeline.some((t) => t.kind === 'hold_expired')).toBe(true);
      await handle.terminate('test over');
    });
  });

  it('a non-disclosure hold found in the registry: the notice activity is told not to mention it', async () => {
    const world = await withCase(
      h,
      {
        prepare: (w) =>
          w.registryHolds.push({
            id: 'reg-1',
            kind: 'non_disclosure',
            reference: '2705(b)-ORDER-17',
            agencyContact: 'ausa@justice.example',
            placedAt: '2019-07-01T00:00:00.000Z',
            expiresAt: '2099-01-01T00:00:00.000Z',
            placedBy: 'lena',
          }),
      },
      async ({ handle }) => {
        await approve(handle);
        const v = await waitForStage(handle, 'awaiting_cutoff');
        expect(v.activeHolds).toEqual([expect.objectContaining({ kind: 'non_disclosure', active: true })]);
        await handle.executeUpdate(withdrawUpdate, {
          args: [{ principal: people.lena, role: 'legal', reasons: 'test over' }],
        });
        await handle.result();
        await recordHistory(handle, 'terminationCase-non-disclosure-hold');
      },
    );
    expect(world.customerMessages.length).toBeGreaterThanOrEqual(1);
    for (const message of world.customerMessages) {
      expect(message.nonDisclosure).toBe(true);
      expect(JSON.stringify(message)).not.toContain('2705(b)-ORDER-17');
    }
  });

  it('an undeliverable notice escalates to staff and nothing is revoked until a notice is delivered', async () => {
    const world = await withCase(
      h,
      { intake: { category: 'phishing_malware', cutoff: { kind: 'instant', at: '2000-01-01T00:00:00Z' } } },
      async ({ handle, env, world, intake }) => {
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
        await skipTo(env, (await env.currentTimeMs()) + 5 * DAY);
        expect((await view(handle)).stage).toBe('notifying');
        expect(world.revocations).toHaveLength(0);

        expect(
          await refusal(
            handle.executeUpdate(retryNoticeUpdate, {
              args: [{ principal: people.lena, role: 'legal', contacts: ['not-an-address'], reasons: 'x' }],
            }),
          ),
        ).toMatchObject({ type: 'InvalidInput' });
        await handle.executeUpdate(retryNoticeUpdate, {
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
        await handle.executeUpdate(withdrawUpdate, {
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
    const world = await withCase(h, {}, async ({ handle, env, world, intake }) => {
      world.rejectRecipients.add(intake.account.noticeContacts[0]!);
      await approve(handle);
      const v = await waitForStage(handle, 'awaiting_cutoff');
      expect(v.noticeUndeliverable).toBe(true);
      await skipTo(env, Date.parse(v.deadlines.cutoffAt!) + 1000);
      await waitForStage(handle, 'monitoring');
      await handle.terminate('test over');
    });
    expect(world.staffAlerts.map((a) => a.kind)).toContain('notice_undeliverable');
    expect(world.revocations).toHaveLength(4);
  });

  it('an appeal upheld after revocation restores the snapshot and stops the watches', async () => {
    const world = await withCase(h, {}, async ({ handle, env }) => {
      await approve(handle);
      const v = await waitForStage(handle, 'awaiting_cutoff');
      await skipTo(env, Date.parse(v.deadlines.cutoffAt!) + 1000);
      await waitForStage(handle, 'monitoring');
      const appealed = await handle.executeUpdate(fileAppealUpdate, {
        args: [{ principal: people.ada, role: 'appeals', text: 'Wrong account: the forum moved away in July.' }],
      });
      expect(appealed.openAppeal!.afterRevocation).toBe(true);
      await handle.executeUpdate(decideAppealUpdate, {
        args: [
          {
            principal: people.ada,
            role: 'appeals',
            appealId: appealed.openAppeal!.id,
            outcome: 'upheld',
            reasons: 'identity mix-up',
          },
        ],
      });
      const result = await handle.result();
      expect(result.outcome).toBe('reinstated');
      await recordHistory(handle, 'terminationCase-appeal-upheld-after-revocation');
    });
    expect(world.restores).toEqual(['snap-1']);
    const record = world.records[0]!;
    expect(record.outcome).toBe('reinstated');
    expect(record.state.restoredAt).toBeDefined();
    expect(record.state.watches.every((w) => w.stoppedAt)).toBe(true);
    expect(world.customerMessages.map((m) => m.kind)).toEqual([
      'termination_notice',
      'appeal_received',
      'appeal_decided',
      'reinstatement',
    ]);
  });

  it('a refused revocation escalates to an operator; the retry does not repeat finished steps', async () => {
    const world = await withCase(h, {}, async ({ handle, env, world, intake }) => {
      const mirror = intake.domains.aliases[0]!;
      world.refuseRevoke.add(mirror);
      await approve(handle);
      const v = await waitForStage(handle, 'awaiting_cutoff');
      await skipTo(env, Date.parse(v.deadlines.cutoffAt!) + 1000);
      const stuck = await eventually(
        () => view(handle),
        (x) => x.revocationStuck,
        'revocation stuck',
      );
      expect(stuck.revocation.filter((s) => s.status === 'failed').map((s) => s.domain)).toEqual([mirror, mirror]);
      expect(world.staffAlerts.map((a) => a.kind)).toContain('revocation_stuck');
      const doneBefore = world.revocations.length;
      expect(doneBefore).toBe(2);

      world.refuseRevoke.delete(mirror);
      await handle.executeUpdate(retryRevocationUpdate, {
        args: [{ principal: people.otto, role: 'operator', reasons: 'provider fixed the zone lock' }],
      });
      await waitForStage(handle, 'monitoring');
      await handle.terminate('test over');
    });
    expect(world.revocations.map((r) => r.domain).filter((d) => d.includes('-mirror'))).toHaveLength(2);
    expect(world.revocations).toHaveLength(4);
    expect(world.revocations.every((r) => r.changed)).toBe(true);
  });

  it('a preservation hold extends retention of the evidence and the snapshot past the case', async () => {
    const world = await withCase(h, {}, async ({ handle, env }) => {
      await waitForStage(handle, 'investigating');
      const until = new Date((await env.currentTimeMs()) + 90 * DAY).toISOString();
      expect(
        await refusal(
          handle.executeUpdate(placeHoldUpdate, {
            args: [
              {
                principal: people.lena,
                role: 'legal',
                kind: 'preservation',
                reference: '2703f-1',
                agencyContact: 'a@b.example',
                expiresAt: new Date((await env.currentTimeMs()) + 200 * DAY).toISOString(),
                reasons: 'too long',
              },
            ],
          }),
        ),
      ).toMatchObject({ type: 'InvalidInput', message: expect.stringContaining('90 days') });
      await handle.executeUpdate(placeHoldUpdate, {
        args: [
          {
            principal: people.lena,
            role: 'legal',
            kind: 'preservation',
            reference: '2703f-1',
            agencyContact: 'a@b.example',
            expiresAt: until,
            reasons: 'preserve records',
          },
        ],
      });
      await handle.executeUpdate(withdrawUpdate, {
        args: [{ principal: people.rita, role: 'requester', reasons: 'handled by law enforcement' }],
      });
      await handle.result();
    });
    expect(world.retention).toEqual([
      expect.objectContaining({
        holdReference: '2703f-1',
        snapshotIds: ['snap-1'],
        evidence: expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]),
      }),
    ]);
  });
});
