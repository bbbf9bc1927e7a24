// The batched probe: rate limits per resolver and per provider honoured (measured on the prober's calls), jitter
// bounded, concurrency bounded, one domain's failure that domain's outcome, heartbeats as it goes.
import type { Prober } from '../../src/adapters/probe';
import { createProbeDomains, type ProbeBatchDeps } from '../../src/activities/monitor-batch';
import type { CandidateEvidence, CandidateEvidenceStore } from '../../src/activities/monitor-evidence';
import { parseProbeLimits, DEFAULT_PROBE_LIMITS } from '../../src/activities/monitor-limits';
import type { ProbeItem } from '../../src/activities/monitor-group-contract';
import { loadFingerprintDatabase } from '../../src/config/fingerprints';
import { compileFingerprints, type Observation } from '../../src/domain/fingerprints';

const fingerprints = compileFingerprints(loadFingerprintDatabase());

const nowhere = (domain: string): Observation => ({
  domain,
  observedAt: new Date().toISOString(),
  ns: { status: 'nxdomain' },
  soa: { status: 'nxdomain' },
  a: { status: 'nxdomain' },
  aaaa: { status: 'nxdomain' },
  cnameChain: [],
  http: [],
});

/** A prober that records when each observation started (ms, monotonic) and how many ran at once. */
function recordingProber(starts: number[], inFlight: { now: number; max: number }, fail?: string): Prober {
  return {
    async observe(domain) {
      starts.push(performance.now());
      inFlight.max = Math.max(inFlight.max, ++inFlight.now);
      await new Promise((r) => setTimeout(r, 5));
      inFlight.now--;
      if (domain === fail) throw new Error('socket hang up');
      return nowhere(domain);
    },
  };
}

/** At most `1000 / intervalMs` starts a second from `began` on: the k-th start is k intervals later or more. */
function expectSpaced(starts: number[], began: number, intervalMs: number): void {
  [...starts].sort((x, y) => x - y).forEach((t, k) => expect(t - began).toBeGreaterThanOrEqual(k * intervalMs));
}
const items = (n: number, provider: string, prefix = 'd'): ProbeItem[] =>
  Array.from({ length: n }, (_, i) => ({ d: `${prefix}${i}.example`, provider }));

function deps(over: Partial<ProbeBatchDeps> & Pick<ProbeBatchDeps, 'probers'>): ProbeBatchDeps {
  return { fingerprints, heartbeat: () => undefined, cancelled: () => false, ...over };
}

