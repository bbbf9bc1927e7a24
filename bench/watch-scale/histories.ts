import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { mapConcurrent } from './watches';

/**
 * Reads workflow histories back from the server and counts what the benchmark's targets are about: events per
 * run (under 4,096), workflow task timeouts and failures (none), and how long tasks waited for the worker
 * (schedule-to-start: the worker keeping up or not). The server's timestamps, not the worker's, are used.
 */

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const ET = temporal.api.enums.v1.EventType;
const TT = temporal.api.enums.v1.TimeoutType;

/** What one run's history holds. */
export interface RunAnalysis {
  workflowId: string;
  runId: string;
  events: number;
  /** `continued_as_new`, `completed`, `terminated`, `running`, ... */
  closedAs: string;
  observations: number;
  observationsFailed: number;
  otherActivities: number;
  workflowTaskTimeouts: { startToClose: number; scheduleToStart: number };
  /** Each workflow task timeout: when the server recorded it (epoch ms) and which timeout it was. */
  workflowTaskTimeoutsAt: { at: number; kind: 'startToClose' | 'scheduleToStart' }[];
  workflowTaskFailures: number;
  /** ms between a task being scheduled and a worker starting it. */
  workflowTaskScheduleToStartMs: number[];
  observeScheduleToStartMs: number[];
}

const ms = (t: HistoryEvent['eventTime']): number =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;

const CLOSED: Record<number, string> = {
  [ET.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW]: 'continued_as_new',
  [ET.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED]: 'completed',
  [ET.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED]: 'failed',
  [ET.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED]: 'terminated',
  [ET.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT]: 'timed_out',
  [ET.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED]: 'canceled',
};

/** Analyses one run's events. */
export function analyzeRun(workflowId: string, runId: string, events: HistoryEvent[]): RunAnalysis {
  const a: RunAnalysis = {
    workflowId,
    runId,
    events: events.length,
    closedAs: CLOSED[events[events.length - 1]?.eventType ?? 0] ?? 'running',
    observations: 0,
    observationsFailed: 0,
    otherActivities: 0,
    workflowTaskTimeouts: { startToClose: 0, scheduleToStart: 0 },
    workflowTaskTimeoutsAt: [],
    workflowTaskFailures: 0,
    workflowTaskScheduleToStartMs: [],
    observeScheduleToStartMs: [],
  };
  const scheduledAt = new Map<number, { at: number; observe: boolean }>();
  for (const e of events) {
    const id = Number(e.eventId ?? 0);
    switch (e.eventType) {
      case ET.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        scheduledAt.set(id, { at: ms(e.eventTime), observe: false });
        break;
      case ET.EVENT_TYPE_WORKFLOW_TASK_STARTED: {
        const s = scheduledAt.get(Number(e.workflowTaskStartedEventAttributes?.scheduledEventId ?? 0));
        if (s) a.workflowTaskScheduleToStartMs.push(ms(e.eventTime) - s.at);
        break;
      }
      case ET.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT: {
        const kind =
          e.workflowTaskTimedOutEventAttributes?.timeoutType === TT.TIMEOUT_TYPE_SCHEDULE_TO_START
            ? 'scheduleToStart'
            : 'startToClose';
        a.workflowTaskTimeoutsAt.push({ at: ms(e.eventTime), kind });
        a.workflowTaskTimeouts[kind]++;
        break;
      }
      case ET.EVENT_TYPE_WORKFLOW_TASK_FAILED:
        a.workflowTaskFailures++;
        break;
      case ET.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const observe = e.activityTaskScheduledEventAttributes?.activityType?.name === 'observeDomain';
        scheduledAt.set(id, { at: ms(e.eventTime), observe });
        if (observe) a.observations++;
        else a.otherActivities++;
        break;
      }
      case ET.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const s = scheduledAt.get(Number(e.activityTaskStartedEventAttributes?.scheduledEventId ?? 0));
        if (s?.observe) a.observeScheduleToStartMs.push(ms(e.eventTime) - s.at);
        break;
      }
      case ET.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      case ET.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
        const attrs = e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes;
        if (scheduledAt.get(Number(attrs?.scheduledEventId ?? 0))?.observe) a.observationsFailed++;
        break;
      }
    }
  }
  return a;
}

