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
});

/** Parses `TERMINUS_PROBE_RESOLVERS`, `TERMINUS_PROBE_HTTP_CONNECT_TO`, `TERMINUS_MIGRATION_WEBHOOK_URL`. */
export function loadProbeConfig(env: NodeJS.ProcessEnv = process.env): ProbeConfig {
  const parsed = Schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid configuration: ${formatZodError(parsed.error)}`);
  const e = parsed.data;
  const connect = e.TERMINUS_PROBE_HTTP_CONNECT_TO?.split(':');
  return {
    resolvers: e.TERMINUS_PROBE_RESOLVERS,
    httpConnectTo: connect ? { host: connect[0] ?? '127.0.0.1', port: Number(connect[1]) } : undefined,
    webhookUrl: e.TERMINUS_MIGRATION_WEBHOOK_URL,
  };
}
