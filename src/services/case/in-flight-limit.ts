/**
 * A bound on the actions one API process has in flight on one case. Temporal admits at most 10 updates in flight
 * per workflow execution (`limit.workflowExecution.maxInFlightUpdates`); past that it answers RESOURCE_EXHAUSTED,
 * the client retries, and the request ends in a 504 once the API's Temporal timeout passes. Holding each process
 * below that share (two API replicas at 4 each stay under 10) turns a flood on one case into immediate 429s that
 * say why, while other cases are untouched. In memory: a process that dies releases everything it held.
 */
export class InFlightLimit {
  private readonly counts = new Map<string, number>();

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`in-flight limit must be a whole number >= 1, got ${max}`);
  }

  /** A release function when `key` is below the limit (call it exactly once when done), `null` when it is full. */
  acquire(key: string): (() => void) | null {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return null;
    this.counts.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  /** How many are in flight on `key` now. */
  inFlight(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
