import type { Client } from '@temporalio/client';
import { emptyProbeStats, mergeProbeStats, type GroupProbeStats } from '../../src/domain/watch';
import { watchGroupWorkflowId } from '../../src/workflows/watch/messages';
import {
  watchGroupPageQuery,
  watchGroupStatsQuery,
  type WatchGroupRunInput,
  type WatchGroupSettings,
} from '../../src/workflows/watch/watch-group';
import { mapConcurrent } from './watches';

/**
 * Starting, reading and ending the benchmark's group watches from outside, as the case workflow starts them (same
 * workflow type, ID scheme and input): one group per case of `groupSize` domains, cutoffs spread over the first
 * interval so the rounds arrive at a steady rate.
 */

/** A started group: its ID, cutoff and domains. */
export interface BenchGroup {
  workflowId: string;
  cutoffMs: number;
  domains: string[];
}

/** What to start. */
export interface StartGroupsInput {
  client: Client;
  taskQueue: string;
  domains: readonly string[];
  groupSize: number;
  firstCutoffMs: number;
  cutoffSpreadMs: number;
  followUpDays: number;
  settings: Partial<WatchGroupSettings>;
  concurrency: number;
}

/** Starts the groups; a failed start throws (the figures would not mean anything without every group). */
export async function startGroups(input: StartGroupsInput): Promise<{ groups: BenchGroup[]; durationMs: number }> {
  const began = Date.now();
  const count = Math.ceil(input.domains.length / input.groupSize);
  const groups: BenchGroup[] = Array.from({ length: count }, (_, i) => ({
    workflowId: watchGroupWorkflowId(`case-bench-${i}`, 1),
    cutoffMs: input.firstCutoffMs + Math.floor((i * input.cutoffSpreadMs) / count),
    domains: input.domains.slice(i * input.groupSize, (i + 1) * input.groupSize),
  }));
  await mapConcurrent(groups, input.concurrency, async (g, i) => {
    const args: WatchGroupRunInput = {
      caseId: `case-bench-${i}`,
      domains: g.domains,
      cutoffAt: new Date(g.cutoffMs).toISOString(),
      followUpUntil: new Date(g.cutoffMs + input.followUpDays * 86_400_000).toISOString(),
      settings: input.settings,
    };
    await input.client.workflow.start('watchGroup', {
      taskQueue: input.taskQueue,
      workflowId: g.workflowId,
      args: [args],
    });
  });
  return { groups, durationMs: Date.now() - began };
}

/** Every group's counters, merged: probes, lateness against schedule, rounds missed, alerts and runs. */
export interface GroupsReading {
  stats: GroupProbeStats;
  changesConfirmed: number;
  alertsSent: number;
  maxRuns: number;
  /** Domains whose next probe was due more than `overdueAfterMs` before the reading (a probe not taken). */
  overdue: number;
  groupsRead: number;
}

/** Queries every group (stats and every page of domains) at one moment. */
export async function readGroups(
  client: Client,
  groups: readonly BenchGroup[],
  overdueAfterMs: number,
  concurrency = 8,
): Promise<GroupsReading> {
  const at = Date.now();
  const all: GroupProbeStats[] = [];
  let changesConfirmed = 0;
  let alertsSent = 0;
  let maxRuns = 0;
  let overdue = 0;
  let groupsRead = 0;
  await mapConcurrent(groups, concurrency, async (g) => {
    const handle = client.workflow.getHandle(g.workflowId);
    const s = await handle.query(watchGroupStatsQuery);
    all.push(s.stats);
    changesConfirmed += s.changesConfirmed;
    alertsSent += s.alertsSent;
    maxRuns = Math.max(maxRuns, s.runs);
    for (let offset = 0; offset < s.domains; offset += 200) {
      const page = await handle.query(watchGroupPageQuery, { offset, limit: 200 });
      overdue += page.domains.filter((d) => Date.parse(d.nextProbeAt) < at - overdueAfterMs).length;
    }
    groupsRead++;
  });
  const stats = all.length ? mergeProbeStats(all) : emptyProbeStats();
  return { stats, changesConfirmed, alertsSent, maxRuns, overdue, groupsRead };
}

/** Probes each group should have taken by `atMs`: one at the cutoff and one per whole interval since. */
export function probesDue(groups: readonly BenchGroup[], atMs: number, intervalMs: number): number {
  return groups.reduce(
    (sum, g) => sum + (atMs < g.cutoffMs ? 0 : (Math.floor((atMs - g.cutoffMs) / intervalMs) + 1) * g.domains.length),
    0,
  );
}
