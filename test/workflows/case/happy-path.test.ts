import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { CASE_UPDATES, caseViewQuery, providerChangedSignal } from '../../../src/workflows/case/messages';
import { terminationCaseStartOptions } from '../../../src/workflows/case/start-options';
import {
  TerminusCutoff,
  TerminusOutcome,
  TerminusProvider,
  TerminusStage,
} from '../../../src/workflows/search-attributes';
import { recordHistory } from '../../support/histories';
import { validateDsaStatement } from '../../../src/domain/dsa/dsa-validate';
import {
  approve,
  endCase,
  eventually,
  nextLocal,
  people,
  skipTo,
  startHarness,
  view,
  waitForStage,
  withCase,
  type CaseHandle,
  type Harness,
} from '../../support/case-workflow/harness';

const LA = 'America/Los_Angeles';
const HOUR = 3_600_000;

describe('terminationCase: the happy path and the calendar', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('8chan: notice on a Sunday evening, service ends at local midnight, the watch sees it move, record archived', async () => {
    const world = await withCase(h, {}, async ({ handle, world, intake, env }) => {
      // Sunday 20:30 in Los Angeles, server time.
      await waitForStage(handle, 'investigating');
      await skipTo(env, await nextLocal(env, LA, 7, 20, 30));
      await approve(handle);
      const notified = await waitForStage(handle, 'awaiting_cutoff');

      const noticeAt = DateTime.fromISO(notified.notices[0]!.at).setZone(LA);
      expect(noticeAt.weekday).toBe(7);
      expect(noticeAt.hour).toBe(20);
      const midnight = noticeAt.plus({ days: 1 }).startOf('day');
      expect(notified.cutoff).toEqual({
        at: midnight.toUTC().toISO(),
        timeZone: LA,
        localTime: midnight.toISO({ suppressMilliseconds: true }),
      });
      expect(notified.deadlines.cutoffAt).toBe(notified.cutoff!.at);
      // The notice states the effective time in the zone and in UTC, the clause, the policy version.
      const notice = world.customerMessages[0]!;
      expect(notice.kind).toBe('termination_notice');
      expect(notice.to).toEqual(intake.account.noticeContacts);
      expect(notice.nonDisclosure).toBe(false);
      expect(notice.statement.effective).toEqual({
        at: notified.cutoff!.at,
        timeZone: LA,
        localTime: notified.cutoff!.localTime,
      });
      expect(notice.statement.policy.clause).toMatch(/^AUP-3\.1: /);
      expect(notice.statement.decision.domains).toEqual([intake.domains.primary, ...intake.domains.aliases]);
      expect(notice.idempotencyKey).toBe(`${handle.workflowId}:${notified.caseRef}:notice-1`);
      const described = await handle.describe();
      expect(described.typedSearchAttributes.get(TerminusStage)).toBe('awaiting_cutoff');
      expect(described.typedSearchAttributes.get(TerminusCutoff)?.toISOString()).toBe(notified.cutoff!.at);

      // One minute before midnight nothing is revoked; after midnight everything is, once.
      await skipTo(env, midnight.toMillis() - 60_000);
      expect((await view(handle)).stage).toBe('awaiting_cutoff');
      expect(world.revocations).toHaveLength(0);
      await skipTo(env, midnight.toMillis() + 1000);
      const revoked = await waitForStage(handle, 'monitoring');
      expect(Date.parse(revoked.revokedAt!)).toBeGreaterThanOrEqual(midnight.toMillis());
      expect(world.revocations.map((r) => `${r.domain}/${r.service}`).sort()).toEqual(
        [intake.domains.primary, intake.domains.aliases[0]!].flatMap((d) => [`${d}/dns`, `${d}/proxy`]).sort(),
      );
      expect(world.revocations.every((r) => r.changed)).toBe(true);
      expect(revoked.revocation.every((s) => s.status === 'done')).toBe(true);
      // The family is watched by one group watch (two domains, one cutoff).
      expect(revoked.watches.map((w) => [w.domain, w.workflowId]).sort()).toEqual(
        [intake.domains.primary, intake.domains.aliases[0]!]
          .map((d) => [d, `watch-group-${handle.workflowId}-1`])
          .sort(),
      );
      expect(revoked.outcome).toBe('terminated');

      // The statement goes to the Transparency Database once, in its own workflow, and the case hears back.
      const submitted = await eventually(
        () => view(handle),
        (v) => v.dsaSubmission?.outcome !== undefined,
        'DSA submission outcome',
      );
      expect(submitted.dsaSubmission).toMatchObject({
        workflowId: `dsa-${submitted.dsaSubmission!.puid}`,
        outcome: { status: 'submitted', uuid: `uuid-${submitted.dsaSubmission!.puid}` },
      });
      expect(world.dsaStatements.map((s) => s.puid)).toEqual([submitted.dsaSubmission!.puid]);
      expect(validateDsaStatement(world.dsaStatements[0])).toEqual({});
      expect(world.dsaStatements[0]!.application_date).toBe(revoked.revokedAt!.slice(0, 10));
      expect(submitted.timeline.filter((t) => t.kind === 'dsa_submission').map((t) => t.summary)).toEqual([
        expect.stringContaining('on its way'),
        expect.stringContaining('accepted by the Transparency Database'),
      ]);

      // The watch reports the customer back online elsewhere (Daily Stormer, two days later).
      await handle.signal(providerChangedSignal, {
        domain: intake.domains.primary,
        state: 'online',
        provider: 'competitor-a',
        confidence: 0.9,
        at: new Date(midnight.toMillis() + 2 * 24 * HOUR).toISOString(),
      });
      await eventually(
        () => view(handle),
        (v) => v.currentProviders.length === 1,
        'provider chain',
      );
      expect((await handle.describe()).typedSearchAttributes.get(TerminusProvider)).toBe('competitor-a');

      await handle.executeUpdate(CASE_UPDATES['end-monitoring'], {
        args: [{ principal: people.tom, role: 'tns_lead', reasons: 'moved for good; nothing more to learn' }],
      });
      const result = await handle.result();
      expect(result.outcome).toBe('terminated');
      const closed = await handle.describe();
      expect(closed.typedSearchAttributes.get(TerminusStage)).toBe('closed');
      expect(closed.typedSearchAttributes.get(TerminusOutcome)).toBe('terminated');
      await recordHistory(handle, 'terminationCase-8chan-happy-path');
    });
    const record = world.records[0]!;
    expect(record.outcome).toBe('terminated');
    expect(record.policy).toMatchObject({
      category: 'violent_extremism',
      clause: 'AUP-3.1',
      dsaCategory: 'STATEMENT_CATEGORY_VIOLENCE',
    });
    expect(record.dsa).toMatchObject({
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      decision_account: 'DECISION_ACCOUNT_TERMINATED',
      decision_provision: 'DECISION_PROVISION_TOTAL_TERMINATION',
      category: 'STATEMENT_CATEGORY_VIOLENCE',
    });
    expect(record.state.providerChain.map((c) => c.provider)).toEqual(['competitor-a']);
    const kinds = record.state.timeline.map((t) => t.kind);
    for (const k of [
      'opened',
      'findings_submitted',
      'legal_decision',
      'approval',
      'notice_sent',
      'revoked',
      'verified',
      'closed',
    ]) {
      expect(kinds).toContain(k);
    }
    const legal = record.state.timeline.find((t) => t.kind === 'legal_decision')!;
    expect(legal).toMatchObject({ actor: 'lena', role: 'legal', reasons: 'AUP 3.1 applies' });
  });

  it('a cutoff on the spring-forward day: 02:30 does not exist and is read as 03:30 PDT', async () => {
    // The next day Los Angeles springs forward (clocks jump 02:00 -> 03:00), found from the zone itself.
    let next = DateTime.fromMillis(await h.env.currentTimeMs(), { zone: LA })
      .startOf('day')
      .plus({ days: 1 });
    while (next.plus({ hours: 12 }).offset - next.offset !== 60) next = next.plus({ days: 1 });
    const date = next.toISODate()!;
    // The policy accepts cutoffs at most 90 days ahead: move to a month before that day first.
    await skipTo(h.env, next.minus({ days: 30 }).toMillis());
    await withCase(
      h,
      { intake: { cutoff: { kind: 'local', time: '02:30', timeZone: LA, date } } },
      async ({ handle, world, env }) => {
        await waitForStage(handle, 'investigating');
        await skipTo(env, next.minus({ days: 2 }).toMillis());
        await approve(handle);
        const v = await waitForStage(handle, 'awaiting_cutoff');
        expect(v.cutoff).toEqual({
          at: `${date}T10:30:00.000Z`,
          timeZone: LA,
          localTime: `${date}T03:30:00-07:00`,
          adjustment: 'shifted_forward_gap',
          // The resolution is shown on the case, with the policy rule it followed.
          note: `${date} 02:30 does not exist in ${LA} that day (the clocks skip it); policy rule shift_forward: ${date}T03:30:00-07:00`,
        });
        await skipTo(env, Date.parse(`${date}T10:29:00Z`));
        expect(world.revocations).toHaveLength(0);
        await skipTo(env, Date.parse(`${date}T10:31:00Z`));
        const done = await waitForStage(handle, 'monitoring');
        expect(Date.parse(done.revokedAt!)).toBeGreaterThanOrEqual(Date.parse(`${date}T10:30:00Z`));
        await handle.executeUpdate(CASE_UPDATES['end-monitoring'], {
          args: [{ principal: people.tom, role: 'tns_lead', reasons: 'test over' }],
        });
        await handle.result();
        await recordHistory(handle, 'terminationCase-dst-spring-forward');
      },
    );
  });

  it('refuses a second open case for the same account; a closed account can get a new case', async () => {
    await withCase(h, {}, async ({ handle, intake, client, taskQueue }) => {
      await waitForStage(handle, 'investigating');
      const second = client.workflow.start('terminationCase', {
        ...terminationCaseStartOptions(intake),
        taskQueue,
      });
      await expect(second).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      const first = await view(handle);

      await handle.executeUpdate(CASE_UPDATES.withdraw, {
        args: [{ principal: people.rita, role: 'requester', reasons: 'opened by mistake' }],
      });
      expect((await handle.result()).outcome).toBe('withdrawn');
      await recordHistory(handle, 'terminationCase-duplicate-then-withdrawn');

      const again = await client.workflow.start('terminationCase', {
        ...terminationCaseStartOptions(intake),
        taskQueue,
      });
      expect(again.workflowId).toBe(handle.workflowId);
      const fresh = await eventually(
        () => again.query(caseViewQuery),
        (v) => v.stage === 'investigating',
        'new case',
      );
      expect(fresh.caseRef).not.toBe(first.caseRef);
      await endCase(again as CaseHandle);
    });
  });
});
