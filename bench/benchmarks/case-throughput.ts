import type { Benchmark } from '../lib/types';
import {
  DEFAULT_THROUGHPUT_OPTIONS,
  measureCaseThroughput,
  type ThroughputOptions,
} from '../support/case-throughput-run';
import { throughputFigures, throughputNotes } from '../support/case-throughput-report';
import { percentile } from '../support/closed-loop';
import { parseDuration, parseInteger, refuseUnknown, WORKER_OPTION_KEYS, workerEnvFrom } from '../support/options';

const KNOWN = [
  'cases',
  'concurrency',
  'phases',
  'family',
  'poll',
  'via',
  'timer',
  'case-timeout',
  ...WORKER_OPTION_KEYS,
];

function via(text: string): 'service' | 'updates' {
  if (text !== 'service' && text !== 'updates') throw new Error(`--via: "${text}" must be service or updates`);
  return text;
}

/** Reads `--cases 100 --concurrency 25 --phases 2 --family 3 --poll 100ms --via service --timer 1ms --case-timeout 5m` and the
 * worker settings (`--max-cached-workflows`, `--max-activities`, `--max-workflow-tasks`). */
export function parseThroughputOptions(options: Record<string, string>): ThroughputOptions {
  refuseUnknown(options, KNOWN, 'case-throughput');
  const d = DEFAULT_THROUGHPUT_OPTIONS;
  const o: ThroughputOptions = {
    cases: options.cases ? parseInteger(options.cases, 'cases', 1) : d.cases,
    concurrency: options.concurrency ? parseInteger(options.concurrency, 'concurrency', 1, 500) : d.concurrency,
    phases: options.phases ? parseInteger(options.phases, 'phases', 1, 50) : d.phases,
    family: options.family ? (parseInteger(options.family, 'family', 1, 3) as 1 | 2 | 3) : d.family,
    pollMs: options.poll ? parseDuration(options.poll, 'poll') : d.pollMs,
    via: options.via ? via(options.via) : d.via,
    timerMs: options.timer ? Math.max(1, parseDuration(options.timer, 'timer')) : d.timerMs,
    caseTimeoutMs: options['case-timeout'] ? parseDuration(options['case-timeout'], 'case-timeout') : d.caseTimeoutMs,
    workerEnv: workerEnvFrom(options),
  };
  if (o.phases > o.cases) throw new Error(`--phases (${o.phases}) cannot exceed --cases (${o.cases})`);
  return o;
}

/**
 * Issue 8, benchmark 1: case throughput on the embedded stack against a bare baseline workflow doing the same
 * number of no-op activities and timers, same server, same run. Target: cases at least 0.8 of the baseline.
 */
export const benchmark: Benchmark = {
  id: 'case-throughput',
  title: 'Case throughput against a bare baseline (embedded stack)',
  issueItem: '1',
  async run(ctx) {
    const options = parseThroughputOptions(ctx.options);
    const startedAt = new Date().toISOString();
    const m = await measureCaseThroughput(options, ctx);
    const markP50 = Object.fromEntries(
      Object.keys(m.calibration.driven.marks).map((k) => [
        k,
        percentile(
          m.driven.map((d) => d.marks[k as keyof typeof d.marks]),
          50,
        ),
      ]),
    );
    return {
      id: 'case-throughput',
      title: this.title,
      startedAt,
      finishedAt: new Date().toISOString(),
      parameters: { ...options, workerSettings: m.options.workerEnv, stackStartSeconds: m.stackStartMs / 1000 },
      figures: throughputFigures(m),
      details: {
        calibrationCase: { ...m.calibration.caseHistory, marks: m.calibration.driven.marks },
        calibrationWatches: m.calibration.watchHistories,
        baseline: m.baseline,
        phases: m.phases.map((p) => ({
          kind: p.kind,
          items: p.items,
          ok: p.loop.ok,
          failed: p.loop.failed,
          elapsedMs: p.loop.elapsedMs,
          p50Ms: percentile(p.loop.latenciesMs, 50),
          cpu: p.cpu,
          loadAverageAfter: p.loadAverage,
          errors: p.loop.errors,
        })),
        caseStepMarksP50Ms: markP50,
        stagePollsPerCase: percentile(
          m.driven.map((d) => d.polls),
          50,
        ),
        measuredShape: m.measuredShape,
      },
      notes: throughputNotes(m),
    };
  },
};
