/**
 * Spacing limiter for batched probes: at most `perSecond` starts per key (a resolver, a provider), evenly spaced
 * rather than in bursts, so a batch of hundreds never hits one resolver or one provider's servers all at once.
 * Keys reserved in one call share one start time, the latest of their next free slots: fine for keys equally busy,
 * but a key pushed far ahead then holds the others there too, so the batched probe reserves its keys one at a time.
 */

/** Keys a probe uses and their rates (starts per second; 0 or absent: unlimited). */
export interface RateKey {
  key: string;
  perSecond: number;
}

/** The limiter; `reserve` returns how long to wait (ms) before starting. */
export interface RateLimiter {
  reserve(keys: readonly RateKey[], nowMs: number): number;
}

/** A limiter with its own memory of each key's next free slot. */
export function createRateLimiter(): RateLimiter {
  const nextFree = new Map<string, number>();
  return {
    reserve(keys, nowMs) {
      const limited = keys.filter((k) => k.perSecond > 0);
      const at = limited.reduce((max, k) => Math.max(max, nextFree.get(k.key) ?? nowMs), nowMs);
      for (const k of limited) nextFree.set(k.key, at + 1000 / k.perSecond);
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
