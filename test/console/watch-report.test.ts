// What the case page shows of a watch: the adapter from what a watch returns (today's `watchState` query and the
// `observeDomain` results in its history; a group watch's history page) to the console's report, and its rendering.
// The observations are classified by the real classifier over the real fingerprint database, the watch state is
// moved by the real confirmation rules, and the results travel through Temporal's payload converter as in history.
import { defaultPayloadConverter } from '@temporalio/common';
import { summarize } from '../../src/activities/monitor';
import { loadFingerprintDatabase } from '../../src/config/fingerprints';
import { observationsOfHistory } from '../../src/console/watch-reader';
import { fromDomainWatch, fromGroupWatch, fromHistoryPage } from '../../src/console/watch-report';
import { watchSection } from '../../src/console/watch-section';
import { toHtml } from '../../src/console/layout';
import { classify, compileFingerprints, type Observation } from '../../src/domain/fingerprints';
import { applyObservation, initialWatchState, type WatchState } from '../../src/domain/watch';
import { observation } from '../support/fixtures/observations';
import { newCase } from '../support/fixtures/case-fixtures';
import { buildCaseView } from '../../src/domain/case/case-view';

const fingerprints = compileFingerprints(loadFingerprintDatabase());
const CUTOFF = '2026-11-21T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(CUTOFF) + minutes * 60_000).toISOString();
/** When the watch stamps what it learnt from the observation taken at `minutes` (just after it). */
const stamped = (minutes: number) => new Date(Date.parse(at(minutes)) + 1000).toISOString();

/** One `observeDomain` result as the activity returns it, for an observation at `minutes` after the cutoff. */
function observed(minutes: number, spec: Parameters<typeof observation>[0]) {
  const o: Observation = observation({ domain: 'forum.example', ...spec }, { observedAt: at(minutes) });
  return { observation: summarize(o), verdict: classify(o, fingerprints) };
}

/** The watch after these results, moved by the real rules (each stamped a second after its observation). */
function watchAfter(results: ReturnType<typeof observed>[]): WatchState & { runs: number } {
  let state = initialWatchState(CUTOFF);
  for (const r of results) {
    const stamp = new Date(Date.parse(r.observation.observedAt) + 1000).toISOString();
    const { verdict: v } = r;
    state = applyObservation(
      state,
      { state: v.state, provider: v.provider, confidence: v.confidence, at: stamp },
      'forum.example',
    ).state;
  }
  return { ...state, runs: 1 };
}

/** A run's history as Temporal keeps it: observeDomain and a staff alert scheduled and completed, payloads encoded. */
function history(results: unknown[], continuedFrom?: string) {
  const events: object[] = [
    { eventId: 1, workflowExecutionStartedEventAttributes: { continuedExecutionRunId: continuedFrom ?? '' } },
  ];
  let id = 2;
  for (const r of results) {
    const scheduled = id++;
    events.push({
      eventId: scheduled,
      activityTaskScheduledEventAttributes: { activityType: { name: 'observeDomain' } },
    });
    events.push({
      eventId: id++,
      activityTaskCompletedEventAttributes: {
        scheduledEventId: scheduled,
        result: { payloads: [defaultPayloadConverter.toPayload(r)] },
      },
    });
    const alert = id++;
    events.push({ eventId: alert, activityTaskScheduledEventAttributes: { activityType: { name: 'sendStaffAlert' } } });
    events.push({
      eventId: id++,
      activityTaskCompletedEventAttributes: {
        scheduledEventId: alert,
        result: { payloads: [defaultPayloadConverter.toPayload({ sent: true })] },
      },
    });
  }
  return events;
}

const decode = (p: Parameters<typeof defaultPayloadConverter.fromPayload>[0]) => defaultPayloadConverter.fromPayload(p);
const NJALLA = { ns: ['1-you.njalla.no', '2-can.njalla.in'] };
const DARK = { ns: [], a: [] };

