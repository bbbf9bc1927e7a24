// The console's watch reader against a real domainWatch on the time-skipping server: the watch goes dark, then moves
// to a competitor, continuing as new every 4 observations; the reader finds, through the watch's query and the
// observation results in the histories of its runs (walking back through continue-as-new), the verdict that
// confirmed each change, with the signals matched. Observations are classified by the real classifier.
import { Worker } from '@temporalio/worker';
import { summarize } from '../../src/activities/monitor';
import { loadFingerprintDatabase } from '../../src/config/fingerprints';
import { TemporalWatchReader } from '../../src/console/watch-reader';
import { classify, compileFingerprints } from '../../src/domain/fingerprints';
import type { domainWatch } from '../../src/workflows/watch/domain-watch';
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
