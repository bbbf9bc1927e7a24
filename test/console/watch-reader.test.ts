// The console's watch reader against a real domainWatch on the time-skipping server: the watch goes dark, then moves
// to a competitor, continuing as new every 4 observations; the reader finds, through the watch's query and the
// observation results in the histories of its runs (walking back through continue-as-new), the verdict that
// confirmed each change, with the signals matched. Observations are classified by the real classifier.
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { summarize } from '../../src/activities/monitor';
import { createWatchGroupActivities } from '../../src/activities/monitor-group';
import { loadFingerprintDatabase } from '../../src/config/fingerprints';
import { TemporalWatchReader } from '../../src/console/watch-reader';
import { classify, compileFingerprints } from '../../src/domain/fingerprints';
import type { domainWatch } from '../../src/workflows/watch/domain-watch';
import type { watchGroup } from '../../src/workflows/watch/watch-group';
import { observation } from '../support/fixtures/observations';
import { startTestDatabase, type TestDatabase } from '../support/database';
import { startTimeSkippingEnv, uniqueTaskQueue, workflowsPath, type TimeSkippingEnv } from '../support/temporal-env';

jest.setTimeout(120_000);

const fingerprints = compileFingerprints(loadFingerprintDatabase());
const MIN = 60_000;
let ts: TimeSkippingEnv;
let worker: Worker;
let running: Promise<void>;
const taskQueue = uniqueTaskQueue('console-watch');
let calls = 0;

