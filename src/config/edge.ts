import { z } from 'zod';
import { formatZodError } from './zod-errors';

/**
 * Which edge adapters a deployment uses and how to reach them, parsed once from the environment. DNS and proxy
 * are chosen separately, so "DNS on PowerDNS, proxy on Caddy" (or on the sandbox) is a configuration, not code.
 */

/** A `host:port` the verifier queries. */
export interface HostPort {
  host: string;
  port: number;
}

/** The DNS side. */
export type DnsEdgeConfig =
  | { adapter: 'sandbox' }
  | {
      adapter: 'powerdns';
      apiUrl: string;
      apiKey: string;
      serverId: string;
      /** Our authoritative servers as the outside queries them (verification). */
      servers: HostPort[];
    };

/** The proxy side. */
export type ProxyEdgeConfig =
  | { adapter: 'sandbox' }
  | {
      adapter: 'caddy';
      adminUrl: string;
      server: string;
      idPrefix: string;
      /** Our proxy's public listener (verification requests go there with the customer's Host header). */
      proxyUrl: string;
    };

/** Everything the edge needs. */
export interface EdgeConfig {
  dns: DnsEdgeConfig;
  proxy: ProxyEdgeConfig;
  /** Per provider API request; a timeout is retried. */
  timeoutMs: number;
  sandbox: {
    host: string;
    dnsPort: number;
    httpPort: number;
    /** The nameservers our sandbox zones name: an SOA naming one of them is "served by us". */
    nameservers: string[];
  };
  extraPublicSuffixes: string[];
}

/** The sandbox's own nameserver names (in every seeded zone's NS and SOA). */
export const SANDBOX_NAMESERVERS = ['ns1.sandbox.terminus.test', 'ns2.sandbox.terminus.test'];

const port = z.coerce.number().int().min(0).max(65_535);
const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+(\/.*)?$/, 'an http(s):// URL');
const hostPorts = z
  .string()
  .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'host:port[,host:port...]')
  .transform((s) =>
    s.split(',').map((hp) => {
      const i = hp.lastIndexOf(':');
      return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
    }),
  );
const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  );

const EnvSchema = z.object({
  TERMINUS_EDGE_DNS: z.enum(['sandbox', 'powerdns']).default('sandbox'),
  TERMINUS_EDGE_PROXY: z.enum(['sandbox', 'caddy']).default('sandbox'),
  TERMINUS_EDGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  POWERDNS_API_URL: httpUrl.optional(),
  POWERDNS_API_KEY: z.string().min(1).optional(),
  POWERDNS_SERVER_ID: z.string().min(1).default('localhost'),
  POWERDNS_DNS_ADDRESS: hostPorts.optional(),
  CADDY_ADMIN_URL: httpUrl.optional(),
  CADDY_SERVER: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'a server name under apps.http.servers')
    .optional(),
  CADDY_ROUTE_ID_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" or "-"')
    .default('terminus'),
  CADDY_PROXY_URL: httpUrl.optional(),
  TERMINUS_SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  TERMINUS_SANDBOX_DNS_PORT: port.default(15353),
  TERMINUS_SANDBOX_HTTP_PORT: port.default(18080),
  TERMINUS_PUBLIC_SUFFIXES: list,
});

function required<T>(value: T | undefined, name: string, why: string, missing: string[]): T {
  if (value === undefined) missing.push(`${name}: required when ${why}`);
  return value as T;
}

/** Parses the edge configuration; the error names every missing or malformed variable at once. */
export function loadEdgeConfig(env: NodeJS.ProcessEnv = process.env): EdgeConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid edge configuration: ${formatZodError(parsed.error)}`);
  const e = parsed.data;
  const missing: string[] = [];
  const dns: DnsEdgeConfig =
    e.TERMINUS_EDGE_DNS === 'powerdns'
      ? {
          adapter: 'powerdns',
          apiUrl: required(e.POWERDNS_API_URL, 'POWERDNS_API_URL', 'TERMINUS_EDGE_DNS=powerdns', missing),
          apiKey: required(e.POWERDNS_API_KEY, 'POWERDNS_API_KEY', 'TERMINUS_EDGE_DNS=powerdns', missing),
          serverId: e.POWERDNS_SERVER_ID,
          servers: required(e.POWERDNS_DNS_ADDRESS, 'POWERDNS_DNS_ADDRESS', 'TERMINUS_EDGE_DNS=powerdns', missing),
        }
      : { adapter: 'sandbox' };
  const proxy: ProxyEdgeConfig =
    e.TERMINUS_EDGE_PROXY === 'caddy'
      ? {
          adapter: 'caddy',
          adminUrl: required(e.CADDY_ADMIN_URL, 'CADDY_ADMIN_URL', 'TERMINUS_EDGE_PROXY=caddy', missing),
          server: required(e.CADDY_SERVER, 'CADDY_SERVER', 'TERMINUS_EDGE_PROXY=caddy', missing),
          idPrefix: e.CADDY_ROUTE_ID_PREFIX,
          proxyUrl: required(e.CADDY_PROXY_URL, 'CADDY_PROXY_URL', 'TERMINUS_EDGE_PROXY=caddy', missing),
        }
      : { adapter: 'sandbox' };
  if (missing.length > 0) throw new Error(`invalid edge configuration: ${missing.join('; ')}`);
  return {
    dns,
    proxy,
    timeoutMs: e.TERMINUS_EDGE_TIMEOUT_MS,
    sandbox: {
      host: e.TERMINUS_SANDBOX_HOST,
      dnsPort: e.TERMINUS_SANDBOX_DNS_PORT,
      httpPort: e.TERMINUS_SANDBOX_HTTP_PORT,
      nameservers: SANDBOX_NAMESERVERS,
    },
    extraPublicSuffixes: e.TERMINUS_PUBLIC_SUFFIXES,
  };
}
