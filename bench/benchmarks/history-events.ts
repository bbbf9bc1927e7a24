import type { Benchmark, Figure } from '../lib/types';
import {
  DEFAULT_HISTORY_EVENTS_OPTIONS,
  measureHistoryEvents,
  type HistoryEventsMeasurement,
  type HistoryEventsOptions,
} from '../support/history-events-run';
import { parseDuration, parseInteger, refuseUnknown } from '../support/options';

const KNOWN = [
  'cases',
  'family',
  'poll',
  'case-timeout',
  'watch-run',
  'watch-interval',
  'watch-timeout',
  'max-observations',
];
/** Every run of every workflow stays under this (DESIGN.md, "Temporal habits"). */
const HISTORY_LIMIT = 4096;

/** Reads `--cases 3 --family 3 --watch-run reuse|measure|skip --watch-interval 200ms --watch-timeout 5m`. */
export function parseHistoryEventsOptions(options: Record<string, string>): HistoryEventsOptions {
  refuseUnknown(options, KNOWN, 'history-events');
  const d = DEFAULT_HISTORY_EVENTS_OPTIONS;
  const watchRun = options['watch-run'] ?? d.watchRun;
  if (watchRun !== 'reuse' && watchRun !== 'measure' && watchRun !== 'skip') {
    throw new Error(`--watch-run: "${watchRun}" must be reuse, measure or skip`);
  }
  return {
    cases: options.cases ? parseInteger(options.cases, 'cases', 1, 100) : d.cases,
    family: options.family ? (parseInteger(options.family, 'family', 1, 3) as 1 | 2 | 3) : d.family,
    pollMs: options.poll ? parseDuration(options.poll, 'poll') : d.pollMs,
    caseTimeoutMs: options['case-timeout'] ? parseDuration(options['case-timeout'], 'case-timeout') : d.caseTimeoutMs,
    watchRun,
    watchIntervalMs: options['watch-interval']
      ? parseDuration(options['watch-interval'], 'watch-interval')
      : d.watchIntervalMs,
    watchTimeoutMs: options['watch-timeout']
      ? parseDuration(options['watch-timeout'], 'watch-timeout')
      : d.watchTimeoutMs,
    ...(options['max-observations']
      ? { maxObservationsPerRun: parseInteger(options['max-observations'], 'max-observations', 1) }
      : {}),
  };
}

const spread = (xs: number[]): string =>
  xs.length === 0 ? 'n/a' : Math.min(...xs) === Math.max(...xs) ? `${xs[0]}` : `${Math.min(...xs)}-${Math.max(...xs)}`;

/** The figures: events to monitoring, events of the closed case, events per watch run. */
export function historyEventsFigures(m: HistoryEventsMeasurement): Figure[] {
  const toMonitoring = m.cases.map((c) => c.toMonitoring).filter((x): x is number => x !== null);
  const closed = m.cases.map((c) => c.closed.events);
  const maxTo = toMonitoring.length ? Math.max(...toMonitoring) : null;
  const maxClosed = closed.length ? Math.max(...closed) : null;
  const watchEvents = m.cases.flatMap((c) => c.watches.map((w) => w.events));
  const w = m.watchRun;
  const watchValue = w.source === 'skipped' ? null : w.events;
  const watchNote =
    w.source === 'results'
      ? `from the watch-scale benchmark's results (${w.measuredAt}, commit ${w.commit.slice(0, 12)}): ${w.note}`
      : w.source === 'measured'
        ? `measured here: ${w.runLength.runs.map((r) => `${r.kind} ${r.events} events (${r.observations} observations, ${r.closedAs})`).join('; ')}; probe every ${w.runLength.intervalMs} ms, ${w.runLength.maxObservationsPerRun} observations per run`
        : 'not measured (--watch-run skip)';
  const family = m.options.family;
  return [
    {
      key: 'eventsPerCaseToMonitoring',
      label: 'History events per case, intake to the monitoring stage',
      value: maxTo,
      unit: 'events',
      target: `< ${HISTORY_LIMIT}`,
      met: maxTo === null ? null : maxTo < HISTORY_LIMIT,
      note: `${m.cases.length} cases of ${family} domain(s) x DNS + proxy: ${spread(toMonitoring)} (largest reported)`,
    },
    {
      key: 'eventsPerCaseClosed',
      label: 'History events per case, closed with monitoring ended at once',
      value: maxClosed,
      unit: 'events',
      target: `< ${HISTORY_LIMIT}`,
      met: maxClosed === null ? null : maxClosed < HISTORY_LIMIT,
      note: `${spread(closed)} in one run; each case's ${family} watch(es), stopped at close: ${spread(watchEvents)} events each`,
    },
    {
      key: 'eventsPerWatchRun',
      label: 'History events per complete watch run (until continue-as-new)',
      value: watchValue,
      unit: 'events',
      target: `< ${HISTORY_LIMIT}`,
      met: watchValue === null ? null : watchValue < HISTORY_LIMIT,
      note: watchNote,
    },
  ];
}

function historyEventsNotes(m: HistoryEventsMeasurement): string[] {
  const first = m.cases[0]?.closed;
  const notes: string[] = [];
  if (first) {
    const types = Object.entries(first.byType)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    notes.push(`Events of one closed case by type: ${types}.`);
    notes.push(
      `A case waits in monitoring on one timer and its conditions, and continues as new past 2,000 events; months of ` +
        `monitoring add the watches' provider-change signals to the case (a few events each), not probes.`,
    );
  }
  if (m.watchRun.source === 'measured' && m.watchRun.runLength.timedOut) {
    notes.push('The watch run-length phase timed out before every first run continued as new.');
  }
  return notes;
}

/** Issue 8, benchmark 4: history events per case (excluding monitoring) and per watch run. */
export const benchmark: Benchmark = {
  id: 'history-events',
  title: 'History events per case and per watch run',
  issueItem: '4',
  async run(ctx) {
    const options = parseHistoryEventsOptions(ctx.options);
    const startedAt = new Date().toISOString();
    const m = await measureHistoryEvents(options, ctx);
    return {
      id: 'history-events',
      title: this.title,
      startedAt,
      finishedAt: new Date().toISOString(),
      parameters: { ...options },
      figures: historyEventsFigures(m),
      details: {
        cases: m.cases.map((c) => ({
          caseId: c.caseId,
          toMonitoring: c.toMonitoring,
          closed: { ...c.closed, rounds: undefined },
          watches: c.watches.map((w) => ({ workflowId: w.workflowId, events: w.events, byType: w.byType })),
        })),
        watchRun: m.watchRun,
      },
      notes: historyEventsNotes(m),
    };
  },
};
