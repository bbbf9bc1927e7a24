// The worker's watch schedule override (TERMINUS_WATCH_FAST_INTERVAL_MS, set by the embedded stack): parsed at
// the edge, carried by the observation result into history, and the watch probes on it; production (unset)
// keeps the 5-minute cadence, and a watch's own input settings still win.
import { Context, type Info } from '@temporalio/activity';
import type { WorkflowClient } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createMonitorActivities, type ObserveDomainResult } from '../../../src/activities/monitor';
import type { Prober } from '../../../src/adapters/probe';
import { loadFingerprintDatabase } from '../../../src/config/fingerprints';
import { loadProbeConfig } from '../../../src/config/probe';
import { compileFingerprints, type Observation } from '../../../src/domain/fingerprints';
import { stopWatchSignal, type DomainWatchRunInput, type domainWatch } from '../../../src/workflows/watch/domain-watch';
import { startTimeSkippingEnv, uniqueTaskQueue, type TimeSkippingEnv } from '../../support/temporal-env';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** NXDOMAIN everywhere: the watch reads the domain as dark. */
const nowhere = (domain: string): Observation => ({
  domain,
  observedAt: new Date(0).toISOString(),
  ns: { status: 'nxdomain' },
  soa: { status: 'nxdomain' },
  a: { status: 'nxdomain' },
  aaaa: { status: 'nxdomain' },
  cnameChain: [],
  http: [],
});
const prober: Prober = { observe: (domain) => Promise.resolve(nowhere(domain)) };
const fingerprints = compileFingerprints(loadFingerprintDatabase());

describe('TERMINUS_WATCH_FAST_INTERVAL_MS', () => {
  it('is parsed at the edge with a message naming the variable; empty means unset', () => {
    expect(loadProbeConfig({ TERMINUS_WATCH_FAST_INTERVAL_MS: '10000' }).watchFastIntervalMs).toBe(10_000);
    expect(loadProbeConfig({}).watchFastIntervalMs).toBeUndefined();
    expect(loadProbeConfig({ TERMINUS_WATCH_FAST_INTERVAL_MS: '' }).watchFastIntervalMs).toBeUndefined();
    expect(() => loadProbeConfig({ TERMINUS_WATCH_FAST_INTERVAL_MS: '500' })).toThrow(
      /TERMINUS_WATCH_FAST_INTERVAL_MS: at least 1000 ms/,
    );
    expect(() => loadProbeConfig({ TERMINUS_WATCH_FAST_INTERVAL_MS: '10s' })).toThrow(
      /TERMINUS_WATCH_FAST_INTERVAL_MS: a whole number of milliseconds/,
    );
  });

  it('observeDomain carries the override only when the worker has one', async () => {
    const env = new MockActivityEnvironment();
    const withOverride = createMonitorActivities({ prober, fingerprints, schedule: { fastIntervalMs: 10_000 } });
    const without = createMonitorActivities({ prober, fingerprints });
    const a: ObserveDomainResult = await env.run(withOverride.observeDomain, { domain: 'forum.example' });
    const b: ObserveDomainResult = await env.run(without.observeDomain, { domain: 'forum.example' });
    expect(a.schedule).toEqual({ fastIntervalMs: 10_000 });
    expect(a.verdict.state).toBe('dark');
    expect('schedule' in b).toBe(false);
  });

  describe('the watch on the time-skipping server', () => {
    let ts: TimeSkippingEnv;
    let client: WorkflowClient;
    const taskQueue = uniqueTaskQueue('watch-schedule');
    /** When each domain was observed (workflow time of the activity's scheduling). */
    const seen = new Map<string, number[]>();
    const monitorWith = createMonitorActivities({ prober, fingerprints, schedule: { fastIntervalMs: 10_000 } });
    const monitorWithout = createMonitorActivities({ prober, fingerprints });
    let worker: Worker;
    let running: Promise<void>;

    beforeAll(async () => {
      ts = await startTimeSkippingEnv();
      client = ts.env.client.workflow;
      worker = await Worker.create({
        connection: ts.env.nativeConnection,
        taskQueue,
        workflowsPath: require.resolve('./test-workflows'),
        activities: {
          observeDomain: (input: { domain: string }) => {
            const info: Info = Context.current().info;
            seen.set(input.domain, [...(seen.get(input.domain) ?? []), info.currentAttemptScheduledTimestampMs]);
            // Domains named "prod-*" run on a worker without the override.
            return (input.domain.startsWith('prod-') ? monitorWithout : monitorWith).observeDomain(input);
          },
          notifyProviderChange: () => Promise.resolve({ delivered: false, reason: 'not_configured' }),
          sendStaffAlert: () => Promise.resolve({ duplicate: false }),
        },
      });
      running = worker.run();
    }, 120_000);

    afterAll(async () => {
      worker?.shutdown();
      await running;
      await ts?.teardown();
    });

    /** Runs a watch until it has observed `count` times, stops it, and returns its gaps and confirmed chain. */
    async function watchFor(domain: string, count: number, step: number, settings?: DomainWatchRunInput['settings']) {
      const cutoffMs = await ts.env.currentTimeMs();
      const handle = await client.start<typeof domainWatch>('domainWatch', {
        taskQueue,
        workflowId: `watch-${domain}`,
        args: [
          {
            caseId: `case-${domain}`,
            domain,
            cutoffAt: new Date(cutoffMs).toISOString(),
            followUpUntil: new Date(cutoffMs + 30 * 24 * 60 * MINUTE).toISOString(),
            ...(settings ? { settings } : {}),
          },
        ],
      });
      // Time is skipped only while we wait on a result; sleep in workflow time until enough observations exist.
      while ((seen.get(domain)?.length ?? 0) < count) await ts.env.sleep(step);
      await handle.signal(stopWatchSignal, { reason: 'test done' });
      const result = await handle.result();
      const times = seen.get(domain)!.slice(0, count);
      return { gaps: times.slice(1).map((t, i) => t - times[i]!), chain: result.chain, cutoffMs };
    }

    /** Each gap is the interval plus the (real, unskipped) milliseconds a workflow task and an activity take. */
    const expectGaps = (gaps: number[], interval: number, count: number): void => {
      expect(gaps).toHaveLength(count);
      for (const gap of gaps) {
        expect(gap).toBeGreaterThanOrEqual(interval);
        expect(gap).toBeLessThan(interval + 3 * SECOND);
      }
    };

    it('probes on the worker override: dark confirmed 20 s after the cutoff instead of 10 min', async () => {
      const { gaps, chain, cutoffMs } = await watchFor('demo.example', 4, 5 * SECOND);
      expectGaps(gaps, 10 * SECOND, 3);
      expect(chain.map((c) => c.state)).toEqual(['dark']);
      expect(Date.parse(chain[0]!.at) - cutoffMs).toBeLessThan(25 * SECOND);
    });

    it('keeps the 5-minute production cadence when the worker has no override', async () => {
      const { gaps } = await watchFor('prod-forum.example', 3, MINUTE);
      expectGaps(gaps, 5 * MINUTE, 2);
    });

    it("lets the watch's own input settings win over the worker's override", async () => {
      const { gaps } = await watchFor('pinned.example', 3, 30 * SECOND, { fastIntervalMs: 2 * MINUTE });
      expectGaps(gaps, 2 * MINUTE, 2);
    });
  });
});
