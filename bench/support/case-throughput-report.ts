import type { Figure } from '../lib/types';
import type { ThroughputMeasurement } from './case-throughput-run';
import { percentile } from './closed-loop';

/**
 * Figures and notes of the case-throughput benchmark: the ratio with its target and gap, both rates, and what
 * a reader needs to trust them (what a case did, how the baseline copies it, CPU per item, the machine's load).
 */

/** The issue's target: cases at least 0.8 of the baseline's rate. */
export const RATIO_TARGET = 0.8;

const r1 = (x: number): number => Math.round(x * 10) / 10;
const range = (xs: number[]): string => (xs.length ? `${Math.min(...xs)}-${Math.max(...xs)}` : 'n/a');

/** Baseline CPU per item over case CPU per item, or 'n/a'. */
function cpuRatio(m: ThroughputMeasurement): number | string {
  return m.cases.cpuSecondsPerItem > 0
    ? Math.round((m.baselines.cpuSecondsPerItem / m.cases.cpuSecondsPerItem) * 1000) / 1000
    : 'n/a';
}

/** The figures of one run. */
export function throughputFigures(m: ThroughputMeasurement): Figure[] {
  const ratio = m.ratio;
  const failed = m.cases.failed + m.baselines.failed;
  return [
    {
      key: 'caseToBaselineRatio',
      label: 'Case throughput over baseline throughput (same server, same run)',
      value: ratio,
      unit: 'x',
      target: `>= ${RATIO_TARGET}`,
      met: ratio === null || failed > 0 ? null : ratio >= RATIO_TARGET,
      note:
        ratio === null
          ? 'no baseline completed'
          : ratio >= RATIO_TARGET
            ? `${r1((ratio / RATIO_TARGET - 1) * 100)}% above the target`
            : `${r1((1 - ratio / RATIO_TARGET) * 100)}% below the target (gap ${Math.round((RATIO_TARGET - ratio) * 1000) / 1000})`,
    },
    {
      key: 'casesPerMinute',
      label: 'Cases per minute (intake to closed record, watches ended)',
      value: m.cases.perMinute,
      unit: 'cases/min',
      note: `${m.cases.ok} cases${m.cases.failed ? `, ${m.cases.failed} FAILED` : ''}, ${m.options.concurrency} in flight; latency p50 ${percentile(m.cases.latenciesMs, 50)} ms, p99 ${percentile(m.cases.latenciesMs, 99)} ms`,
    },
    {
      key: 'baselinesPerMinute',
      label: 'Baseline workflows per minute (same activities and timers, no-op)',
      value: m.baselines.perMinute,
      unit: 'workflows/min',
      note: `${m.baselines.ok} baselines${m.baselines.failed ? `, ${m.baselines.failed} FAILED` : ''}; latency p50 ${percentile(m.baselines.latenciesMs, 50)} ms, p99 ${percentile(m.baselines.latenciesMs, 99)} ms`,
    },
    {
      key: 'cpuSecondsPerCase',
      label: 'CPU per case (stack process + Temporal server)',
      value: m.cases.cpuSecondsPerItem,
      unit: 's',
      note:
        `stack process ${m.cases.cpuSplitPerItem.stack} s + Temporal server ${m.cases.cpuSplitPerItem.server} s; baseline ` +
        `${m.baselines.cpuSecondsPerItem} s per workflow (${m.baselines.cpuSplitPerItem.stack} + ${m.baselines.cpuSplitPerItem.server}); ` +
        `baseline CPU over case CPU ${cpuRatio(m)} (the rate ratio a CPU-bound machine would show; less sensitive to other load)`,
    },
  ];
}

/** Sentences qualifying the figures. */
export function throughputNotes(m: ThroughputMeasurement): string[] {
  const c = m.calibration.caseHistory;
  const w = m.calibration.watchHistories;
  const acts = Object.entries(c.activityTypes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const notes = [
    `One case (read back from its history): ${c.events} events, ${c.workflowTasks} workflow tasks, ${c.activities} activities (${acts}), ` +
      `${c.timers} timers (${c.timersCanceled} cancelled by a decision, ${c.timersFired} fired), ${c.updates} updates, ` +
      `${c.childWorkflows} child watches (${w.reduce((n, x) => n + x.activities, 0)} activities and ${w.reduce((n, x) => n + x.timers, 0)} timers between them).`,
    `The baseline workflow does the same ${m.baseline.activities} no-op activities and ${m.baseline.timers} timers of ${m.baseline.timerMs} ms in ` +
      `${m.baseline.rounds.length} rounds (the case's workflow tasks, then its watches'), with no updates, queries, search attributes or ` +
      `child workflows; its worker is built by the same createTerminusWorker with the same settings, in the same process, on the same server. ` +
      `Its timers fire (the server's timer queue adds latency to each), where the case's are deadlines cancelled by progress: that ` +
      `favours the case when the rates are bound by latency rather than CPU.`,
    `Measured cases, from their histories: activities ${range(m.measuredShape.activities)} (watches included), timers ${range(m.measuredShape.timers)}, ` +
      `case events ${range(m.measuredShape.events)}: the monitoring timer exists only when the end-monitoring decision arrives after the case starts waiting.`,
    (m.options.via === 'service'
      ? `Human steps by four distinct principals through the service layer of the HTTP API (case read + rule check + workflow update + validator); `
      : `Human steps by four distinct principals as bare workflow updates (validators only; the API's service layer bypassed); `) +
      `the principals read the stage every ${m.options.pollMs} ms while the case works alone (observation, notice, revocation). ` +
      `Policy ${'bench/fixtures/policy-zero-notice.json'} (minimum notice PT0S, real loader): the cutoff is the moment the notice is accepted by MailDev.`,
    `Phases in ABBA order (${m.phases.map((p) => `${p.kind} ${p.loop.ok}/${p.items} ${r1(p.loop.elapsedMs / 1000)} s`).join(', ')}); ` +
      `CPU taken by other processes during the phases: ${m.phases.map((p) => p.cpu.othersSeconds ?? '?').join(' / ')} s.`,
    `Load average ${m.loadAverage.start.join(' / ')} at the start, ${m.loadAverage.end.join(' / ')} at the end (2 cores shared with other work); ` +
      `the ratio comes from one run on one server, the absolute rates depend on the load.`,
  ];
  const busy = m.phases.filter((p) => (p.cpu.othersSeconds ?? 0) > 0.25 * p.cpu.wallSeconds);
  if (busy.length) {
    notes.push(
      `Other processes took more than a quarter of a core during ${busy.map((p) => `the ${p.kind} phase of ${p.cpu.wallSeconds} s (${p.cpu.othersSeconds} s)`).join(', ')}: ` +
        `the rate ratio of this run is distorted by that; the CPU per item is not.`,
    );
  }
  const retries = m.measuredShape.activityRetries.reduce((n, x) => n + x, 0);
  notes.push(
    retries
      ? `${retries} activity attempts were retries (a transient failure) across the measured cases; the cases still completed.`
      : 'No activity was retried in the measured cases (histories read back).',
  );
  const errors = m.phases.flatMap((p) => p.loop.errors);
  if (errors.length) notes.push(`Failures: ${errors.slice(0, 3).join(' | ')}`);
  return notes;
}
