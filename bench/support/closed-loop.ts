/**
 * A closed-loop load: `concurrency` runners each take the next item until `count` are done, so the system always
 * has the same amount of work in flight. Failures are counted and kept (the first few), never thrown: a
 * benchmark reports them next to its figures.
 */

/** What one loop measured. */
export interface LoopResult {
  count: number;
  ok: number;
  failed: number;
  elapsedMs: number;
  /** Per successful item, ms. */
  latenciesMs: number[];
  errors: string[];
}

/** Runs `run(i)` for i in [0, count) with at most `concurrency` at a time. */
export async function closedLoop(
  count: number,
  concurrency: number,
  run: (index: number) => Promise<unknown>,
): Promise<LoopResult> {
  const result: LoopResult = { count, ok: 0, failed: 0, elapsedMs: 0, latenciesMs: [], errors: [] };
  let next = 0;
  const started = Date.now();
  const runner = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = Date.now();
      try {
        await run(i);
        result.ok++;
        result.latenciesMs.push(Date.now() - t0);
      } catch (err) {
        result.failed++;
        if (result.errors.length < 5) result.errors.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, runner));
  result.elapsedMs = Date.now() - started;
  return result;
}

/** The p-th percentile (0-100) of `values` by nearest rank; null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}