/** Fetches and analyses every run of each workflow (the current one, then back along continue-as-new). */
export async function scanWorkflows(
  client: Client,
  workflowIds: readonly string[],
  concurrency = 16,
): Promise<RunAnalysis[]> {
  const perWorkflow = await mapConcurrent(workflowIds, concurrency, async (workflowId) => {
    const runs: RunAnalysis[] = [];
    let runId: string | undefined;
    for (let guard = 0; guard < 1000; guard++) {
      const handle = client.workflow.getHandle(workflowId, runId);
      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      // The started event names its own run (`originalExecutionRunId`), which saves a describe call per workflow.
      const actualRunId =
        runId ?? events[0]?.workflowExecutionStartedEventAttributes?.originalExecutionRunId ?? 'current';
      runs.push(analyzeRun(workflowId, actualRunId, events));
      const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!previous) break;
      runId = previous;
    }
    return runs;
  });
  return perWorkflow.flat();
}

/** Percentile (nearest rank) of a list of numbers; null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

/** Totals over many runs. */
export interface ScanSummary {
  runs: number;
  workflows: number;
  maxEvents: number;
  meanEvents: number;
  runsOver4096: number;
  /** Timeouts recorded up to the end of the measured window (all of them when no window end is given). */
  workflowTaskTimeouts: { startToClose: number; scheduleToStart: number };
  /**
   * Timeouts recorded after the window: the benchmark stops the worker there while watches still have tasks in
   * flight, so each of those times out once (10 s later). They come from the stop, not from the load.
   */
  workflowTaskTimeoutsAfterWindow: number;
  workflowTaskFailures: number;
  observations: number;
  observationsFailed: number;
  workflowTaskScheduleToStartMs: { p50: number | null; p99: number | null; max: number | null };
  observeScheduleToStartMs: { p50: number | null; p99: number | null; max: number | null };
}

/** Workflow task timeouts per minute since `fromMs` (`{ "0": 3, "4": 12 }`), to tell ramp-up from steady state. */
export function timeoutsByMinute(runs: RunAnalysis[], fromMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { at } of runs.flatMap((r) => r.workflowTaskTimeoutsAt)) {
    const minute = String(Math.max(0, Math.floor((at - fromMs) / 60_000)));
    out[minute] = (out[minute] ?? 0) + 1;
  }
  return out;
}

/** Summarises a scan; timeouts recorded after `windowEndMs` (server time) are counted apart. */
export function summarizeScan(runs: RunAnalysis[], windowEndMs = Infinity): ScanSummary {
  const wft = runs.flatMap((r) => r.workflowTaskScheduleToStartMs);
  const obs = runs.flatMap((r) => r.observeScheduleToStartMs);
  const sum = (f: (r: RunAnalysis) => number): number => runs.reduce((acc, r) => acc + f(r), 0);
  const dist = (v: number[]) => ({ p50: percentile(v, 50), p99: percentile(v, 99), max: percentile(v, 100) });
  const timeouts = runs.flatMap((r) => r.workflowTaskTimeoutsAt);
  const inWindow = timeouts.filter((t) => t.at <= windowEndMs);
  return {
    runs: runs.length,
    workflows: new Set(runs.map((r) => r.workflowId)).size,
    maxEvents: runs.reduce((m, r) => Math.max(m, r.events), 0),
    meanEvents: runs.length ? Math.round((sum((r) => r.events) / runs.length) * 10) / 10 : 0,
    runsOver4096: runs.filter((r) => r.events >= 4096).length,
    workflowTaskTimeouts: {
      startToClose: inWindow.filter((t) => t.kind === 'startToClose').length,
      scheduleToStart: inWindow.filter((t) => t.kind === 'scheduleToStart').length,
    },
    workflowTaskTimeoutsAfterWindow: timeouts.length - inWindow.length,
    workflowTaskFailures: sum((r) => r.workflowTaskFailures),
    observations: sum((r) => r.observations),
    observationsFailed: sum((r) => r.observationsFailed),
    workflowTaskScheduleToStartMs: dist(wft),
    observeScheduleToStartMs: dist(obs),
  };
}
