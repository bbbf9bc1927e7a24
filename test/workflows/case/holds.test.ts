import { CASE_UPDATES } from '../../../src/workflows/case/messages';
import { recordHistory } from '../../support/histories';
import {
  approve,
  endCase,
  people,
  refusal,
  skipTo,
  startHarness,
  view,
  waitForStage,
  withCase,
  type Harness,
} from '../../support/case-workflow/harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('terminationCase: law-enforcement holds, appeals after revocation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('a do-not-terminate hold arriving after the notice pauses revocation past the cutoff until released', async () => {
    const world = await withCase(h, {}, async ({ handle, env, world }) => {
      await approve(handle);
      const v = await waitForStage(handle, 'awaiting_cutoff');
      const now = await env.currentTimeMs();
      const held = await handle.executeUpdate(CASE_UPDATES.hold, {
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
          handle.executeUpdate(CASE_UPDATES.hold, {
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

      await handle.executeUpdate(CASE_UPDATES['hold-release'], {
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
      await handle.executeUpdate(CASE_UPDATES.hold, {
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
      await endCase(handle);
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
        await handle.executeUpdate(CASE_UPDATES.withdraw, {
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

  it('an appeal upheld after revocation restores the snapshot and stops the watches', async () => {
    const world = await withCase(h, {}, async ({ handle, env }) => {
      await approve(handle);
      const v = await waitForStage(handle, 'awaiting_cutoff');
      await skipTo(env, Date.parse(v.deadlines.cutoffAt!) + 1000);
      await waitForStage(handle, 'monitoring');
      const appealed = await handle.executeUpdate(CASE_UPDATES.appeal, {
        args: [{ principal: people.ada, role: 'appeals', text: 'Wrong account: the forum moved away in July.' }],
      });
      expect(appealed.openAppeal!.afterRevocation).toBe(true);
      await handle.executeUpdate(CASE_UPDATES['appeal-decision'], {
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

  it('a preservation hold extends retention of the evidence and the snapshot past the case', async () => {
    const world = await withCase(h, {}, async ({ handle, env }) => {
      await waitForStage(handle, 'investigating');
      const until = new Date((await env.currentTimeMs()) + 90 * DAY).toISOString();
      expect(
        await refusal(
          handle.executeUpdate(CASE_UPDATES.hold, {
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
      await handle.executeUpdate(CASE_UPDATES.hold, {
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
      await handle.executeUpdate(CASE_UPDATES.withdraw, {
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
