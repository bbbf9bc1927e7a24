import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Context } from '@temporalio/activity';
import type { WorkflowClient } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createMonitorActivities } from '../../../src/activities/monitor';
import type { SendStaffAlertInput } from '../../../src/activities/notify-contract';
import { createProber } from '../../../src/adapters/probe';
import { loadFingerprintDatabase } from '../../../src/config/fingerprints';
import { compileFingerprints } from '../../../src/domain/fingerprints';
import { watchStateQuery, type domainWatch } from '../../../src/workflows/watch/domain-watch';
import { TerminusProvider } from '../../../src/workflows/search-attributes';
import { recordHistory } from '../../support/histories';
import { startScriptedInternet, TEST_EDGE, type ScriptedInternet } from '../../support/scripted-internet';
import { startTimeSkippingEnv, uniqueTaskQueue, type TimeSkippingEnv } from '../../support/temporal-env';
import type { watchParent } from './test-workflows';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Compressed but realistic: fast for 2 h after a change, every 2 h for 3 days, then twice a day. */
const SETTINGS = {
  confirmations: 3,
  fastIntervalMs: 10 * MIN,
  fastWindowMs: 2 * HOUR,
  mediumIntervalMs: 2 * HOUR,
  mediumWindowMs: 3 * DAY,
  slowIntervalMs: 12 * HOUR,
  maxObservationsPerRun: 40,
};

type Step = [offsetMs: number, apply: (net: ScriptedInternet, domain: string) => void];
const dark: Step[1] = (net, d) => net.remove(d);
const on =
  (profile: string): Step[1] =>
  (net, d) =>
    net.moveTo(d, profile);
const failing =
  (kind: 'servfail' | 'timeout', underneath: Step[1]): Step[1] =>
  (net, d) => {
    underneath(net, d);
    net.fault(d, kind);
  };
const torOnly: Step[1] = (net, d) =>
  net.putZone(d, [
    { name: d, type: 'SOA', ttl: 300, records: [`1-you.njalla.no. h.${d}. 1 7200 3600 1209600 300`] },
    { name: d, type: 'NS', ttl: 300, records: ['1-you.njalla.no.', '2-can.njalla.in.'] },
    { name: d, type: 'A', ttl: 300, records: ['127.0.0.1'] },
    {
      name: d,
      type: 'TXT',
      ttl: 300,
      records: ['"onion=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuv.onion"'],
    },
  ]);

