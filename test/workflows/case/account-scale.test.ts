import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CASE_UPDATES } from '../../../src/workflows/case/messages';
import { HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW } from '../../../src/workflows/case/runtime';
import {
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
  type Harness,
} from '../../support/case-workflow/harness';
import { fakeAccountActivities, newAccountWorld, type AccountWorld } from '../../support/fakes/account-fakes';
import { uniqueId } from '../../support/temporal-env';

/** Temporal's hard limits per workflow execution (run): events and bytes of history, pending activities. */
const TEMPORAL_MAX_EVENTS = 51_200;
const TEMPORAL_MAX_HISTORY_BYTES = 50 * 1024 * 1024;
const TEMPORAL_MAX_PENDING_ACTIVITIES = 2_000;

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** Every run of a case, read back: events and encoded bytes each. */
async function runs(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<{ events: number; bytes: number }[]> {
  const out: { events: number; bytes: number }[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    out.push({ events: events.length, bytes: temporal.api.history.v1.History.encode(history).finish().byteLength });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return out;
}

/** The account's zones (the case's account holds all but ten; the linked one ten). */
const ITEMS = Number(process.env.ACCOUNT_ITEMS ?? 10_000);

const zones = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}.example`);

describe('terminationCase: an account case', () => {
  let h: Harness;
  const accounts = new Map<string, AccountWorld>();
  beforeAll(async () => {
    h = await startHarness({ activities: fakeAccountActivities(accounts) });
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  /** An account case over a fresh account and one linked account, its edge and rows in `world`. */
  function accountIntake(world: (id: string) => AccountWorld) {
    const id = uniqueId('acct');
    accounts.set(`case-${id}`, world(id));
    return {
      account: { id, name: `Operator ${id}`, noticeContacts: [`abuse@${id}.example`] },
      domains: { primary: `${id}.example`, aliases: [] },
      scope: 'account' as const,
      linkedAccounts: [
        { id: `${id}-b`, reason: 'same billing contact', evidenceRefs: ['https://evidence.example/link'] },
      ],
    };
  }

  it('revokes 10,000 zones and a zone added after approval, in batches, within Temporal limits', async () => {
    const intake = accountIntake((id) =>
      // The fake edge takes a 400th of the names per batch: 400 batches, history enough to continue as new.
      newAccountWorld({ [id]: zones(id, ITEMS - 10), [`${id}-b`]: zones(`${id}-b`, 10) }, ITEMS / 400),
    );
    const world = accounts.get(`case-${intake.account.id}`)!;
    await withCase(h, { intake }, async ({ handle, env, client }) => {
      const opened = await eventually(
        () => view(handle),
        (v) => (v.accountItems?.discoveries.length ?? 0) > 0,
        'intake discovery',
      );
      expect(opened.accountItems).toMatchObject({ total: ITEMS, remaining: ITEMS, done: 0 });
      await approve(handle);
      const waiting = await waitForStage(handle, 'awaiting_cutoff');
      world.edge.get(intake.account.id)!.add('late-addition.example');
      await skipTo(env, Date.parse(waiting.deadlines.cutoffAt!) + 1000);
      // Wait on the fake edge, not on queries: a query racing the continue-as-new mid-revocation has hung the
      // time-skipping test server's answer for good in our runs.
      await eventually(
        () => Promise.resolve(world.revokedOnEdge.size),
        (n) => n === ITEMS + 1,
        'every name revoked',
        120_000,
      );
      const done = await waitForStage(handle, 'monitoring');
      expect(done.accountItems).toMatchObject({
        total: ITEMS + 1,
        done: ITEMS + 1,
        failed: 0,
        remaining: 0,
        lateAdded: 1,
      });
      expect(done.timeline.map((e) => e.summary)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/1 name\(s\) added to the account since intake.*late-addition\.example/),
          `account revocation: ${ITEMS + 1} done, 0 failed, 0 remaining`,
        ]),
      );
      await endCase(handle);

      const all = await runs(client, handle.workflowId, handle.firstExecutionRunId);
      expect(all.length).toBeGreaterThan(1); // continued as new between batches
      for (const run of all) {
        expect(run.events).toBeLessThan(HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW + 200);
        expect(run.events).toBeLessThan(TEMPORAL_MAX_EVENTS);
        expect(run.bytes).toBeLessThan(TEMPORAL_MAX_HISTORY_BYTES);
      }
      process.stderr.write(`[account-scale] runs ${JSON.stringify(all)} batches ${world.batches}\n`);
    });
    expect(world.revokedOnEdge.size).toBe(ITEMS + 1);
    expect([...world.revokedOnEdge.values()].every((n) => n === 1)).toBe(true);
    expect(world.revokedOnEdge.get('late-addition.example')).toBe(1);
    expect(world.maxInFlight).toBe(1);
    expect(world.maxInFlight).toBeLessThan(TEMPORAL_MAX_PENDING_ACTIVITIES);
  }, 240_000);

  it('leaves an item excluded before revocation in service, and refuses exclusion once revocation started', async () => {
    const intake = accountIntake((id) => newAccountWorld({ [id]: zones(id, 5) }));
    const world = accounts.get(`case-${intake.account.id}`)!;
    const [kept, other] = zones(intake.account.id, 2) as [string, string];
    await withCase(h, { intake }, async ({ handle, env }) => {
      await approve(handle);
      const waiting = await waitForStage(handle, 'awaiting_cutoff');
      const excluded = await handle.executeUpdate(CASE_UPDATES['exclude-item'], {
        args: [
          { principal: people.ivan, role: 'investigator', name: kept, reasons: 'status page run for a third party' },
        ],
      });
      expect(excluded.accountItems).toMatchObject({ excluded: 1, remaining: 4 });
      expect(excluded.accountItems!.exclusions).toEqual([
        expect.objectContaining({ name: kept, by: 'ivan', reason: 'status page run for a third party' }),
      ]);
      const unknown = await refusal(
        handle.executeUpdate(CASE_UPDATES['exclude-item'], {
          args: [{ principal: people.tom, role: 'tns_lead', name: 'not-ours.example', reasons: 'x' }],
        }),
      );
      expect(unknown.type).toBe('NotFound');
      await skipTo(env, Date.parse(waiting.deadlines.cutoffAt!) + 1000);
      const done = await waitForStage(handle, 'monitoring');
      expect(done.accountItems).toMatchObject({ total: 5, done: 4, excluded: 1, remaining: 0 });
      const late = await refusal(
        handle.executeUpdate(CASE_UPDATES['exclude-item'], {
          args: [{ principal: people.ivan, role: 'investigator', name: other, reasons: 'too late' }],
        }),
      );
      expect(late.type).toBe('Conflict');
      await endCase(handle);
    });
    expect(world.revokedOnEdge.has(kept)).toBe(false);
    expect(world.rows.get(`case-${intake.account.id}`)!.get(kept)!.status).toBe('excluded');
    expect(world.revokedOnEdge.size).toBe(4);
  });

  it('escalates failed items to staff, and the retry revokes them', async () => {
    const intake = accountIntake((id) => newAccountWorld({ [id]: zones(id, 6) }));
    const world = accounts.get(`case-${intake.account.id}`)!;
    const stubborn = zones(intake.account.id, 1)[0]!;
    world.refuse.add(stubborn);
    await withCase(h, { intake }, async ({ handle, env }) => {
      await approve(handle);
      const waiting = await waitForStage(handle, 'awaiting_cutoff');
      await skipTo(env, Date.parse(waiting.deadlines.cutoffAt!) + 1000);
      const stuck = await eventually(
        () => view(handle),
        (v) => v.revocationStuck,
        'revocation stuck',
      );
      expect(stuck.accountItems).toMatchObject({ done: 5, failed: 1, remaining: 0 });
      expect(stuck.timeline.some((e) => e.kind === 'revocation_failed' && e.summary.includes(stubborn))).toBe(true);
      world.refuse.delete(stubborn);
      await handle.executeUpdate(CASE_UPDATES['retry-revocation'], {
        args: [{ principal: people.otto, role: 'operator', reasons: 'provider fixed' }],
      });
      const done = await waitForStage(handle, 'monitoring');
      expect(done.accountItems).toMatchObject({ done: 6, failed: 0, remaining: 0 });
      await endCase(handle);
    });
    expect(world.revokedOnEdge.get(stubborn)).toBe(1);
  });

  it('an appeal upheld after revocation restores every batch snapshot of the account, newest first', async () => {
    const intake = accountIntake((id) => newAccountWorld({ [id]: zones(id, 5) }, 2));
    const world = accounts.get(`case-${intake.account.id}`)!;
    const harness = await withCase(h, { intake }, async ({ handle, env }) => {
      await approve(handle);
      const waiting = await waitForStage(handle, 'awaiting_cutoff');
      await skipTo(env, Date.parse(waiting.deadlines.cutoffAt!) + 1000);
      await waitForStage(handle, 'monitoring');
      const appealed = await handle.executeUpdate(CASE_UPDATES.appeal, {
        args: [{ principal: people.ada, role: 'appeals', text: 'These sites belong to our customers, not to us.' }],
      });
      await handle.executeUpdate(CASE_UPDATES['appeal-decision'], {
        args: [
          {
            principal: people.ada,
            role: 'appeals',
            appealId: appealed.openAppeal!.id,
            outcome: 'upheld',
            reasons: 'wrong operator',
          },
        ],
      });
      expect((await handle.result()).outcome).toBe('reinstated');
    });
    // Three batches of at most two names: the case's own snapshot, then the account's three, newest first.
    expect(world.batches).toBe(3);
    expect(harness.restores).toEqual(['snap-1', 'acct-snap-3', 'acct-snap-2', 'acct-snap-1']);
    expect(harness.records[0]!.state.timeline.map((e) => e.summary)).toContain(
      'account: 3 batch snapshot(s) restored: 3 zones, 3 proxy hosts',
    );
  });
});
