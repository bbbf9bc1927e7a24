import { get as httpGet } from 'node:http';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../../domain/failures';

/**
 * One place that turns a provider API's answer into the project's error classes, so every adapter fails the same
 * way: a timeout, a refused connection, 408, 429 or a 5xx is transient (a plain Error: the activity retries);
 * any other 4xx is permanent (`ProviderRejected`, non-retryable, escalated to a person). Statuses a caller
 * understands (404 on delete = already done, 409 on create = already there) are returned, not thrown.
 */

/** One API call. `what` names the operation in messages (`delete zone forum.example`). */
export interface ProviderRequest {
  provider: string;
  what: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Abort after this long: the call is then treated as transient (the activity's retry policy decides). */
  timeoutMs: number;
  /** Non-2xx statuses the caller handles itself. */
  accept?: number[];
  /** Marks a 5xx answer as permanent after all (Caddy answers 500 to a configuration it cannot load). */
  permanentServerError?: (status: number, text: string) => boolean;
}

/** A 2xx answer or an accepted status, with the body parsed when it is JSON. */
export interface ProviderResponse {
  status: number;
  text: string;
  json: unknown;
  /** The answer's ETag, for a conditional write (`If-Match`) of what was read. */
  etag?: string;
}

const TRANSIENT_4XX = new Set([408, 425, 429]);

/** Shortens a provider's error body for messages and failure details. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}...` : flat;
}

/** Methods whose repetition changes nothing more (PowerDNS PATCHes are REPLACE/DELETE changesets). */
const IDEMPOTENT = new Set<ProviderRequest['method']>(['GET', 'PUT', 'PATCH', 'DELETE']);
/** The server closed a pooled keep-alive connection as we reused it (Caddy does after every config load). */
const STALE_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);
/** Tries in all when a pooled connection turns out closed. */
const STALE_RETRIES = 4;

/** Performs the call and classifies the outcome (see the module comment). */
export async function callProvider(req: ProviderRequest): Promise<ProviderResponse> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await callOnce(req);
    } catch (err) {
      // Retry at once, a few times, only when the request never reached a live connection and repeating it is
      // harmless (the pool may hold several connections Caddy closed on its last config load); anything else is
      // left to the activity's retry policy.
      const code = (err as { connectionCode?: string }).connectionCode;
      if (attempt < STALE_RETRIES && code && STALE_CONNECTION.has(code) && IDEMPOTENT.has(req.method)) continue;
      throw err;
    }
  }
}

async function callOnce(req: ProviderRequest): Promise<ProviderResponse> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: {
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...req.headers,
      },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  } catch (err) {
    const e = err as Error;
    const reason =
      e.name === 'TimeoutError' || e.name === 'AbortError'
        ? `timed out after ${req.timeoutMs} ms`
        : `failed: ${describeCause(e)}`;
    const failure = transient(`${req.provider} API ${req.what} ${reason}`);
    Object.assign(failure, { connectionCode: describeCause(e) });
    throw failure;
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw transient(`${req.provider} API ${req.what}: reading the answer failed: ${describeCause(err as Error)}`);
  }
  return answer(req, res.status, text, res.headers.get('etag') ?? undefined);
}

/** Classifies an answer (see the module comment): returned when 2xx or accepted, thrown otherwise. */
function answer(req: ProviderRequest, status: number, text: string, etag: string | undefined): ProviderResponse {
  const ok = (status >= 200 && status < 300) || (req.accept ?? []).includes(status);
  if (ok) return { status, text, json: parseJson(text), ...(etag ? { etag } : {}) };
  const message = `${req.provider} API ${req.what} answered ${status}: ${excerpt(text)}`;
  if (status >= 500 && !req.permanentServerError?.(status, text)) throw transient(message);
  if (status < 500 && TRANSIENT_4XX.has(status)) throw transient(message);
  throw ApplicationFailure.nonRetryable(message, FailureType.ProviderRejected, {
    provider: req.provider,
    operation: req.what,
    status,
    body: excerpt(text),
  });
}

/**
 * A GET whose ETag may come as an HTTP trailer (Caddy's admin API hashes the config while streaming it and sends
 * `ETag` after the body); `fetch` drops trailers, node:http keeps them. Classified like {@link callProvider}.
 */
export async function getWithTrailers(req: Omit<ProviderRequest, 'method' | 'body'>): Promise<ProviderResponse> {
  const raw = await new Promise<{ status: number; text: string; etag?: string }>((resolve, reject) => {
    const fail = (err: Error) =>
      reject(
        Object.assign(transient(`${req.provider} API ${req.what} failed: ${describeCause(err)}`), {
          connectionCode: describeCause(err),
        }),
      );
    const request = httpGet(
      req.url,
      { headers: { accept: 'application/json', ...req.headers }, timeout: req.timeoutMs, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          const etag = res.trailers.etag ?? res.headers.etag;
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            ...(etag ? { etag } : {}),
          });
        });
      },
    );
    request.on('timeout', () => {
      request.destroy();
      reject(transient(`${req.provider} API ${req.what} timed out after ${req.timeoutMs} ms`));
    });
    request.on('error', fail);
  });
  return answer({ ...req, method: 'GET' }, raw.status, raw.text, raw.etag);
}

function transient(message: string): Error {
  const err = new Error(message);
  err.name = 'ProviderUnavailable';
  return err;
}

function describeCause(err: Error): string {
  const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
