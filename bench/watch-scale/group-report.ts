import { latenessQuantileMs } from '../../src/domain/watch';
import { downsample } from '../lib/proc-sampler';
import type { Figure } from '../lib/types';
import type { WatchGroupsMeasurement } from './run-watch-groups';

/**
 * Turns the group benchmark's measurement into the figures issue 18 sets targets for (memory, probe lateness,
 * workflow-task waits, missed probes), plus the numbers and sentences a reader needs to trust them.
 */

const RSS_TARGET_MIB = 1024;
const LATENESS_TARGET_S = 60;
const SCHEDULE_TO_START_TARGET_MS = 1000;
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The figures of one run. */
export function watchGroupsFigures(m: WatchGroupsMeasurement): Figure[] {
  const g = m.options.groups;
  const rss = m.processes.worker?.peakRssMiB ?? null;
  const s = m.reading.stats;
  const p99 = latenessQuantileMs(s, 0.99);
  const p99s = p99 === null ? null : Number.isFinite(p99) ? p99 / 1000 : null;
  const sts = m.workerLatencies.workflowTaskScheduleToStart?.p99 ?? null;
  const missed = s.missed + m.reading.overdue;
  const rate = m.windowSeconds > 0 ? round1(s.probes / m.windowSeconds) : null;
  return [
    {
      key: 'watchedDomains',
      label: 'Domains watched in group watches on one worker',
      value: m.domains,
      unit: 'domains',
      target: `${g.cases * g.groupSize}`,
      met: m.domains === g.cases * g.groupSize && m.reading.groupsRead === m.groups,
      note: `${m.groups} groups (one per case) of ${g.groupSize}; all ${m.reading.groupsRead} answered their queries at the end`,
    },
    {
      key: 'groupWorkerRssMiB',
      label: 'Worker resident memory, peak',
      value: rss,
      unit: 'MiB',
      target: `<= ${RSS_TARGET_MIB} MiB`,
      met: rss === null ? null : rss <= RSS_TARGET_MIB,
      note: `node ${m.options.workerNodeOptions.join(' ') || '(no flags)'}; kernel high-water mark and 1 s samples`,
    },
    {
      key: 'probeLatenessP99S',
      label: 'Probe lateness against schedule, p99',
      value: p99s,
      unit: 's',
      target: `<= ${LATENESS_TARGET_S} s`,
      met: p99 === null ? null : p99 <= LATENESS_TARGET_S * 1000,
      note: `upper bound of the groups' lateness bucket (1, 5, 15, 30, 60, 120, 300, 900 s); max ${round1(s.maxLatenessMs / 1000)} s over ${s.probes} probes, including the probe's own jitter (up to 1 s)`,
    },
    {
      key: 'groupWorkflowTaskScheduleToStartP99Ms',
      label: 'Workflow task schedule-to-start, p99 (worker metrics)',
      value: sts,
      unit: 'ms',
      target: `<= ${SCHEDULE_TO_START_TARGET_MS} ms`,
      met: sts === null ? null : sts <= SCHEDULE_TO_START_TARGET_MS,
      note: `upper bound of the SDK's histogram bucket; p50 <= ${m.workerLatencies.workflowTaskScheduleToStart?.p50 ?? 'n/a'} ms; ${m.workflowTasksFailed} workflow task failures`,
    },
    {
      key: 'missedProbes',
      label: 'Missed probes',
      value: missed,
      unit: 'probes',
      target: '0',
      met: missed === 0,
      note: `${s.missed} rounds skipped (a domain more than a whole interval late) and ${m.reading.overdue} domains more than ${LATENESS_TARGET_S} s overdue at the end; ${s.probes} probes taken, ${m.probesDue} due by then; ${s.failed} probes could not tell (unknown)`,
    },
    {
      key: 'groupProbesPerSecond',
      label: 'Probes per second (mean from the first cutoff to the end)',
      value: rate,
      unit: 'probes/s',
      note: `the schedule asks for ${round1(m.domains / (g.intervalMs / 1000))}/s (every domain every ${g.intervalMs / 1000} s); ${m.batchesCompleted} probeDomains batches, ${m.batchesFailed} failed`,
    },
    {
      key: 'groupMaxRunEvents',
      label: 'Longest group run history',
      value: m.history.maxEvents,
      unit: 'events',
      target: '< 4096',
      met: m.history.maxEvents < 4096,
      note: `${round1(m.history.maxBytes / 1024)} KiB at most; up to ${m.reading.maxRuns} runs per group (continue-as-new at 2,000 events or 4 MiB)`,
    },
  ];
}

