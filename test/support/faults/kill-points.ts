import type { LedgerEntry } from './ledger';
import type { Scenario } from './fault-env';
import type { WorkerProcess } from './worker-process';

/** Freezes recorded at `point` so far. */
export const freezesAt = (entries: LedgerEntry[], point: string): LedgerEntry[] =>
  entries.filter((e) => e.kind === 'freeze' && e.point === point);

/**
 * Waits until `count` activities stand frozen at `point` in `worker`, then SIGKILLs it: the process dies with those
 * activities started (and, for an `after` point, their effects made) but never reported to Temporal.
 */
export async function killAt(s: Scenario, worker: WorkerProcess, point: string, count = 1): Promise<void> {
  await s.waitForLedger(`${count} freeze(s) at ${point}`, (es) => freezesAt(es, point).length >= count);
  const strays = freezesAt(s.ledger(), point).filter((e) => e.pid !== worker.pid);
  if (strays.length) throw new Error(`${s.tag}: ${point} froze in another worker (${strays.map((e) => e.pid).join()})`);
  await worker.kill();
}

/**
 * The activity `name` completed in the killed worker and then again, for the same input, in another worker: proof
 * that the kill point was really crossed and that the retry found the first attempt's effects.
 */
export function completionsAcrossKill(
  s: Scenario,
  name: string,
  killedPid: number,
): { killed: number; others: number } {
  const done = s.ledger().filter((e) => e.kind === 'activity' && e.name === name && e.phase === 'done');
  return {
    killed: done.filter((e) => e.pid === killedPid).length,
    others: done.filter((e) => e.pid !== killedPid).length,
  };
}

/**
 * Waits until the case's history holds a fired timer newer than `sinceMs`: with no worker alive, only the server
 * can have fired it (the cutoff timer, in the scenarios that use this).
 */
export async function waitForTimerFired(s: Scenario, sinceMs: number, timeoutMs = 180_000): Promise<number> {
  const handle = s.env.client.workflow.getHandle(s.caseId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = (await handle.fetchHistory().catch(() => undefined))?.events ?? [];
    const fired = events
      .filter((e) => e.timerFiredEventAttributes)
      .map((e) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6))
      .filter((t) => t >= sinceMs);
    if (fired.length) return Math.min(...fired);
    if (Date.now() > deadline) throw new Error(`${s.tag}: no timer fired after ${new Date(sinceMs).toISOString()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Failed attempts of activity `name` so far (each one an attempt that met the fault). */
export const failedAttempts = (entries: LedgerEntry[], name: string): number =>
  entries.filter((e) => e.kind === 'activity' && e.name === name && e.phase === 'failed').length;

/**
 * Resolves once the wall clock has passed `instantMs`. Only for outages that must span an instant (a server down
 * across the cutoff): while it is down there is nothing else to observe.
 */
export async function untilClockPasses(instantMs: number): Promise<void> {
  while (Date.now() <= instantMs) await new Promise((r) => setTimeout(r, Math.min(500, instantMs - Date.now() + 1)));
}
