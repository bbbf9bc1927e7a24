// The case's monitoring starts group watches (new runs, patch 'watch-groups'): the revoked family in one group, an
// alias added while monitoring in a group of its own, and closing the case stops every group (signalled once each).
import { CASE_UPDATES } from '../../../src/workflows/case/messages';
import type { WatchGroupInput, WatchGroupResult } from '../../../src/workflows/watch/messages';
import { fakeAccountActivities, newAccountWorld, type AccountWorld } from '../../support/fakes/account-fakes';
import { uniqueId } from '../../support/temporal-env';
import {
  approve,
  endCase,
  eventually,
  people,
  skipTo,
  startHarness,
  view,
  waitForStage,
  withCase,
  type Harness,
} from '../../support/case-workflow/harness';

describe('terminationCase monitoring with group watches', () => {
  let h: Harness;
  const accounts = new Map<string, AccountWorld>();
  beforeAll(async () => {
    h = await startHarness({ activities: fakeAccountActivities(accounts) });
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('watches the family in one group, a late alias in another, and stops both when the case closes', async () => {
    await withCase(h, {}, async ({ handle, env, intake, client }) => {
      await approve(handle);
      const waiting = await waitForStage(handle, 'awaiting_cutoff');
      await skipTo(env, Date.parse(waiting.deadlines.cutoffAt!) + 1000);
      const monitoring = await waitForStage(handle, 'monitoring');
      const family = [intake.domains.primary, ...intake.domains.aliases];
      const first = `watch-group-${handle.workflowId}-1`;
      expect(monitoring.watches.map((w) => [w.domain, w.workflowId])).toEqual(family.map((d) => [d, first]));
      const firstInput = await startInput(client, first);
      expect(firstInput).toMatchObject({ caseId: handle.workflowId, domains: family, cutoffAt: monitoring.revokedAt });

      await handle.executeUpdate(CASE_UPDATES.alias, {
        args: [{ principal: people.ivan, role: 'investigator', domain: 'new-mirror.example', reasons: 'back here' }],
      });
      const second = `watch-group-${handle.workflowId}-2`;
      const withAlias = await eventually(
        () => view(handle),
        (v) => v.watches.some((w) => w.domain === 'new-mirror.example'),
        'the watch of the new alias',
      );
      expect(withAlias.watches.find((w) => w.domain === 'new-mirror.example')?.workflowId).toBe(second);
      const secondInput = await startInput(client, second);
      expect(secondInput.domains).toEqual(['new-mirror.example']);
      expect(Date.parse(secondInput.cutoffAt)).toBeGreaterThan(Date.parse(monitoring.revokedAt!));

      await endCase(handle);
      for (const id of [first, second]) {
        const result: WatchGroupResult = await client.workflow.getHandle(id).result();
        expect(result.stoppedBecause).toBe('stopped_by_staff');
      }
      const closed = await view(handle);
      expect(closed.watches.every((w) => w.stoppedAt)).toBe(true);
    });
  });

  it("watches an account case's 2,500 revoked names in three groups that read the names themselves", async () => {
    const id = uniqueId('acct');
    const names = Array.from({ length: 2500 }, (_, i) => `${id}-${String(i).padStart(4, '0')}.example`);
    accounts.set(`case-${id}`, newAccountWorld({ [id]: names }, 500));
    const intake = {
      account: { id, name: `Operator ${id}`, noticeContacts: [`abuse@${id}.example`] },
      domains: { primary: `${id}.example`, aliases: [] },
      scope: 'account' as const,
    };
    await withCase(h, { intake }, async ({ handle, env, client }) => {
      await approve(handle);
      const waiting = await waitForStage(handle, 'awaiting_cutoff');
      await skipTo(env, Date.parse(waiting.deadlines.cutoffAt!) + 1000);
      await waitForStage(handle, 'monitoring');
      // The stage turns to monitoring before the groups are started: wait for the count, do not race it.
      const monitoring = await eventually(
        () => view(handle),
        (v) => v.accountItems?.watchGroups === 3,
        'three account watch groups',
      );
      expect(monitoring.accountItems).toMatchObject({ done: 2500, watchGroups: 3 });
      for (const n of [1, 2, 3]) {
        const input = await startInput(client, `watch-group-${handle.workflowId}-items-${n}`);
        expect(input).toMatchObject({ domains: [], source: { caseItems: { page: n, size: 1000 } } });
        expect(input.cutoffAt).toBe(monitoring.revokedAt);
      }
      await endCase(handle);
      for (const n of [1, 2, 3]) {
        const result: WatchGroupResult = await client.workflow
          .getHandle(`watch-group-${handle.workflowId}-items-${n}`)
          .result();
        expect(result.stoppedBecause).toBe('stopped_by_staff');
      }
    });
  });

  async function startInput(client: Harness['client'], workflowId: string): Promise<WatchGroupInput> {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    return JSON.parse(Buffer.from(payload!).toString('utf8')) as WatchGroupInput;
  }
});