/** Sentences for the results file. */
export function watchGroupsNotes(m: WatchGroupsMeasurement): string[] {
  const g = m.options.groups;
  const dns = m.internet.dns;
  const l = m.workerLatencies;
  const fmt = (x: { p50: number | null; p99: number | null } | undefined): string =>
    x ? `p50 <= ${x.p50 ?? 'top bucket'} / p99 <= ${x.p99 ?? 'top bucket'} ms` : 'n/a';
  return [
    `${m.groups} group watches of ${g.groupSize} domains, cutoffs spread over the first ${g.intervalMs / 1000} s, ${g.startAt === 'cutoff' ? 'each group started at its cutoff (as a case starts its groups once it has revoked)' : 'every group started at once before the first cutoff (a burst of first workflow tasks)'}, every domain probed every ${g.intervalMs / 1000} s (the fast-phase interval set through the groups' settings) for ${g.rounds} rounds after its first probe; ${round1(m.windowSeconds)} s from the first cutoff to the reading.`,
    `Load average ${m.loadAverageStart.join(' / ')} at the start and ${m.loadAverageEnd.join(' / ')} at the end (2 cores shared with other sessions); CPU over the window: worker ${m.cpuSeconds.worker} s, Temporal dev server ${m.cpuSeconds.temporalServer} s.`,
    `Worker metrics over the window (upper bounds of the SDK's histogram buckets): workflow task execution ${fmt(l.workflowTaskExecution)}, probeDomains execution ${fmt(l.probeBatchExecution)}, probeDomains schedule-to-start ${fmt(l.probeBatchScheduleToStart)}.`,
    `Probe limits: ${g.resolverRate} starts/s per resolver, ${g.probeConcurrency} in flight in the worker, 250 domains per batch, 4 batches per group at once.`,
    `Grouped alerts: ${m.reading.changesConfirmed} changes confirmed, ${m.reading.alertsSent} staff alerts sent (${m.mailSent} received by SMTP), one per provider change per group instead of one per domain.`,
    `Sandbox internet: ${dns.lookups} DNS lookups (mean ${dns.lookups ? round1(dns.totalMs / dns.lookups) : 0} ms, max ${round1(dns.maxMs)} ms, ${dns.errors} errors), ${m.internet.http.lookups} HTTP requests; seeded in ${round1(m.seedMs / 1000)} s.`,
    `Clean-up: ${m.terminate.terminated} groups terminated in ${round1(m.terminate.durationMs / 1000)} s; ${m.terminate.stillRunning} left running.`,
  ];
}

/** The details kept in the JSON file (time series shortened). */
export function watchGroupsDetails(m: WatchGroupsMeasurement): Record<string, unknown> {
  return {
    placements: m.placements,
    seedSeconds: round1(m.seedMs / 1000),
    startSeconds: round1(m.startMs / 1000),
    windowSeconds: m.windowSeconds,
    reading: m.reading,
    probesDue: m.probesDue,
    workerLatencies: m.workerLatencies,
    history: m.history,
    processes: Object.fromEntries(
      Object.entries(m.processes).map(([k, p]) => [k, { ...p, series: downsample(p.series, 120) }]),
    ),
    internet: m.internet,
    mailSent: m.mailSent,
    terminate: m.terminate,
    timeline: downsample(m.timeline, 150),
  };
}
