import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { HttpAnswer } from '../../domain/fingerprints/observation';

/**
 * One HTTP(S) request to a domain, keeping only what fingerprints a provider: status, headers (bounded) and
 * cookie names (never values). Certificates are not verified: a provider is fingerprinted whatever its TLS
 * state. The body is never read. `connectTo` sends the connection elsewhere while Host and SNI stay the
 * domain's (curl's --connect-to): in the sandbox every site lives on one loopback proxy.
 */

/** Where to connect instead of the resolved address. */
export interface ConnectTo {
  host: string;
  port: number;
}

/** One request's parameters. */
export interface HttpProbeInput {
  domain: string;
  scheme: 'http' | 'https';
  /** The address the name resolved to (used when no `connectTo`). */
  address: string;
  connectTo?: ConnectTo;
  timeoutMs: number;
}

const MAX_HEADERS = 64;
const MAX_VALUE = 256;
const USER_AGENT = 'terminus-probe/1 (migration monitoring)';

function headerMap(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw).slice(0, MAX_HEADERS)) {
    if (value === undefined || name === 'set-cookie') continue;
    out[name.toLowerCase()] = (Array.isArray(value) ? value.join(', ') : value).slice(0, MAX_VALUE);
  }
  return out;
}

function cookieNames(raw: http.IncomingHttpHeaders): string[] {
  const names = (raw['set-cookie'] ?? []).map((c) => c.split('=')[0]?.trim() ?? '').filter((n) => n.length > 0);
  return [...new Set(names)].slice(0, MAX_HEADERS);
}

function classifyError(scheme: HttpAnswer['scheme'], error: NodeJS.ErrnoException): HttpAnswer {
  if (error.code === 'ECONNREFUSED') return { scheme, status: 'refused', detail: error.message };
  if (
    error.name === 'AbortError' ||
    error.name === 'TimeoutError' ||
    error.code === 'ETIMEDOUT' ||
    error.code === 'ABORT_ERR'
  ) {
    return { scheme, status: 'unknown', reason: 'timeout', detail: error.message };
  }
  return { scheme, status: 'unknown', reason: 'error', detail: `${error.code ?? error.name}: ${error.message}` };
}

/** Sends GET / and resolves with what came back; never rejects. */
export function probeHttp(input: HttpProbeInput): Promise<HttpAnswer> {
  const { scheme, domain, timeoutMs } = input;
  const host = input.connectTo?.host ?? input.address;
  const port = input.connectTo?.port ?? (scheme === 'https' ? 443 : 80);
  return new Promise((resolve) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const options: https.RequestOptions = {
      host,
      port,
      method: 'GET',
      path: '/',
      headers: { host: domain, 'user-agent': USER_AGENT, accept: '*/*' },
      signal,
      agent: false,
      ...(scheme === 'https' ? { servername: net.isIP(domain) ? undefined : domain, rejectUnauthorized: false } : {}),
    };
    const request = (scheme === 'https' ? https : http).request(options, (res) => {
      resolve({
        scheme,
        status: 'ok',
        statusCode: res.statusCode ?? 0,
        headers: headerMap(res.headers),
        cookieNames: cookieNames(res.headers),
      });
      res.destroy();
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      resolve(
        signal.aborted
          ? { scheme, status: 'unknown', reason: 'timeout', detail: `no response within ${timeoutMs} ms` }
          : classifyError(scheme, error),
      );
    });
    request.end();
  });
}
