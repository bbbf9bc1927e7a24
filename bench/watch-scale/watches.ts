import type { Client } from '@temporalio/client';
import type { DomainWatchRunInput, DomainWatchSettings } from '../../src/workflows/watch/domain-watch';

/**
 * Starting and ending many `domainWatch` workflows from outside, as the case workflow would start them (same
 * workflow ID scheme, same input, default workflow options), with bounded concurrency so the client never
 * floods the server with more requests than it can take.
 */

/** The watch's workflow ID, as the case workflow names it (`watch-<domain>`: one watch per domain). */
export const watchWorkflowId = (domain: string): string => `watch-${domain}`;

/** Runs `fn` over `items` with at most `concurrency` in flight; returns results in order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T, i);
  });
  await Promise.all(lanes);
  return results;
}

/** What to start. */
export interface StartWatchesInput {
  client: Client;
  taskQueue: string;
  domains: readonly string[];
  concurrency: number;
  /** Cutoff of watch `i`: `firstCutoffMs + i * cutoffSpreadMs / count` (0 spread: all at `firstCutoffMs`). */
  firstCutoffMs: number;
  cutoffSpreadMs: number;
  followUpDays: number;
  settings?: Partial<DomainWatchSettings>;
  onProgress?: (started: number) => void;
}

/** How starting went. */
export interface StartWatchesResult {
  started: number;
  failed: number;
  firstError?: string;
  durationMs: number;
}

/** Starts one watch per domain (workflow ID `watch-<domain>`); a failed start is counted, not retried. */
export async function startWatches(input: StartWatchesInput): Promise<StartWatchesResult> {
  const began = Date.now();
  let started = 0;
  let failed = 0;
  let firstError: string | undefined;
  const count = input.domains.length;
  const followUpUntil = new Date(input.firstCutoffMs + input.followUpDays * 86_400_000).toISOString();
  await mapConcurrent(input.domains, input.concurrency, async (domain, i) => {
    const runInput: DomainWatchRunInput = {
      caseId: `case-bench-${i}`,
      domain,
      cutoffAt: new Date(input.firstCutoffMs + Math.floor((i * input.cutoffSpreadMs) / count)).toISOString(),
      followUpUntil,
      ...(input.settings ? { settings: input.settings } : {}),
    };
    try {
      await input.client.workflow.start('domainWatch', {
        taskQueue: input.taskQueue,
        workflowId: watchWorkflowId(domain),
        args: [runInput],
      });
      started++;
      if (started % 1000 === 0) input.onProgress?.(started);
    } catch (err) {
      failed++;
      firstError ??= String(err);
    }
  });
  return { started, failed, ...(firstError ? { firstError } : {}), durationMs: Date.now() - began };
}

/** Workflows still running on the task queue (visibility; eventually consistent). */
export async function countRunning(client: Client, taskQueue: string): Promise<number> {
  const res = await client.workflow.count(`TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`);
  return res.count;
}

/**
 * Terminates the given workflows, `concurrency` calls at a time (the server's batch operations are rate limited
 * to 50 workflows a second by default), for at most `timeoutMs`: the in-memory dev server takes minutes to
 * terminate 10,000 timers-and-all, and whatever is left ends with it when it stops. Reports how far it got.
 */
export async function terminateAll(
  client: Client,
  taskQueue: string,
  workflowIds: readonly string[],
  timeoutMs: number,
  concurrency = 64,
): Promise<{ durationMs: number; terminated: number; failed: number; stillRunning: number }> {
  const began = Date.now();
  let failed = 0;
  let terminated = 0;
  await mapConcurrent(workflowIds, concurrency, async (id) => {
    if (Date.now() - began > timeoutMs) return;
    await client.workflow
      .getHandle(id)
      .terminate('benchmark finished')
      .then(
        () => terminated++,
        (err: unknown) => {
          // Already closed is fine; anything else is counted.
          if (!/not found|already completed/i.test(String(err))) failed++;
        },
      );
  });
  let stillRunning = await countRunning(client, taskQueue);
  while (stillRunning > 0 && Date.now() - began < timeoutMs) {
    await new Promise((r) => setTimeout(r, 1000));
    stillRunning = await countRunning(client, taskQueue);
  }
  return { durationMs: Date.now() - began, terminated, failed, stillRunning };
}
