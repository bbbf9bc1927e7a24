import { CASE_UPDATES } from '../../../src/workflows/case/messages';
import {
  approve,
  endCase,
  people,
  skipTo,
  startHarness,
  view,
  waitForStage,
  withCase,
  type Harness,
} from '../../support/case-workflow/harness';

describe('terminationCase: a mirror found after approval', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('is snapshotted with the whole family and revoked with the rest at the cutoff', async () => {
    const world = await withCase(h, {}, async ({ handle, env, intake }) => {
      await approve(handle);
      const waiting = await waitForStage(handle, 'awaiting_cutoff');
      await handle.executeUpdate(CASE_UPDATES.alias, {
        args: [{ principal: people.ivan, role: 'investigator', domain: 'late-mirror.example', reasons: 'moved there' }],
      });
      await skipTo(env, Date.parse(waiting.deadlines.cutoffAt!) + 1000);
      const monitoring = await waitForStage(handle, 'monitoring');
      const family = [intake.domains.primary, ...intake.domains.aliases, 'late-mirror.example'];
      expect(
        monitoring.revocation
          .filter((r) => r.status === 'done')
          .map((r) => `${r.domain}/${r.service}`)
          .sort(),
      ).toEqual(family.flatMap((d) => intake.services.map((svc) => `${d}/${svc}`)).sort());
      expect(monitoring.revocationStuck).toBeFalsy();
      expect((await view(handle)).watches.map((w) => w.domain).sort()).toEqual([...family].sort());
      await endCase(handle);
    });
    // The second snapshot names the whole family (an alias may live in the primary's zone), not the new name alone.
    expect(world.snapshots).toHaveLength(2);
    expect([...world.snapshots[1]!].sort()).toEqual([world.snapshots[0]!, 'late-mirror.example'].flat().sort());
  });
});
