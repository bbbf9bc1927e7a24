import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * The fault ledger: one JSON line per thing a fault worker did, appended by every worker process of one scenario
 * (restarts and second workers included) to the same file. It is how the test, in another process, knows when a
 * worker reached a kill point, and how it counts edge changes across processes: a change made twice shows as two
 * lines whatever happened to the process that made it. Appends of a short line with O_APPEND do not interleave.
 */

/** Where a fault worker stops and waits to be killed: before or after running `activity` (the real one). */
export interface FreezePoint {
  /** Names the point in the ledger; freezes happen once per point and activity input (the retry runs through). */
  id: string;
  activity: string;
  when: 'before' | 'after';
  /** Only inputs whose fields have these values (e.g. `{ service: 'dns' }`). */
  match?: Record<string, string>;
}

/** One ledger line. */
export type LedgerEntry =
  | { kind: 'ready'; pid: number; at: string }
  | { kind: 'activity'; pid: number; name: string; phase: 'start' | 'done' | 'failed'; key: string; at: string }
  | { kind: 'freeze'; pid: number; point: string; key: string; at: string }
  | { kind: 'edge'; pid: number; call: string; target: string; result: unknown; at: string };

/** Appends one entry (synchronously: the line is on disk before the caller goes on). */
export function appendLedger(file: string, entry: LedgerEntry): void {
  appendFileSync(file, JSON.stringify(entry) + '\n');
}

/** Every entry so far, in order. */
export function readLedger(file: string): LedgerEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LedgerEntry);
}

/** The key an activity input is known by: its idempotency key, or the whole input. */
export function inputKey(input: unknown): string {
  const key = (input as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
  return typeof key === 'string' ? key : JSON.stringify(input ?? null);
}

/** Whether `point` applies to a call of `activity` with `input` at `when`. */
export function matches(point: FreezePoint, activity: string, when: 'before' | 'after', input: unknown): boolean {
  if (point.activity !== activity || point.when !== when) return false;
  const fields = (input ?? {}) as Record<string, unknown>;
  return Object.entries(point.match ?? {}).every(([k, v]) => fields[k] === v);
}
