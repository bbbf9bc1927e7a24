import { z } from 'zod';
import { formatZodError } from './zod-errors';

/** How the worker's probes look at the internet: which resolvers, and (sandbox only) where HTTP really goes. */
export interface ProbeConfig {
  /** `host:port` resolvers; empty = the system's. */
  resolvers: string[];
  /** Send every HTTP probe to this address whatever the name resolves to (the sandbox "internet"). */
  httpConnectTo?: { host: string; port: number };
  /** Optional staff webhook called on every confirmed provider change. */
  webhookUrl?: string;
  /**
   * The migration watch's fast probe interval (right after the cutoff or a change, and while a change awaits
   * confirmation), overriding the 5-minute default. Unset in production; the embedded stack sets a short one
   * because its sandbox "internet" is loopback and a demo should see a move within a minute.
   */
  watchFastIntervalMs?: number;
}

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port');
const Schema = z.object({
  TERMINUS_PROBE_RESOLVERS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(hostPort)),
  TERMINUS_PROBE_HTTP_CONNECT_TO: hostPort.optional(),
  TERMINUS_MIGRATION_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Empty means unset (as for the other optional variables a shell may export blank).
  TERMINUS_WATCH_FAST_INTERVAL_MS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number('a whole number of milliseconds')
      .int('a whole number of milliseconds')
      .min(1000, 'at least 1000 ms (one probe a second per domain)')
      .max(86_400_000, 'at most a day (86400000 ms)')
      .optional(),
  ),
});

/**
 * Parses `TERMINUS_PROBE_RESOLVERS`, `TERMINUS_PROBE_HTTP_CONNECT_TO`, `TERMINUS_MIGRATION_WEBHOOK_URL` and
 * `TERMINUS_WATCH_FAST_INTERVAL_MS`.
 */
export function loadProbeConfig(env: NodeJS.ProcessEnv = process.env): ProbeConfig {
  const parsed = Schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid configuration: ${formatZodError(parsed.error)}`);
  const e = parsed.data;
  const connect = e.TERMINUS_PROBE_HTTP_CONNECT_TO?.split(':');
  return {
    resolvers: e.TERMINUS_PROBE_RESOLVERS,
    httpConnectTo: connect ? { host: connect[0] ?? '127.0.0.1', port: Number(connect[1]) } : undefined,
    webhookUrl: e.TERMINUS_MIGRATION_WEBHOOK_URL,
    ...(e.TERMINUS_WATCH_FAST_INTERVAL_MS !== undefined
      ? { watchFastIntervalMs: e.TERMINUS_WATCH_FAST_INTERVAL_MS }
      : {}),
  };
}
