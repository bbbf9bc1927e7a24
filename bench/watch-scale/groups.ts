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

/** The groups to start: one per case of `groupSize` domains, cutoffs spread evenly over `cutoffSpreadMs`. */
export function planGroups(
  domains: readonly string[],
  groupSize: number,
  firstCutoffMs: number,
  cutoffSpreadMs: number,
): BenchGroup[] {
  const count = Math.ceil(domains.length / groupSize);
  return Array.from({ length: count }, (_, i) => ({
    workflowId: watchGroupWorkflowId(`case-bench-${i}`, 1),
    cutoffMs: firstCutoffMs + Math.floor((i * cutoffSpreadMs) / count),
    domains: domains.slice(i * groupSize, (i + 1) * groupSize),
  }));
}

/**
 * When the groups are started: `cutoff`, each at its own cutoff, as a case starts its groups once it has revoked;
 * `once`, all of them at the beginning (a burst of first workflow tasks no real set of cases produces unless they
 * share a cutoff instant).
 */
export type GroupStart = 'cutoff' | 'once';

/** What to start. */
export interface StartGroupsInput {
  client: Client;
  taskQueue: string;
  groups: readonly BenchGroup[];
  startAt: GroupStart;
  followUpDays: number;
  settings: Partial<WatchGroupSettings>;
  concurrency: number;
}

/** Starts the groups; a failed start throws (the figures would not mean anything without every group). */
export async function startGroups(input: StartGroupsInput): Promise<{ durationMs: number }> {
  const began = Date.now();
  await mapConcurrent(input.groups, input.concurrency, async (g, i) => {
    // Groups are planned in cutoff order, so the lanes never hold a later group ahead of an earlier one.
    if (input.startAt === 'cutoff')
      for (let left = g.cutoffMs - Date.now(); left > 0; left = g.cutoffMs - Date.now())
        await new Promise((r) => setTimeout(r, left));
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
  return { durationMs: Date.now() - began };
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
