import http from 'node:http';
import https from 'node:https';
import { canonicalProviderName } from '../../domain/footprint/domain-name';
import { queryDns, type DnsResponse } from './dns-client';

/**
 * Checks a revocation from the outside, the way a visitor would meet it: a DNS query to our authoritative
 * server(s) and an HTTP request through our proxy with the customer's Host header. A check that cannot be made
 * (server down, timeout) throws a plain Error so the activity retries: "unreachable" is never taken for "revoked".
 */
export interface EdgeVerifier {
  /** True when one of our authoritative servers still answers authoritatively for the zone holding `name`. */
  dnsServed(name: string): Promise<boolean>;
  /** True when our proxy still serves `host`. */
  proxyServed(host: string): Promise<boolean>;
}

/** Where to look and how to recognise our own answers. */
export interface EdgeVerifierOptions {
  dns: {
    servers: { host: string; port: number }[];
    /** When set, only an SOA naming one of these as primary counts as ours (the sandbox also serves other
     * providers' zones). Empty: any authoritative answer is ours (a dedicated server such as PowerDNS). */
    ourNameservers?: string[];
    timeoutMs?: number;
  };
  proxy: {
    /** Base URL of our proxy's listener, e.g. `http://127.0.0.1:8080`. */
    url: string;
    /** When set, only answers carrying this header (and value) count as ours. */
    marker?: { header: string; value?: string };
    timeoutMs?: number;
  };
}

const AA = 1 << 10;
/** Answers from the proxy that mean "no such site here" (a catch-all should answer 421 or 404). */
const NOT_SERVED_STATUSES = new Set([404, 410, 421]);

async function askServer(
  server: { host: string; port: number },
  name: string,
  timeoutMs: number,
  ours: string[],
): Promise<boolean> {
  let res: DnsResponse | undefined;
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3 && !res; attempt++) {
    try {
      res = await queryDns(server, name, 'SOA', { timeoutMs });
    } catch (err) {
      lastError = err as Error;
    }
  }
  if (!res)
    throw new Error(
      `DNS check of ${name} at ${server.host}:${server.port} failed: ${lastError?.message ?? 'no answer'}`,
    );
  const rcode = res.rcode;
  if ((rcode !== 'NOERROR' && rcode !== 'NXDOMAIN') || ((res.flags ?? 0) & AA) === 0) return false;
  if (ours.length === 0) return true;
  const soa = [...(res.answers ?? []), ...(res.authorities ?? [])].find((a) => a.type === 'SOA');
  return soa?.type === 'SOA' && ours.includes(canonicalProviderName(soa.data.mname));
}

function requestThroughProxy(base: string, host: string, timeoutMs: number): Promise<http.IncomingMessage> {
  const url = new URL('/', base);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: 'GET', headers: { host }, timeout: timeoutMs, servername: host }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(new Error(`request for ${host} through ${base} timed out after ${timeoutMs} ms`)),
    );
    req.on('error', (err) => reject(new Error(`request for ${host} through ${base} failed: ${err.message}`)));
    req.end();
  });
}

/** A verifier over real sockets. */
export function createEdgeVerifier(options: EdgeVerifierOptions): EdgeVerifier {
  const ours = (options.dns.ourNameservers ?? []).map(canonicalProviderName);
  return {
    async dnsServed(name) {
      const answers = await Promise.all(
        options.dns.servers.map((s) => askServer(s, name, options.dns.timeoutMs ?? 2000, ours)),
      );
      return answers.some(Boolean);
    },
    async proxyServed(host) {
      const res = await requestThroughProxy(options.proxy.url, host, options.proxy.timeoutMs ?? 5000);
      if (NOT_SERVED_STATUSES.has(res.statusCode ?? 0)) return false;
      const marker = options.proxy.marker;
      if (!marker) return true;
      const value = res.headers[marker.header.toLowerCase()];
      const text = Array.isArray(value) ? value.join(',') : value;
      return text !== undefined && (marker.value === undefined || text === marker.value);
    },
  };
}
