import { z } from 'zod';
import { formatZodError } from './zod-errors';

/** A rate limit: at most `limit` requests per principal in each fixed window of `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Settings of the HTTP API that a deployment may tune; every field has a safe default. */
export interface ApiConfig {
  /** Opening cases, per principal. */
  openRate: RateLimit;
  /** Destructive actions (approvals, expedite, withdraw, appeal decisions, hold release, revocation retry). */
  destructiveRate: RateLimit;
  /** Largest request body accepted (bytes); larger bodies get 413 before they are parsed. */
  maxBodyBytes: number;
  /** How long a request waits on Temporal (an update, a query) before answering 504. */
  temporalTimeoutMs: number;
  /** How long opening a case waits for the workflow to accept its intake before answering without the view. */
  openWaitMs: number;
  /** Open cases read to compute transparency figures (each is one query); beyond it the answer says so. */
  transparencyMaxOpenCases: number;
  /**
   * How long a case view or a page of the case list is served from memory (one Temporal call per case or page
   * in that time, however many clients read it); 0 turns it off. Actions through this API show at once.
   */
  readCacheMs: number;
  /**
   * Serve the admin-only `/sandbox` routes (the simulated internet the demo moves a customer in). Only for a
   * profile whose edge is the sandbox (the cluster profile sets it); refused with a real edge configured.
   */
  sandboxRoutes: boolean;
}

/** Defaults: generous for people, tight enough that a leaked token cannot open or approve cases in bulk. */
export const DEFAULT_API_CONFIG: ApiConfig = {
  openRate: { limit: 30, windowMs: 3_600_000 },
  destructiveRate: { limit: 60, windowMs: 3_600_000 },
  maxBodyBytes: 64 * 1024,
  temporalTimeoutMs: 15_000,
  openWaitMs: 10_000,
  transparencyMaxOpenCases: 1000,
  readCacheMs: 1000,
  sandboxRoutes: false,
};

const rate = z
  .string()
  .regex(/^\d{1,6}\/\d{1,7}[smh]$/, 'COUNT/WINDOW, e.g. 30/1h or 5/10m')
  .transform((v): RateLimit => {
    const [count, window] = v.split('/') as [string, string];
    const unit = { s: 1000, m: 60_000, h: 3_600_000 }[window.slice(-1) as 's' | 'm' | 'h'];
    return { limit: Number(count), windowMs: Number(window.slice(0, -1)) * unit };
  })
  .refine((r) => r.limit > 0 && r.windowMs > 0, 'count and window must be positive');

const EnvSchema = z.object({
  TERMINUS_API_RATE_OPEN: rate.optional(),
  TERMINUS_API_RATE_DESTRUCTIVE: rate.optional(),
  TERMINUS_API_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).optional(),
  TERMINUS_API_TEMPORAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  TERMINUS_API_READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  TERMINUS_SANDBOX_ROUTES: z.enum(['on', 'off'], { message: 'must be on or off' }).optional(),
});

/** Parses the API settings from the environment; errors name every bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid configuration: ${formatZodError(parsed.error)}`);
  const e = parsed.data;
  const sandboxRoutes = e.TERMINUS_SANDBOX_ROUTES === 'on';
  const edges = [env.TERMINUS_EDGE_DNS ?? 'sandbox', env.TERMINUS_EDGE_PROXY ?? 'sandbox'];
  if (sandboxRoutes && !edges.includes('sandbox')) {
    throw new Error(
      `invalid configuration: TERMINUS_SANDBOX_ROUTES: is on, but TERMINUS_EDGE_DNS=${edges[0]} and ` +
        `TERMINUS_EDGE_PROXY=${edges[1]} name a real edge (the sandbox routes exist only where the edge is the sandbox)`,
    );
  }
  return {
    ...DEFAULT_API_CONFIG,
    ...(e.TERMINUS_API_RATE_OPEN ? { openRate: e.TERMINUS_API_RATE_OPEN } : {}),
    ...(e.TERMINUS_API_RATE_DESTRUCTIVE ? { destructiveRate: e.TERMINUS_API_RATE_DESTRUCTIVE } : {}),
    ...(e.TERMINUS_API_MAX_BODY_BYTES ? { maxBodyBytes: e.TERMINUS_API_MAX_BODY_BYTES } : {}),
    ...(e.TERMINUS_API_TEMPORAL_TIMEOUT_MS ? { temporalTimeoutMs: e.TERMINUS_API_TEMPORAL_TIMEOUT_MS } : {}),
    ...(e.TERMINUS_API_READ_CACHE_MS !== undefined ? { readCacheMs: e.TERMINUS_API_READ_CACHE_MS } : {}),
    sandboxRoutes,
  };
}
