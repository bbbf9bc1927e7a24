import {
  countProbe,
  DEFAULT_WATCH_SETTINGS,
  emptyProbeStats,
  groupChanges,
  initialGroupDomains,
  latenessQuantileMs,
  mergeProbeStats,
  observeGroupDomain,
  type GroupDomain,
  type WatchObservation,
} from '../../../src/domain/watch';

const MIN = 60_000;
const CUTOFF = '2026-12-01T00:00:00.000Z';
const cutoffMs = Date.parse(CUTOFF);
const at = (ms: number): string => new Date(cutoffMs + ms).toISOString();
const dark = (ms: number): WatchObservation => ({ state: 'dark', provider: null, confidence: 0.9, at: at(ms) });
const unknown = (ms: number): WatchObservation => ({ state: 'unknown', provider: null, confidence: 0, at: at(ms) });

function run(g: GroupDomain, observations: WatchObservation[]) {
  const changes = [];
  let missed = 0;
  for (const o of observations) {
    const r = observeGroupDomain(g, o, cutoffMs, DEFAULT_WATCH_SETTINGS);
    g = r.next;
    missed += r.missed;
    if (r.change) changes.push(r.change);
  }
  return { g, changes, missed };
}

describe('the group watch state of one domain', () => {
  const [start] = initialGroupDomains(['forum.example'], CUTOFF);

  it('starts on our edge, due at the cutoff', () => {
    expect(start).toEqual({ d: 'forum.example', cur: 'ours', since: CUTOFF, k: 0, due: cutoffMs });
  });

  it('confirms a change after three consistent observations, as the single watch does, and schedules on time', () => {
    const { g, changes, missed } = run(start!, [
      dark(0),
      dark(5 * MIN + 700),
      unknown(10 * MIN + 20_000),
      dark(15 * MIN),
    ]);
    expect(changes).toEqual([
      { domain: 'forum.example', state: 'dark', provider: null, confidence: 0.9, at: at(15 * MIN) },
    ]);
    expect(g).toMatchObject({ cur: 'dark', since: at(0), k: 1, last: at(15 * MIN) });
    expect(g.pend).toBeUndefined();
    // Due times follow the schedule (cutoff + n * 5 min), not the late probe times.
    expect(g.due).toBe(cutoffMs + 20 * MIN);
    expect(missed).toBe(0);
  });

  it('keeps what a run of observations is about to confirm, compactly', () => {
    const { g } = run(start!, [dark(0), dark(5 * MIN)]);
    expect(g.pend).toEqual({ key: 'dark', n: 2, at: at(0), conf: 0.9 });
    expect(JSON.stringify(g).length).toBeLessThan(200);
  });

  it('counts the rounds a domain fell behind as missed and reschedules from now', () => {
    const { g, missed } = run(start!, [dark(17 * MIN)]);
    expect(missed).toBe(3);
    expect(g.due).toBe(cutoffMs + 22 * MIN);
  });
});

describe('grouped changes and probe statistics', () => {
  it('groups changes by destination in first-seen order', () => {
    const c = (domain: string, state: string) => ({ domain, state, provider: state, confidence: 1, at: CUTOFF });
    const groups = groupChanges([c('a.example', 'ddos-guard'), c('b.example', 'dark'), c('c.example', 'ddos-guard')]);
    expect(groups.map((g) => [g.state, g.changes.map((x) => x.domain)])).toEqual([
      ['ddos-guard', ['a.example', 'c.example']],
      ['dark', ['b.example']],
    ]);
  });

  it('buckets lateness, reads quantiles and merges groups', () => {
    const a = emptyProbeStats();
    for (let i = 0; i < 98; i++) countProbe(a, 400, false, 0);
    countProbe(a, 20_000, true, 0);
    const b = emptyProbeStats();
    countProbe(b, 2_000_000, false, 2);
    const all = mergeProbeStats([a, b]);
    expect(all).toMatchObject({ probes: 100, failed: 1, missed: 2, maxLatenessMs: 2_000_000 });
    expect(latenessQuantileMs(all, 0.5)).toBe(1000);
    expect(latenessQuantileMs(all, 0.99)).toBe(30_000);
    expect(latenessQuantileMs(all, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(latenessQuantileMs(emptyProbeStats(), 0.99)).toBeNull();
  });
});