describe('domainWatch over simulated months against a local DNS and HTTP internet', () => {
  let ts: TimeSkippingEnv;
  let client: WorkflowClient;
  let internet: ScriptedInternet;
  let hook: http.Server;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('watch');
  const timelines = new Map<string, { cutoffMs: number; steps: Step[]; applied: number }>();
  const alerts: SendStaffAlertInput[] = [];
  const webhookKeys: string[] = [];

  /** Puts the scripted internet, for `domain`, in the state its timeline says for this workflow instant. */
  function syncInternet(domain: string, nowMs: number): void {
    const t = timelines.get(domain);
    if (!t) return;
    const index = t.steps.findLastIndex(([offset]) => t.cutoffMs + offset <= nowMs);
    if (index < 0 || index === t.applied) return;
    internet.fault(domain, null);
    t.steps[index]![1](internet, domain);
    t.applied = index;
  }

  beforeAll(async () => {
    ts = await startTimeSkippingEnv();
    client = ts.env.client.workflow;
    internet = await startScriptedInternet();
    hook = http.createServer((req, res) => {
      webhookKeys.push(String(req.headers['idempotency-key']));
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const monitor = createMonitorActivities({
      prober: createProber({
        resolvers: [internet.resolver],
        dnsTimeoutMs: 200,
        dnsAttempts: 1,
        httpTimeoutMs: 1000,
        schemes: ['http'],
        connectTo: internet.connectTo,
      }),
      fingerprints: compileFingerprints(loadFingerprintDatabase({ edge: TEST_EDGE })),
      webhook: { url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/migrations` },
    });
    worker = await Worker.create({
      connection: ts.env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./test-workflows'),
      activities: {
        // The real activity; first the scripted internet moves to what this instant (workflow time) looks like.
        observeDomain: (input: { domain: string }) => {
          syncInternet(input.domain, Context.current().info.currentAttemptScheduledTimestampMs);
          return monitor.observeDomain(input);
        },
        notifyProviderChange: monitor.notifyProviderChange,
        sendStaffAlert: (input: SendStaffAlertInput) => {
          alerts.push(input);
          return Promise.resolve({
            messageId: `<${input.idempotencyKey}>`,
            accepted: ['staff@example.org'],
            rejected: [],
            response: '250 OK',
            duplicate: false,
            sentAt: new Date().toISOString(),
          });
        },
      },
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await internet?.stop();
    await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
    await ts?.teardown();
  });

  async function watchInput(domain: string, steps: Step[], followUpMs: number) {
    const cutoffMs = await ts.env.currentTimeMs();
    timelines.set(domain, { cutoffMs, steps, applied: -1 });
    return {
      caseId: `case-${domain}`,
      domain,
      cutoffAt: new Date(cutoffMs).toISOString(),
      followUpUntil: new Date(cutoffMs + followUpMs).toISOString(),
      settings: SETTINGS,
    };
  }

  /** Every run of a workflow ID in order (following continue-as-new), with its history length. */
  async function runsOf(workflowId: string, firstRunId: string): Promise<number[]> {
    const lengths: number[] = [];
    let runId: string | null | undefined = firstRunId;
    while (runId) {
      const history: Awaited<ReturnType<ReturnType<WorkflowClient['getHandle']>['fetchHistory']>> = await client
        .getHandle(workflowId, runId)
        .fetchHistory();
      const events = history.events ?? [];
      lengths.push(events.length);
      runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
    return lengths;
  }

  const offsetOf = (iso: string, cutoffAt: string) => Date.parse(iso) - Date.parse(cutoffAt);

  it('dark, back on provider A after hours, cut off again, provider B weeks later: chain, alerts once, signals, bounded runs', async () => {
    const domain = 'forum-a.example';
    const input = await watchInput(
      domain,
      [
        [0, dark],
        [5 * HOUR, on('ddos-guard')],
        [30 * HOUR, dark],
        [21 * DAY, on('njalla')],
      ],
      75 * DAY,
    );
    const parent = await client.start<typeof watchParent>('watchParent', {
      taskQueue,
      workflowId: `parent-${domain}`,
      args: [{ watch: input }],
    });
    const { signals, result } = await parent.result();

    expect(result.stoppedBecause).toBe('follow_up_ended');
    expect(result.chain.map((c) => c.state)).toEqual(['dark', 'ddos-guard', 'dark', 'njalla']);
    const [goneDark, onA, cutAgain, onB] = result.chain.map((c) => offsetOf(c.at, input.cutoffAt));
    expect(goneDark).toBeLessThanOrEqual(30 * MIN);
    expect(onA).toBeGreaterThanOrEqual(5 * HOUR);
    expect(onA).toBeLessThanOrEqual(5 * HOUR + 2 * HOUR + 30 * MIN);
    expect(cutAgain).toBeGreaterThanOrEqual(30 * HOUR);
    expect(cutAgain).toBeLessThanOrEqual(30 * HOUR + 2 * HOUR + 30 * MIN);
    expect(onB).toBeGreaterThanOrEqual(21 * DAY);
    expect(onB).toBeLessThanOrEqual(21 * DAY + 12 * HOUR + 30 * MIN);
    expect(signals).toEqual(result.chain);

    // Keyed by the watch's first run too: a later case watching the same domain must not look like a repeat.
    const firstRun = await firstRunOf(parent.workflowId);
    const keys = [0, 1, 2, 3].map((i) => `watch-${domain}/${firstRun}/migration/${i}`);
    const mine = alerts.filter((a) => a.caseId === input.caseId);
    expect(mine.map((a) => a.idempotencyKey)).toEqual(keys);
    expect(mine.every((a) => a.kind === 'migration_detected')).toBe(true);
    expect(mine[1]!.subject).toBe(`${domain}: moved to ddos-guard`);
    expect(mine[1]!.body).toContain('nameserver ns1.ddos-guard.net matched *.ddos-guard.net');
    expect(webhookKeys.filter((k) => k.startsWith(`watch-${domain}/`))).toEqual(keys);

    const child = client.getHandle(`watch-${domain}`);
    const description = await child.describe();
    expect(description.typedSearchAttributes.get(TerminusProvider)).toBe('njalla');
    const runs = await runsOf(`watch-${domain}`, firstRun);
    expect(runs.length).toBeGreaterThan(2);
    expect(Math.max(...runs)).toBeLessThan(4096 / 4);
  });

  /** The run ID of the child the parent started first (the watch's first run). */
  async function firstRunOf(parentId: string): Promise<string> {
    const history = await client.getHandle(parentId).fetchHistory();
    const started = history.events?.find((e) => e.childWorkflowExecutionStartedEventAttributes);
    return started!.childWorkflowExecutionStartedEventAttributes!.workflowExecution!.runId!;
  }

  it('flapping SERVFAILs and timeouts produce no event', async () => {
    const domain = 'flaky.example';
    const steps: Step[] = [
      [0, dark],
      [1 * HOUR, failing('servfail', dark)],
      [3 * HOUR, failing('timeout', dark)],
      [5 * HOUR, dark],
      [8 * HOUR, failing('servfail', on('ddos-guard'))],
      [9 * HOUR, failing('timeout', on('ddos-guard'))],
      [12 * HOUR, dark],
      [2 * DAY, failing('servfail', dark)],
      [3 * DAY, dark],
    ];
    const input = await watchInput(domain, steps, 4 * DAY);
    const handle = await client.start<typeof domainWatch>('domainWatch', {
      taskQueue,
      workflowId: `watch-${domain}`,
      args: [input],
    });
    const result = await handle.result();
    expect(result.chain.map((c) => c.state)).toEqual(['dark']);
    const state = await handle.query(watchStateQuery);
    expect(state.unknownObservations).toBeGreaterThanOrEqual(10);
    expect(alerts.filter((a) => a.caseId === input.caseId)).toHaveLength(1);
  });

  it('a Tor-only return stays dark', async () => {
    const domain = 'hidden.example';
    const input = await watchInput(
      domain,
      [
        [0, dark],
        [6 * HOUR, torOnly],
      ],
      5 * DAY,
    );
    const handle = await client.start<typeof domainWatch>('domainWatch', {
      taskQueue,
      workflowId: `watch-${domain}`,
      args: [input],
    });
    const result = await handle.result();
    expect(result.chain.map((c) => c.state)).toEqual(['dark']);
    expect((await handle.describe()).typedSearchAttributes.get(TerminusProvider)).toBe('dark');
    const state = await handle.query(watchStateQuery);
    expect(state.observations).toBeGreaterThan(20);
    expect(state.unknownObservations).toBe(0);
  });

  it('a domain that moved before the cutoff goes straight to its new provider', async () => {
    const domain = 'early.example';
    const input = await watchInput(domain, [[0, on('cloudflare')]], 10 * DAY);
    const handle = await client.start<typeof domainWatch>('domainWatch', {
      taskQueue,
      workflowId: `watch-${domain}`,
      args: [input],
    });
    const result = await handle.result();
    await recordHistory(handle, 'domainWatch-moved-before-cutoff');
    expect(result.chain.map((c) => c.state)).toEqual(['cloudflare']);
    expect(offsetOf(result.chain[0]!.at, input.cutoffAt)).toBeLessThanOrEqual(30 * MIN);
    expect(result.chain[0]!.confidence).toBeGreaterThan(0.9);
    expect(alerts.filter((a) => a.caseId === input.caseId).map((a) => a.subject)).toEqual([
      `${domain}: moved to cloudflare`,
    ]);
  });

  it('a site back on a host nobody lists is elsewhere(unknown), alerted as such', async () => {
    const domain = 'selfhosted.example';
    const input = await watchInput(
      domain,
      [
        [0, dark],
        [4 * HOUR, on('self-hosted')],
      ],
      2 * DAY,
    );
    const handle = await client.start<typeof domainWatch>('domainWatch', {
      taskQueue,
      workflowId: `watch-${domain}`,
      args: [input],
    });
    const result = await handle.result();
    expect(result.chain.map((c) => [c.state, c.provider])).toEqual([
      ['dark', null],
      ['unknown', 'unknown'],
    ]);
    expect(alerts.filter((a) => a.caseId === input.caseId).map((a) => a.subject)).toEqual([
      `${domain}: dark`,
      `${domain}: moved to a provider not in the fingerprint database`,
    ]);
  });

  it('fails at once, as InvalidInput, for a domain that can never be observed', async () => {
    const input = await watchInput('bad_domain!', [], DAY);
    const handle = await client.start<typeof domainWatch>('domainWatch', {
      taskQueue,
      workflowId: 'watch-bad',
      args: [input],
    });
    await expect(handle.result()).rejects.toMatchObject({ cause: { type: 'InvalidInput' } });
  });

  it('stops on request', async () => {
    const domain = 'stopped.example';
    const input = await watchInput(domain, [[0, dark]], 90 * DAY);
    const handle = await client.start<typeof domainWatch>('domainWatch', {
      taskQueue,
      workflowId: `watch-${domain}`,
      args: [input],
    });
    await ts.env.sleep(3 * HOUR);
    await handle.signal('stopWatch', { reason: 'case reinstated' });
    const result = await handle.result();
    await recordHistory(handle, 'domainWatch-stopped');
    expect(result.stoppedBecause).toBe('stopped_by_staff');
    expect(result.chain.map((c) => c.state)).toEqual(['dark']);
  });
});
