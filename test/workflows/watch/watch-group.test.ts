// The group watch on the time-skipping server: 1,000 domains watched through weeks of follow-up with typed fake
// activities (the batched probe answers from a scripted world, in workflow time), within Temporal's limits read back
// from the histories of every run; a move of 300 domains to a competitor gives one grouped alert; continue-as-new
// keeps the state; a stop ends the group.
import { Context } from '@temporalio/activity';
import type { WorkflowClient } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type {
  LoadCaseItemDomainsInput,
  ProbeDomainsInput,
  ProbeOutcome,
  RecordProviderChangesInput,
  WatchGroupActivities,
} from '../../../src/activities/monitor-group-contract';
import type { NotifyActivities, SendStaffAlertInput } from '../../../src/activities/notify-contract';
import { latenessQuantileMs } from '../../../src/domain/watch';
import { stopWatchSignal } from '../../../src/workflows/watch/domain-watch';
import {
  DEFAULT_WATCH_GROUP_SETTINGS,
  watchGroupPageQuery,
  watchGroupStatsQuery,
  type WatchGroupRunInput,
  type watchGroup,
} from '../../../src/workflows/watch/watch-group';
import { startTimeSkippingEnv, uniqueTaskQueue, type TimeSkippingEnv } from '../../support/temporal-env';
import type { watchGroupParent } from './test-workflows';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Compressed schedule: every 10 min for 2 h after the cutoff or a change, every 2 h for a day, then twice a day. */
const SETTINGS: WatchGroupRunInput['settings'] = {
  confirmations: 3,
  fastIntervalMs: 10 * MIN,
  fastWindowMs: 2 * HOUR,
  mediumIntervalMs: 2 * HOUR,
  mediumWindowMs: DAY,
  slowIntervalMs: 12 * HOUR,
  maxEventsPerRun: 150,
};

/** Temporal's hard limits per workflow execution (docs: "Temporal Cloud / self-hosted limits"). */
const LIMITS = { historyEvents: 51_200, historyBytes: 50 * 1024 * 1024, pendingActivities: 2000 };

