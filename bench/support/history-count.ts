import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/**
 * Reads workflow histories back from the server and counts what the benchmarks compare: events, activities,
 * timers, and how they were grouped into workflow tasks (activities scheduled by the same workflow task run in
 * parallel; the baseline copies that shape). Counts come from the server's history, never from the worker.
 */

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const ET = temporal.api.enums.v1.EventType;

/** Work scheduled by one workflow task: it runs concurrently. */
export interface WorkRound {
  activities: number;
  timers: number;
}

/** What one run (or a chain of runs) of a workflow did. */
export interface HistoryCount {
  workflowId: string;
  runs: number;
  events: number;
  /** Events by type name (`ACTIVITY_TASK_SCHEDULED`, ...). */
  byType: Record<string, number>;
  activities: number;
  /** Activities by activity type. */
  activityTypes: Record<string, number>;
  /** Activity attempts beyond the first (a transient failure retried; the history keeps only the last attempt). */
  activityRetries: number;
  timers: number;
  timersFired: number;
  timersCanceled: number;
  workflowTasks: number;
  updates: number;
  childWorkflows: number;
  /** Activities and timers per workflow task that scheduled any, in order. */
  rounds: WorkRound[];
  /** Events up to and including the one that set `TerminusStage` to `stage` (when asked and found). */
  eventsToStage?: number;
}

const typeName = (t: HistoryEvent['eventType']): string => (ET[t ?? 0] ?? String(t)).replace(/^EVENT_TYPE_/, '');

function stageOf(e: HistoryEvent): string | undefined {
  const payload = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TerminusStage;
  if (!payload?.data) return undefined;
  try {
    return JSON.parse(Buffer.from(payload.data).toString('utf8')) as string;
  } catch {
    return undefined;
  }
}

/** Counts one list of events (one run). */
export function countEvents(workflowId: string, events: HistoryEvent[], stage?: string): HistoryCount {
  const c: HistoryCount = {
    workflowId,
    runs: 1,
    events: events.length,
    byType: {},
    activities: 0,
    activityTypes: {},
    activityRetries: 0,
    timers: 0,
    timersFired: 0,
    timersCanceled: 0,
    workflowTasks: 0,
    updates: 0,
    childWorkflows: 0,
    rounds: [],
  };
  let round: WorkRound | undefined;
  events.forEach((e, i) => {
    const name = typeName(e.eventType);
    c.byType[name] = (c.byType[name] ?? 0) + 1;
    switch (e.eventType) {
      case ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        c.workflowTasks++;
        round = { activities: 0, timers: 0 };
        c.rounds.push(round);
        break;
      case ET.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        c.activities++;
        const type = e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
        c.activityTypes[type] = (c.activityTypes[type] ?? 0) + 1;
        if (round) round.activities++;
        break;
      }
      case ET.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        c.activityRetries += Math.max(0, (e.activityTaskStartedEventAttributes?.attempt ?? 1) - 1);
        break;
      case ET.EVENT_TYPE_TIMER_STARTED:
        c.timers++;
        if (round) round.timers++;
        break;
      case ET.EVENT_TYPE_TIMER_FIRED:
        c.timersFired++;
        break;
      case ET.EVENT_TYPE_TIMER_CANCELED:
        c.timersCanceled++;
        break;
      case ET.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        c.updates++;
        break;
      case ET.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        c.childWorkflows++;
        break;
      case ET.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        if (stage && c.eventsToStage === undefined && stageOf(e) === stage) c.eventsToStage = i + 1;
        break;
      default:
        break;
    }
  });
  c.rounds = c.rounds.filter((r) => r.activities + r.timers > 0);
  return c;
}

/** Adds run `b` to chain `a` (continue-as-new): totals add up, rounds follow on. */
function mergeCounts(a: HistoryCount, b: HistoryCount): HistoryCount {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    workflowId: a.workflowId,
    runs: a.runs + b.runs,
    events: a.events + b.events,
    byType: add(a.byType, b.byType),
    activities: a.activities + b.activities,
    activityTypes: add(a.activityTypes, b.activityTypes),
    activityRetries: a.activityRetries + b.activityRetries,
    timers: a.timers + b.timers,
    timersFired: a.timersFired + b.timersFired,
    timersCanceled: a.timersCanceled + b.timersCanceled,
    workflowTasks: a.workflowTasks + b.workflowTasks,
    updates: a.updates + b.updates,
    childWorkflows: a.childWorkflows + b.childWorkflows,
    rounds: [...a.rounds, ...b.rounds],
    ...(a.eventsToStage !== undefined
      ? { eventsToStage: a.eventsToStage }
      : b.eventsToStage !== undefined
        ? { eventsToStage: a.events + b.eventsToStage }
        : {}),
  };
}

/** Counts a workflow's whole chain of runs, from `firstRunId` through every continue-as-new. */
export async function countWorkflow(
  client: Client,
  workflowId: string,
  firstRunId?: string,
  stage?: string,
): Promise<HistoryCount> {
  let runId = firstRunId ?? (await client.workflow.getHandle(workflowId).describe()).runId;
  let total: HistoryCount | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const count = countEvents(workflowId, events, stage);
    total = total ? mergeCounts(total, count) : count;
    const next =
      events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    if (!next) break;
    runId = next;
  }
  return total!;
}
