import type { Database } from '../../db/database';
import type { RateLimit } from '../../config/api';

/** The answer for one request: allowed, or refused with how long to wait. */
export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window counters in the app database, so every API instance shares them and a restart does not reset
 * them. One atomic upsert per request (no read-then-write race). A fixed window lets a burst of up to twice the
 * limit straddle a boundary; that is acceptable for throttling people and keeps the store to one row per window.
 */
export class RateLimiter {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt in `bucket` for the principal and says whether it is within `limit`. */
  async take(principalId: string, bucket: string, limit: RateLimit): Promise<RateDecision> {
    const nowMs = this.now();
    const windowStart = Math.floor(nowMs / limit.windowMs) * limit.windowMs;
    const rows = await this.db.query<{ count: number }>(
      `INSERT INTO api_rate_windows (principal_id, bucket, window_start, count) VALUES ($1, $2, $3, 1)
       ON CONFLICT (principal_id, bucket, window_start) DO UPDATE SET count = api_rate_windows.count + 1
       RETURNING count`,
      [principalId, bucket, new Date(windowStart).toISOString()],
    );
    await this.pruneOnce(bucket, windowStart);
    const count = Number(rows[0]?.count ?? 1);
    if (count <= limit.limit) return { allowed: true, remaining: limit.limit - count };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + limit.windowMs - nowMs) / 1000)) };
  }

  /** The window each bucket was last pruned in (by this process). */
  private readonly prunedIn = new Map<string, number>();

  /**
   * Housekeeping: once per window and bucket, this process drops the bucket's earlier windows (only the current
   * one is ever consulted), so the table holds about one row per active principal and bucket.
   */
  private async pruneOnce(bucket: string, windowStart: number): Promise<void> {
    if (this.prunedIn.get(bucket) === windowStart) return;
    this.prunedIn.set(bucket, windowStart);
    await this.db.query('DELETE FROM api_rate_windows WHERE bucket = $1 AND window_start < $2', [
      bucket,
      new Date(windowStart).toISOString(),
    ]);
  }
}