describe('the watch report of a domainWatch', () => {
  const results = [
    observed(5, DARK),
    observed(10, DARK),
    observed(15, DARK),
    observed(20, NJALLA),
    observed(25, NJALLA),
    observed(30, NJALLA),
  ];

  it('reads the observation results from history (other activities ignored) and the run it continued from', () => {
    const run = observationsOfHistory(history(results, 'run-before'), decode);
    expect(run.results).toHaveLength(6);
    expect(run.continuedFrom).toBe('run-before');
    expect(observationsOfHistory(history(results) as never, decode).continuedFrom).toBeUndefined();
  });

  it('gives each confirmed change the verdict that confirmed it, with the matched signals and what was seen', () => {
    const report = fromDomainWatch('forum.example', 'watch-forum.example', watchAfter(results), results);
    expect(report.current).toEqual({ state: 'elsewhere', provider: 'njalla', since: stamped(20) });
    expect(report.observations).toBe(6);
    expect(report.history.map((h) => [h.state, h.verdict?.observedAt])).toEqual([
      ['dark', at(15)],
      ['njalla', at(30)],
    ]);
    const njalla = report.history[1]!.verdict!;
    expect(njalla.evidence).toContainEqual(
      expect.objectContaining({
        provider: 'njalla',
        signal: 'nameserver',
        observed: '1-you.njalla.no',
        matched: '*.njalla.no',
      }),
    );
    expect(njalla.seen).toContainEqual({ label: 'nameservers', value: '1-you.njalla.no, 2-can.njalla.in' });
    expect(report.latest?.observedAt).toBe(at(30));
  });

  it('shows a change without evidence when its observation is gone, and says so for a shape it does not know', () => {
    const report = fromDomainWatch('forum.example', 'w', watchAfter(results), results.slice(3));
    expect(report.history[0]!.verdict).toBeUndefined();
    expect(report.history[1]!.verdict?.provider).toBe('njalla');
    expect(fromDomainWatch('forum.example', 'w', { something: 'else' }, []).problem).toMatch(/shape/);
  });

  it('renders per domain the changes, the evidence behind each verdict, escaped', () => {
    const hostile = observed(40, { ...NJALLA, headers: { server: '<script>alert(1)</script>' } });
    const report = fromDomainWatch('forum.example', 'w', watchAfter(results), [...results, hostile]);
    const view = buildCaseView(newCase(), Date.parse(CUTOFF));
    view.watches = [{ domain: 'forum.example', workflowId: 'w', startedAt: CUTOFF }];
    const page = toHtml(watchSection(view, Date.parse(at(60)), [report]));
    expect(page).toContain('Evidence behind this verdict');
    expect(page).toContain('<code>*.njalla.no</code>');
    expect(page).toContain('server: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
  });
});

describe('the watch report of a group watch history page', () => {
  it("maps the domain's entries and the verdicts stored with them", () => {
    const r = observed(30, NJALLA);
    const report = fromHistoryPage('forum.example', 'watch-group-1', {
      entries: [
        { domain: 'forum.example', state: 'dark', provider: null, confidence: 0.9, at: at(15) },
        { domain: 'other.example', state: 'dark', provider: null, confidence: 0.9, at: at(16) },
        { domain: 'forum.example', state: 'njalla', provider: 'njalla', confidence: 0.9, at: at(31), ...r },
      ],
    });
    expect(report?.history).toHaveLength(2);
    expect(report?.current).toEqual({ state: 'njalla', provider: 'njalla', since: at(31) });
    expect(report?.history[1]?.verdict?.evidence[0]?.provider).toBe('njalla');
    expect(report?.history[0]?.verdict).toBeUndefined();
    expect(fromHistoryPage('forum.example', 'w', { nope: true })).toBeUndefined();
    expect(fromHistoryPage('forum.example', 'w', { entries: [] })).toBeUndefined();
  });
});

describe('the watch report of a group watch', () => {
  it("takes where the domain is now from the group's page entry, the changes from its rows, and says what it lacks", () => {
    const entry = {
      domain: 'forum.example',
      current: 'njalla',
      since: at(31),
      pending: { state: 'dark', count: 1 },
      changes: 2,
      nextProbeAt: at(40),
    };
    const rows = {
      entries: [
        { domain: 'forum.example', state: 'dark', provider: null, confidence: 0.9, at: at(15) },
        { domain: 'forum.example', state: 'njalla', provider: 'njalla', confidence: 0.8, at: at(31) },
      ],
    };
    const report = fromGroupWatch('forum.example', 'watch-group-1', entry, rows);
    expect(report).toMatchObject({
      current: { state: 'njalla', provider: 'njalla', since: at(31) },
      pending: { state: 'dark', provider: null, count: 1 },
      note: expect.stringMatching(/not the signals behind it/),
    });
    expect(report?.history.map((h) => h.state)).toEqual(['dark', 'njalla']);
    // No change recorded yet: still where it is now.
    expect(
      fromGroupWatch('forum.example', 'g', { ...entry, current: 'ours', pending: null }, { entries: [] })?.current,
    ).toEqual({
      state: 'ours',
      provider: 'ours',
      since: at(31),
    });
    expect(fromGroupWatch('forum.example', 'g', undefined, { entries: [] })).toBeUndefined();
  });
});
