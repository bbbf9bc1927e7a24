/**
 * Spacing limiter for batched probes: at most `perSecond` starts per key (a resolver, a provider), evenly spaced
 * rather than in bursts, so a batch of hundreds never hits one resolver or one provider's servers all at once.
 * One key per reservation: reserving several at once would give them one start time, the latest of their free
 * slots, and a busy key would then hold every other key's next slot there too (the batched probe waits for a
 * provider's slot, then for its resolver's).
 */

/** A key a probe uses and its rate (starts per second; 0: unlimited). */
export interface RateKey {
  key: string;
  perSecond: number;
}

/** The limiter; `reserve` returns how long to wait (ms) before starting. */
export interface RateLimiter {
  reserve(key: RateKey, nowMs: number): number;
}

/** A limiter with its own memory of each key's next free slot. */
export function createRateLimiter(): RateLimiter {
  const nextFree = new Map<string, number>();
  return {
    reserve(k, nowMs) {
      if (!(k.perSecond > 0)) return 0;
      const at = Math.max(nowMs, nextFree.get(k.key) ?? nowMs);
      nextFree.set(k.key, at + 1000 / k.perSecond);
      return at - nowMs;
    },
  };
}

/** A counting semaphore: `run` waits for one of `size` permits, so at most `size` tasks run at once. */
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Builds a semaphore of `size` permits (first come, first served). */
export function createSemaphore(size: number): Semaphore {
  let free = Math.max(1, size);
  const waiting: (() => void)[] = [];
  return {
    async run(task) {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    },
  };
}
