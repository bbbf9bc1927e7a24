import {
  applyObservation,
  DEFAULT_WATCH_SETTINGS,
  initialWatchState,
  nextProbeDelayMs,
  type ConfirmedChange,
  type WatchObservation,
  type WatchState,
} from '../../../src/domain/watch';

const CUTOFF = '2026-01-01T08:00:00.000Z';
const MIN = 60_000;
const at = (minutes: number) => new Date(Date.parse(CUTOFF) + minutes * MIN).toISOString();

const dark = { state: 'dark', provider: null, confidence: 1 } as const;
const unknown = { state: 'unknown', provider: null, confidence: 0 } as const;
const on = (provider: string) => ({ state: 'elsewhere', provider, confidence: 0.9 }) as const;

/** Feeds observations five minutes apart; returns the final state and every confirmed change. */
function run(
  observations: Omit<WatchObservation, 'at'>[],
  start: WatchState = initialWatchState(CUTOFF),
  settings = DEFAULT_WATCH_SETTINGS,
) {
  let state = start;
  const changes: ConfirmedChange[] = [];
  observations.forEach((o, i) => {
    const result = applyObservation(state, { ...o, at: at(5 * (i + 1)) }, 'example.org', settings);
    state = result.state;
    if (result.change) changes.push(result.change);
  });
  return { state, changes };
}

describe('watch state machine', () => {
  it('confirms a change only after N consistent observations', () => {
    const two = run([dark, dark]);
    expect(two.changes).toEqual([]);
    expect(two.state.pending?.count).toBe(2);
    const three = run([dark, dark, dark]);
    expect(three.changes).toEqual([
      { domain: 'example.org', state: 'dark', provider: null, confidence: 1, at: at(15) },
    ]);
    expect(three.state.current).toEqual({ state: 'dark', provider: null, since: at(5) });
    expect(three.state.changesConfirmed).toBe(1);
  });

  it('honours a configured confirmation count', () => {
    expect(run([dark], undefined, { ...DEFAULT_WATCH_SETTINGS, confirmations: 1 }).changes).toHaveLength(1);
    expect(
      run([dark, dark, dark, dark], undefined, { ...DEFAULT_WATCH_SETTINGS, confirmations: 5 }).changes,
    ).toHaveLength(0);
  });

  it('never produces an event from SERVFAILs and timeouts, and they do not reset a pending change', () => {
    const flapping = run([dark, dark, dark, unknown, unknown, unknown, unknown, unknown, dark, unknown]);
    expect(flapping.changes.map((c) => c.state)).toEqual(['dark']);
    expect(flapping.state.unknownObservations).toBe(6);
    const interleaved = run([on('ddos-guard'), unknown, on('ddos-guard'), unknown, on('ddos-guard')]);
    expect(interleaved.changes.map((c) => c.state)).toEqual(['ddos-guard']);
  });

  it('a different fact restarts the count (flapping between facts confirms nothing)', () => {
    const result = run([dark, on('cloudflare'), dark, on('cloudflare'), dark, on('cloudflare')]);
    expect(result.changes).toEqual([]);
    expect(result.state.current.state).toBe('ours');
  });

  it('a return to the confirmed placement drops the pending change', () => {
    const base = run([dark, dark, dark, on('njalla'), on('njalla'), dark, on('njalla'), on('njalla')]);
    expect(base.changes.map((c) => c.state)).toEqual(['dark']);
    expect(base.state.pending).toMatchObject({ count: 2 });
  });

  it('records the provider chain: dark, A, dark, B', () => {
    const result = run([
      dark,
      dark,
      dark,
      on('ddos-guard'),
      on('ddos-guard'),
      on('ddos-guard'),
      dark,
      dark,
      dark,
      on('njalla'),
      on('njalla'),
      on('njalla'),
    ]);
    expect(result.changes.map((c) => [c.state, c.provider])).toEqual([
      ['dark', null],
      ['ddos-guard', 'ddos-guard'],
      ['dark', null],
      ['njalla', 'njalla'],
    ]);
    expect(result.state.chain).toEqual(result.changes);
    expect(result.state.changesConfirmed).toBe(4);
  });

  it('a domain already elsewhere at the cutoff goes straight from ours to that provider', () => {
    const result = run([on('hetzner'), on('hetzner'), on('hetzner')]);
    expect(result.changes.map((c) => c.state)).toEqual(['hetzner']);
  });

  it('a served site matching nobody is elsewhere(unknown), distinct from a known provider', () => {
    const result = run([on('unknown'), on('unknown'), on('unknown'), on('ovh'), on('ovh'), on('ovh')]);
    expect(result.changes.map((c) => c.state)).toEqual(['unknown', 'ovh']);
  });

  it('keeps the chain bounded, with the first change and the newest ones', () => {
    const settings = { ...DEFAULT_WATCH_SETTINGS, confirmations: 1, maxChainLength: 4 };
    const result = run(['a', 'b', 'c', 'd', 'e', 'f'].map(on), undefined, settings);
    expect(result.state.chain.map((c) => c.state)).toEqual(['a', 'd', 'e', 'f']);
    expect(result.state.changesConfirmed).toBe(6);
  });
});

describe('adaptive probe interval', () => {
  const cutoffMs = Date.parse(CUTOFF);
  const state = initialWatchState(CUTOFF);
  it('is frequent after the cutoff, hourly for a week, then every 6 hours', () => {
    expect(nextProbeDelayMs(state, cutoffMs + 10 * MIN, cutoffMs)).toBe(5 * MIN);
    expect(nextProbeDelayMs(state, cutoffMs + 7 * 60 * MIN, cutoffMs)).toBe(60 * MIN);
    expect(nextProbeDelayMs(state, cutoffMs + 8 * 24 * 60 * MIN, cutoffMs)).toBe(6 * 60 * MIN);
  });

  it('is frequent again after a confirmed change and while a change awaits confirmation', () => {
    const later = cutoffMs + 30 * 24 * 60 * MIN;
    const changed = { ...state, lastChangeAt: new Date(later - 30 * MIN).toISOString() };
    expect(nextProbeDelayMs(changed, later, cutoffMs)).toBe(5 * MIN);
    const pending = {
      ...state,
      pending: { placement: { state: 'dark' as const, provider: null }, count: 1, firstSeenAt: CUTOFF, confidence: 1 },
    };
    expect(nextProbeDelayMs(pending, later, cutoffMs)).toBe(5 * MIN);
  });
});