describe('probeDomains', () => {
  it('spaces starts per resolver, and per provider for third parties only', async () => {
    const a: number[] = [];
    const b: number[] = [];
    const flight = { now: 0, max: 0 };
    const probe = createProbeDomains(
      deps({
        probers: [
          { resolver: '10.0.0.1:53', prober: recordingProber(a, flight) },
          { resolver: '10.0.0.2:53', prober: recordingProber(b, flight) },
        ],
        limits: { concurrency: 16, perResolverPerSecond: 50, perProviderPerSecond: 0, jitterMs: 0 },
      }),
    );
    const began = performance.now();
    const { outcomes } = await probe({ items: items(40, 'ours') });
    expect(outcomes).toHaveLength(40);
    expect(a.length + b.length).toBe(40);
    expect(a.length).toBeGreaterThan(5);
    expect(b.length).toBeGreaterThan(5);
    // 50/s on each resolver: its k-th probe starts no earlier than k * 20 ms after the batch began.
    expectSpaced(a, began, 20);
    expectSpaced(b, began, 20);
    expect(flight.max).toBeLessThanOrEqual(16);

    // A provider's limit applies to domains served by a third party; ours and dark are not held back by it.
    const c: number[] = [];
    const byProvider = createProbeDomains(
      deps({
        probers: [{ resolver: 'r', prober: recordingProber(c, { now: 0, max: 0 }) }],
        limits: { concurrency: 16, perResolverPerSecond: 0, perProviderPerSecond: 40, jitterMs: 0 },
      }),
    );
    const provBegan = performance.now();
    await byProvider({ items: items(10, 'ddos-guard') });
    expectSpaced(c, provBegan, 25);
    const d: number[] = [];
    const free = createProbeDomains(
      deps({
        probers: [{ resolver: 'r', prober: recordingProber(d, { now: 0, max: 0 }) }],
        limits: { concurrency: 16, perResolverPerSecond: 0, perProviderPerSecond: 40, jitterMs: 0 },
      }),
    );
    await free({ items: [...items(8, 'dark'), ...items(8, 'ours', 'o')] });
    expect(d[d.length - 1]! - d[0]!).toBeLessThan(100);
  });

  it("never holds other probes behind a busy provider: exempt ones go at the resolver's pace", async () => {
    const starts = new Map<string, number>();
    const probe = createProbeDomains(
      deps({
        probers: [
          {
            resolver: 'r',
            prober: {
              observe(domain) {
                starts.set(domain, performance.now());
                return Promise.resolve(nowhere(domain));
              },
            },
          },
        ],
        limits: { concurrency: 64, perResolverPerSecond: 1000, perProviderPerSecond: 10, jitterMs: 0 },
      }),
    );
    // Interleaved: a provider allowed 10 starts a second, and domains that are dark (not rate-limited per provider).
    const busy = items(10, 'ddos-guard', 'busy');
    const dark = items(10, 'dark', 'quiet');
    const began = performance.now();
    await probe({ items: busy.flatMap((b, i) => [b, dark[i]!]) });
    const at = (list: ProbeItem[]) => list.map((i) => starts.get(i.d)! - began);
    // The busy provider is spaced 100 ms apart (900 ms for ten)...
    expectSpaced(at(busy), 0, 100);
    // ...and the dark domains did not wait for it (one reservation of both keys put them 100 ms apart too).
    expect(Math.max(...at(dark))).toBeLessThan(300);
  });

  it('keeps the probes in flight in the worker at the limit however many batches run at once', async () => {
    const flight = { now: 0, max: 0 };
    const probe = createProbeDomains(
      deps({
        probers: [{ resolver: 'r', prober: recordingProber([], flight) }],
        limits: { concurrency: 4, perResolverPerSecond: 0, perProviderPerSecond: 0, jitterMs: 0 },
      }),
    );
    const results = await Promise.all([1, 2, 3].map((b) => probe({ items: items(12, 'ours', `b${b}-`) })));
    expect(results.flatMap((r) => r.outcomes)).toHaveLength(36);
    expect(flight.max).toBe(4);
  });

  it('waits a bounded random jitter before each probe', async () => {
    const starts: number[] = [];
    const sleeps: number[] = [];
    const draws = [0, 0.5, 0.999, 0.25, 0.75];
    let i = 0;
    const probe = createProbeDomains(
      deps({
        probers: [{ resolver: 'r', prober: recordingProber(starts, { now: 0, max: 0 }) }],
        limits: { concurrency: 5, perResolverPerSecond: 0, perProviderPerSecond: 0, jitterMs: 200 },
        random: () => draws[i++ % draws.length]!,
        sleep: (ms) => (sleeps.push(ms), new Promise((r) => setTimeout(r, ms))),
      }),
    );
    const began = performance.now();
    await probe({ items: items(5, 'ours') });
    expect(sleeps.sort((x, y) => x - y)).toEqual([50, 100, 150, 199]);
    expect(Math.max(...starts) - began).toBeLessThan(200 + 100);
    expect(Math.max(...starts) - began).toBeGreaterThanOrEqual(198);
  });

  it('returns one outcome per item in order: verdicts, failures and names it can never observe', async () => {
    const beats: { done: number; total: number }[] = [];
    const probe = createProbeDomains(
      deps({
        probers: [{ resolver: 'r', prober: recordingProber([], { now: 0, max: 0 }, 'broken.example') }],
        limits: { jitterMs: 0 },
        schedule: { fastIntervalMs: 10_000 },
        heartbeat: (d) => beats.push(d),
      }),
    );
    const result = await probe({
      items: [
        { d: 'gone.example', provider: 'ours' },
        { d: 'not a name', provider: 'ours' },
        { d: 'broken.example', provider: 'ours' },
      ],
    });
    expect(result.schedule).toEqual({ fastIntervalMs: 10_000 });
    expect(result.outcomes[0]).toMatchObject({ d: 'gone.example', s: 'dark', p: null });
    expect(result.outcomes[1]).toMatchObject({
      d: 'not a name',
      invalid: true,
      err: expect.stringMatching(/not a domain/),
    });
    expect(result.outcomes[2]).toMatchObject({ d: 'broken.example', err: expect.stringMatching(/socket hang up/) });
    expect(beats.map((b) => b.done).sort()).toEqual([1, 2, 3]);
    expect(beats.every((b) => b.total === 3)).toBe(true);
  });

  it('keeps the evidence of domains seen away from where they are confirmed, and a failing store loses no verdict', async () => {
    const kept: CandidateEvidence[][] = [];
    const warnings: string[] = [];
    const run = (store: CandidateEvidenceStore) =>
      createProbeDomains(
        deps({
          probers: [{ resolver: 'r', prober: recordingProber([], { now: 0, max: 0 }, 'broken.example') }],
          limits: { jitterMs: 0 },
          evidence: store,
          warn: (message) => warnings.push(message),
        }),
      )({
        items: [
          { d: 'gone.example', provider: 'ours' }, // dark now, confirmed on our edge: a change in the making
          { d: 'still-dark.example', provider: 'dark' }, // where it is confirmed: nothing to keep
          { d: 'broken.example', provider: 'ours' }, // no verdict: nothing to keep
        ],
      });
    await run({
      keep: (rows) => {
        kept.push([...rows]);
        return Promise.resolve();
      },
    });
    expect(kept).toHaveLength(1);
    expect(kept[0]!.map((r) => [r.domain, r.placement, r.verdict.state])).toEqual([['gone.example', 'dark', 'dark']]);
    expect(kept[0]![0]!.observation).toMatchObject({ domain: 'gone.example', ns: { status: 'nxdomain' } });

    const result = await run({ keep: () => Promise.reject(new Error('connection refused')) });
    expect(result.outcomes[0]).toMatchObject({ d: 'gone.example', s: 'dark' });
    expect(warnings).toEqual(['could not keep the evidence of a probe batch']);
  });

  it('stops starting probes once cancelled', async () => {
    const starts: number[] = [];
    let cancelled = false;
    const probe = createProbeDomains(
      deps({
        probers: [{ resolver: 'r', prober: recordingProber(starts, { now: 0, max: 0 }) }],
        limits: { concurrency: 1, jitterMs: 0 },
        heartbeat: (d) => void (cancelled = d.done >= 3),
        cancelled: () => cancelled,
      }),
    );
    const { outcomes } = await probe({ items: items(10, 'ours') });
    expect(starts).toHaveLength(3);
    expect(outcomes.slice(3).every((o) => 'err' in o && o.err === 'cancelled')).toBe(true);
  });
});

describe('probe limits from the environment', () => {
  it('has defaults, reads each variable, and names a bad one', () => {
    expect(parseProbeLimits({})).toEqual(DEFAULT_PROBE_LIMITS);
    expect(parseProbeLimits({ TERMINUS_WATCH_RESOLVER_RATE: '0', TERMINUS_WATCH_PROBE_JITTER_MS: '' })).toEqual({
      ...DEFAULT_PROBE_LIMITS,
      perResolverPerSecond: 0,
    });
    expect(() => parseProbeLimits({ TERMINUS_WATCH_PROBE_CONCURRENCY: '0' })).toThrow(
      /TERMINUS_WATCH_PROBE_CONCURRENCY must be a whole number from 1 to 10000, got "0"/,
    );
    expect(() => parseProbeLimits({ TERMINUS_WATCH_PROVIDER_RATE: 'fast' })).toThrow(/TERMINUS_WATCH_PROVIDER_RATE/);
  });
});
