import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { DomainWatchRunInput, DomainWatchSettings } from '../../src/workflows/domain-watch';

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
 * Terminates every running workflow of the task queue with one server-side batch operation (10,000 terminate
 * calls from here would take minutes); falls back to terminating the given IDs one by one when the server
 * refuses batches. Resolves once visibility shows none running, or after `timeoutMs`.
 */
export async function terminateAll(
  client: Client,
  taskQueue: string,
  workflowIds: readonly string[],
  timeoutMs = 300_000,
): Promise<{ method: 'batch' | 'one-by-one'; durationMs: number; stillRunning: number }> {
  const began = Date.now();
  const svc = client.connection.workflowService;
  let method: 'batch' | 'one-by-one' = 'batch';
  try {
    const jobId = randomUUID();
    await svc.startBatchOperation({
      namespace: client.options.namespace,
      jobId,
      visibilityQuery: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`,
      reason: 'benchmark finished',
      terminationOperation: { identity: 'terminus-bench' },
    });
    const RUNNING = temporal.api.enums.v1.BatchOperationState.BATCH_OPERATION_STATE_RUNNING;
    for (;;) {
      const d = await svc.describeBatchOperation({ namespace: client.options.namespace, jobId });
      if (d.state !== RUNNING) break;
      if (Date.now() - began > timeoutMs) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } catch {
    method = 'one-by-one';
    await mapConcurrent(workflowIds, 32, (id) =>
      client.workflow
        .getHandle(id)
        .terminate('benchmark finished')
        .catch(() => undefined),
    );
  }
  let stillRunning = await countRunning(client, taskQueue);
  while (stillRunning > 0 && Date.now() - began < timeoutMs) {
    await new Promise((r) => setTimeout(r, 1000));
    stillRunning = await countRunning(client, taskQueue);
  }
  return { method, durationMs: Date.now() - began, stillRunning };
}