beforeAll(async () => {
  ts = await startTimeSkippingEnv();
  worker = await Worker.create({
    connection: ts.env.nativeConnection,
    taskQueue,
    workflowsPath,
    activities: {
      // Dark for the first three observations, then on Njalla's nameservers.
      observeDomain: ({ domain }: { domain: string }) => {
        calls++;
        const spec = calls <= 3 ? { ns: [], a: [] } : { ns: ['1-you.njalla.no', '2-can.njalla.in'] };
        const o = observation({ domain, ...spec }, { observedAt: new Date().toISOString() });
        return Promise.resolve({ observation: summarize(o), verdict: classify(o, fingerprints) });
      },
      notifyProviderChange: () => Promise.resolve({ delivered: false, reason: 'not_configured' }),
      sendStaffAlert: () => Promise.resolve({ accepted: [], rejected: [], duplicate: false }),
    },
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await ts?.teardown();
});

it('reads each confirmed change with the verdict that confirmed it, across runs of the watch', async () => {
  const cutoffMs = await ts.env.currentTimeMs();
  const workflowId = 'watch-forum.example';
  const handle = await ts.env.client.workflow.start<typeof domainWatch>('domainWatch', {
    taskQueue,
    workflowId,
    args: [
      {
        caseId: 'case-acct-1',
        domain: 'forum.example',
        cutoffAt: new Date(cutoffMs).toISOString(),
        followUpUntil: new Date(cutoffMs + 9.5 * MIN).toISOString(),
        settings: { confirmations: 3, fastIntervalMs: MIN, fastWindowMs: 60 * MIN, maxObservationsPerRun: 4 },
      },
    ],
  });
  const result = await handle.result();
  expect(result.chain.map((c) => c.state)).toEqual(['dark', 'njalla']);

  const report = await new TemporalWatchReader(ts.env.client).read('case-acct-1', {
    domain: 'forum.example',
    workflowId,
  });
  expect(report.problem).toBeUndefined();
  expect(report.current).toMatchObject({ state: 'elsewhere', provider: 'njalla' });
  expect(report.observations).toBe(10);
  expect(report.history.map((h) => [h.state, h.verdict?.state])).toEqual([
    ['dark', 'dark'],
    ['njalla', 'elsewhere'],
  ]);
  // The dark change was confirmed in the first run, the move in the second: both read back from history.
  expect(report.history[1]!.verdict!.evidence).toContainEqual(
    expect.objectContaining({ provider: 'njalla', signal: 'nameserver', matched: '*.njalla.no' }),
  );
  expect(report.latest?.provider).toBe('njalla');
});

it("reads a group watch's changes from the history rows it wrote (the workflow itself no longer answers)", async () => {
  const t: TestDatabase = await startTestDatabase();
  try {
    await t.db.query(
      `INSERT INTO watch_history (watch_key, domain, change_index, case_id, state, provider, confidence, changed_at)
       VALUES ('watch-group-x/run', 'board.example', 0, 'case-acct-2', 'dark', NULL, 0.9, '2026-11-21T00:15:00Z'),
              ('watch-group-x/run', 'board.example', 1, 'case-acct-2', 'njalla', 'njalla', 0.8, '2026-11-21T00:31:00Z'),
              ('watch-group-x/run', 'other.example', 0, 'case-acct-2', 'dark', NULL, 0.9, '2026-11-21T00:15:00Z')`,
    );
    const report = await new TemporalWatchReader(ts.env.client, t.db).read('case-acct-2', {
      domain: 'board.example',
      workflowId: 'watch-group-x',
    });
    expect(report.history.map((h) => [h.state, h.at])).toEqual([
      ['dark', '2026-11-21T00:15:00.000Z'],
      ['njalla', '2026-11-21T00:31:00.000Z'],
    ]);
    expect(report.current).toEqual({ state: 'njalla', provider: 'njalla', since: '2026-11-21T00:31:00.000Z' });
  } finally {
    await t.stop();
  }
});

it("shows the signals behind a group watch's changes: the probe keeps the evidence, the history row carries it", async () => {
  const t: TestDatabase = await startTestDatabase();
  const seen = new Map<string, number>();
  // Dark for each domain's first three observations, then on Njalla's nameservers; classified by the real classifier.
  const prober = {
    observe: (domain: string) => {
      const n = (seen.get(domain) ?? 0) + 1;
      seen.set(domain, n);
      const spec = n <= 3 ? { ns: [], a: [] } : { ns: ['1-you.njalla.no', '2-can.njalla.in'] };
      return Promise.resolve(observation({ domain, ...spec }, { observedAt: new Date().toISOString() }));
    },
  };
  const groupQueue = uniqueTaskQueue('console-group-watch');
  const groupWorker = await Worker.create({
    connection: ts.env.nativeConnection,
    taskQueue: groupQueue,
    workflowsPath,
    activities: {
      ...createWatchGroupActivities({
        db: t.db,
        probers: [{ resolver: '127.0.0.1:53', prober }],
        fingerprints,
        limits: { jitterMs: 0 },
        // Workflow time (skipped), not the machine's: when the server scheduled this attempt.
        now: () => Context.current().info.currentAttemptScheduledTimestampMs,
      }),
      sendStaffAlert: () =>
        Promise.resolve({
          accepted: [],
          rejected: [],
          duplicate: false,
          messageId: '<x@test>',
          response: '250',
          sentAt: new Date().toISOString(),
        }),
    },
  });
  try {
    await groupWorker.runUntil(async () => {
      const cutoffMs = await ts.env.currentTimeMs();
      const workflowId = 'watch-group-case-acct-3-1';
      const result = await ts.env.client.workflow.execute<typeof watchGroup>('watchGroup', {
        taskQueue: groupQueue,
        workflowId,
        args: [
          {
            caseId: 'case-acct-3',
            domains: ['shop.example', 'mirror.example'],
            cutoffAt: new Date(cutoffMs).toISOString(),
            followUpUntil: new Date(cutoffMs + 12 * MIN).toISOString(),
            settings: { confirmations: 3, fastIntervalMs: MIN, fastWindowMs: 60 * MIN },
          },
        ],
      });
      expect(result.changesConfirmed).toBe(4);

      const report = await new TemporalWatchReader(ts.env.client, t.db).read('case-acct-3', {
        domain: 'mirror.example',
        workflowId,
      });
      expect(report.history.map((h) => [h.state, h.verdict?.state, h.verdict?.provider])).toEqual([
        ['dark', 'dark', null],
        ['njalla', 'elsewhere', 'njalla'],
      ]);
      expect(report.history[1]!.verdict!.evidence).toContainEqual(
        expect.objectContaining({ provider: 'njalla', signal: 'nameserver', matched: '*.njalla.no' }),
      );
      expect(report.history[1]!.verdict!.seen).toContainEqual({
        label: 'nameservers',
        value: '1-you.njalla.no, 2-can.njalla.in',
      });
      expect(report.latest?.provider).toBe('njalla');
      expect(report.note).toBeUndefined();
      // One row per domain and placement, whatever the number of rounds that saw it there.
      const kept = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM watch_observations');
      expect(Number(kept[0]!.n)).toBe(4);
    });
  } finally {
    await t.stop();
  }
});