const domainsOf = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}.example`);

/** The scripted world: dark after the cutoff; the first 300 domains reappear on DDoS-Guard at `moveAtMs`. */
interface World {
  moveAtMs: number;
  movers: Set<string>;
  probes: Map<string, number>;
  batchSizes: number[];
  alerts: SendStaffAlertInput[];
  recorded: RecordProviderChangesInput['changes'];
  /** An account case's revoked names, as `case_items` would page them, and the pages asked for. */
  items: string[];
  loads: LoadCaseItemDomainsInput[];
}

function fakeActivities(world: World): WatchGroupActivities & Pick<NotifyActivities, 'sendStaffAlert'> {
  return {
    probeDomains(input: ProbeDomainsInput) {
      // Workflow time (skipped), not the machine's clock: when the server scheduled this attempt.
      const at = Context.current().info.currentAttemptScheduledTimestampMs;
      world.batchSizes.push(input.items.length);
      const outcomes = input.items.map((item): ProbeOutcome => {
        world.probes.set(item.d, (world.probes.get(item.d) ?? 0) + 1);
        return world.movers.has(item.d) && at >= world.moveAtMs
          ? { d: item.d, at, s: 'elsewhere', p: 'ddos-guard', c: 0.97 }
          : { d: item.d, at, s: 'dark', p: null, c: 0.9 };
      });
      return Promise.resolve({ outcomes });
    },
    loadCaseItemDomains(input) {
      world.loads.push(input);
      const from = (input.page - 1) * input.size;
      return Promise.resolve({ domains: world.items.slice(from, from + input.size) });
    },
    recordProviderChanges(input) {
      world.recorded.push(...input.changes);
      return Promise.resolve({ recorded: input.changes.length });
    },
    notifyGroupChange: () => Promise.resolve({ delivered: false, reason: 'not_configured' as const }),
    sendStaffAlert(input) {
      world.alerts.push(input);
      const sentAt = new Date(Context.current().info.currentAttemptScheduledTimestampMs).toISOString();
      return Promise.resolve({
        messageId: `<${input.idempotencyKey}@test>`,
        accepted: ['tns-staff@terminus.test'],
        rejected: [],
        response: '250 OK',
        duplicate: false,
        sentAt,
      });
    },
  };
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Every run of a workflow, newest first (each run's start names the run it continued). */
async function runsOf(client: WorkflowClient, workflowId: string): Promise<HistoryEvent[][]> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined = (await client.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.getHandle(workflowId, runId).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    runs.push(events);
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

/** Most activities scheduled and not yet closed at once in a run. */
function maxPendingActivities(events: HistoryEvent[]): number {
  let pending = 0;
  let max = 0;
  for (const e of events) {
    if (e.activityTaskScheduledEventAttributes) max = Math.max(max, ++pending);
    if (
      e.activityTaskCompletedEventAttributes ||
      e.activityTaskFailedEventAttributes ||
      e.activityTaskTimedOutEventAttributes ||
      e.activityTaskCanceledEventAttributes
    )
      pending--;
  }
  return max;
}

/** A run's history as the server stores and counts it (protobuf bytes). */
const historyBytes = (events: HistoryEvent[]): number =>
  temporal.api.history.v1.History.encode({ events }).finish().length;

describe('watchGroup on the time-skipping server', () => {
  let ts: TimeSkippingEnv;
  let client: WorkflowClient;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('watch-group');
  const worlds = new Map<string, World>();
  const worldOf = (d: string): World => worlds.get(d.split('-')[0]!)!;

  beforeAll(async () => {
    ts = await startTimeSkippingEnv();
    client = ts.env.client.workflow;
    // One worker for every scenario; each scenario's domains carry its prefix, which picks its world.
    const route = <K extends keyof ReturnType<typeof fakeActivities>>(name: K, pick: (input: never) => string) =>
      ((input: never) =>
        (fakeActivities(worldOf(pick(input)))[name] as (i: never) => Promise<unknown>)(input)) as ReturnType<
        typeof fakeActivities
      >[K];
    worker = await Worker.create({
      connection: ts.env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./test-workflows'),
      activities: {
        probeDomains: route('probeDomains', (i: ProbeDomainsInput) => i.items[0]!.d),
        loadCaseItemDomains: route('loadCaseItemDomains', (i: LoadCaseItemDomainsInput) =>
          i.caseId.replace(/^case-/, ''),
        ),
        recordProviderChanges: route('recordProviderChanges', (i: RecordProviderChangesInput) => i.changes[0]!.domain),
        notifyGroupChange: route('notifyGroupChange', (i: { domains: string[] }) => i.domains[0]!),
        sendStaffAlert: route('sendStaffAlert', (i: SendStaffAlertInput) => i.caseId.replace(/^case-/, '')),
      },
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await ts?.teardown();
  });

  function newWorld(prefix: string, movers: string[], moveAtMs: number, items: string[] = []): World {
    const world: World = {
      items,
      loads: [],
      moveAtMs,
      movers: new Set(movers),
      probes: new Map(),
      batchSizes: [],
      alerts: [],
      recorded: [],
    };
    worlds.set(prefix, world);
    return world;
  }

  it('watches 1,000 domains to the end of follow-up within the limits; 300 moving give one grouped alert', async () => {
    const domains = domainsOf('acct', 1000);
    const cutoffMs = await ts.env.currentTimeMs();
    const world = newWorld('acct', domains.slice(0, 300), cutoffMs + 3 * DAY);
    const workflowId = 'watch-group-case-acct-1';
    const parent = await client.start<typeof watchGroupParent>('watchGroupParent', {
      taskQueue,
      workflowId: 'case-acct',
      args: [
        {
          workflowId,
          group: {
            caseId: 'case-acct',
            domains,
            cutoffAt: new Date(cutoffMs).toISOString(),
            followUpUntil: new Date(cutoffMs + 6 * DAY).toISOString(),
            settings: SETTINGS,
          },
        },
      ],
    });
    const { signals, result } = await parent.result();

    // Everything went dark (one alert for 1,000 domains), then 300 moved to DDoS-Guard (one alert for 300).
    expect(result).toMatchObject({ domains: 1000, changesConfirmed: 1300, alertsSent: 2 });
    expect(result.stoppedBecause).toBe('follow_up_ended');
    expect(world.alerts.map((a) => a.subject)).toEqual(['1000 domains: dark', '300 domains: moved to ddos-guard']);
    const moved = world.alerts[1]!;
    expect(moved.kind).toBe('migration_detected');
    expect(moved.idempotencyKey).toMatch(new RegExp(`^${workflowId}/[0-9a-f-]+/migration/1$`));
    expect(moved.body).toContain('300 domains of case case-acct are now served by ddos-guard.');
    expect(moved.body).toContain('(the first 200 of 300)');
    expect(moved.body).toContain('... and 100 more');
    for (const d of domains.slice(0, 200)) expect(moved.body).toContain(`  - ${d} (since`);
    expect(moved.body).not.toContain(domains[250]!);

    // Every change went to the history table once; the case heard of the first 20 domains of each change.
    expect(world.recorded).toHaveLength(1300);
    expect(new Set(world.recorded.map((c) => `${c.domain}/${c.index}`)).size).toBe(1300);
    expect(
      world.recorded
        .filter((c) => c.state === 'ddos-guard')
        .map((c) => c.domain)
        .sort(),
    ).toEqual(domains.slice(0, 300));
    expect(signals.map((s) => s.state)).toEqual([...Array(20).fill('dark'), ...Array(20).fill('ddos-guard')]);

    // On schedule: every domain probed the same number of times, no round missed, batches of at most 250.
    const counts = new Set(domains.map((d) => world.probes.get(d)));
    expect(counts.size).toBeLessThanOrEqual(2); // the 300 movers went back to the fast interval
    expect(Math.min(...domains.map((d) => world.probes.get(d)!))).toBeGreaterThanOrEqual(20);
    expect(Math.max(...world.batchSizes)).toBe(250);
    const handle = client.getHandle(workflowId);
    const stats = await handle.query(watchGroupStatsQuery);
    expect(stats.stats.missed).toBe(0);
    expect(stats.stats.failed).toBe(0);
    expect(stats.stats.probes).toBe([...world.probes.values()].reduce((a, b) => a + b, 0));
    // Workflow time runs with the real clock between skips: a loaded machine adds seconds, never a round.
    expect(latenessQuantileMs(stats.stats, 0.99)).toBeLessThanOrEqual(15_000);

    // Continue-as-new carried the state: several runs, and the last one still knows where each domain is.
    const runs = await runsOf(client, workflowId);
    expect(runs.length).toBeGreaterThan(2);
    expect(stats.runs).toBe(runs.length);
    const page = await handle.query(watchGroupPageQuery, { offset: 295, limit: 10 });
    expect(page.total).toBe(1000);
    expect(page.domains.map((d) => [d.domain, d.current, d.changes])).toEqual(
      domains.slice(295, 305).map((d, i) => [d, i < 5 ? 'ddos-guard' : 'dark', i < 5 ? 2 : 1]),
    );

    // Temporal's limits, read back from every run: events, bytes, pending activities.
    for (const events of runs) {
      expect(events.length).toBeLessThan(SETTINGS.maxEventsPerRun! + 40);
      expect(events.length).toBeLessThan(LIMITS.historyEvents);
      expect(historyBytes(events)).toBeLessThan(
        Math.min(LIMITS.historyBytes, DEFAULT_WATCH_GROUP_SETTINGS.maxHistoryBytesPerRun),
      );
      expect(maxPendingActivities(events)).toBeLessThanOrEqual(4);
    }
    const input = runs[0]![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!;
    expect(input.length).toBeLessThan(256 * 1024);
  }, 240_000);

  it("reads an account case's page of revoked names itself, keeping them out of the case's history", async () => {
    const items = domainsOf('src', 1500);
    const cutoffMs = await ts.env.currentTimeMs();
    const world = newWorld('src', [], Number.MAX_SAFE_INTEGER, items);
    const started = async (page: number) =>
      client.start<typeof watchGroup>('watchGroup', {
        taskQueue,
        workflowId: `watch-group-case-src-items-${page}`,
        args: [
          {
            caseId: 'case-src',
            domains: [],
            source: { caseItems: { page, size: 1000 } },
            cutoffAt: new Date(cutoffMs).toISOString(),
            followUpUntil: new Date(cutoffMs + HOUR).toISOString(),
            settings: SETTINGS,
          },
        ],
      });
    // Page 2 of 1,500 names: the 500 after the first thousand; page 3 is empty.
    const second = await started(2);
    const b = await second.result();
    expect(b).toMatchObject({ domains: 500, changesConfirmed: 500, stoppedBecause: 'follow_up_ended' });
    expect(new Set(world.probes.keys())).toEqual(new Set(items.slice(1000)));
    const empty = await started(3);
    expect(await empty.result()).toMatchObject({ domains: 0, stoppedBecause: 'nothing_to_watch' });
    expect(world.loads.map((l) => l.page)).toEqual([2, 3]);
  }, 120_000);

  it('stops on stopWatch, and refuses more than 1,000 domains', async () => {
    const domains = domainsOf('stop', 50);
    const cutoffMs = await ts.env.currentTimeMs();
    const world = newWorld('stop', [], Number.MAX_SAFE_INTEGER);
    const handle = await client.start<typeof watchGroup>('watchGroup', {
      taskQueue,
      workflowId: 'watch-group-case-stop-1',
      args: [
        {
          caseId: 'case-stop',
          domains,
          cutoffAt: new Date(cutoffMs).toISOString(),
          followUpUntil: new Date(cutoffMs + 90 * DAY).toISOString(),
          settings: SETTINGS,
        },
      ],
    });
    while ((world.probes.get(domains[0]!) ?? 0) < 4) await ts.env.sleep(5 * MIN);
    await handle.signal(stopWatchSignal, { reason: 'case closed' });
    const result = await handle.result();
    expect(result.stoppedBecause).toBe('stopped_by_staff');
    expect(result.changesConfirmed).toBe(50);
    expect(world.alerts.map((a) => a.subject)).toEqual(['50 domains: dark']);

    const tooMany = await client.start<typeof watchGroup>('watchGroup', {
      taskQueue,
      workflowId: 'watch-group-case-big-1',
      args: [
        {
          caseId: 'case-big',
          domains: domainsOf('big', 1001),
          cutoffAt: new Date(cutoffMs).toISOString(),
          followUpUntil: new Date(cutoffMs + DAY).toISOString(),
        },
      ],
    });
    await expect(tooMany.result()).rejects.toMatchObject({
      cause: { type: 'InvalidInput', message: expect.stringMatching(/at most 1000 domains/) },
    });
  }, 120_000);
});
