import { performance } from 'node:perf_hooks';
import { ZERO_NOTICE_CATEGORY } from './bench-policy';

/**
 * The load generator of the API benchmark: `clients` concurrent loops, each with its own principal's bearer
 * token (over Node's keep-alive `fetch`, one connection per loop in flight), each doing a fixed quota of requests
 * in a fixed, interleaved mix
 * (so every client opens the same number of cases, within the per-principal rate limit). Bounded in count and
 * in time; loopback only. Every answer is read to the end before the clock stops.
 */

/** What a request does. */
export type ApiOp = 'view' | 'list' | 'open';

/** One timed request. */
export interface ApiSample {
  op: ApiOp;
  ms: number;
  status: number;
  /** Set when the request failed or answered with an unexpected status. */
  error?: string;
  /** For opens: whether the answer carried the case view (the intake accepted within the API's wait). */
  withView?: boolean;
}

/** A client: one principal and its token. */
export interface ApiClient {
  principal: string;
  token: string;
}

/** How the load is shaped. */
export interface ApiLoadOptions {
  apiUrl: string;
  clients: ApiClient[];
  /** Requests in all (split evenly between the clients). */
  requests: number;
  /** Hard stop, whatever is left. */
  durationMs: number;
  /** Share of requests that open a case; the rest alternate case view and case list. */
  openShare: number;
  /** Case IDs the views read (chosen in turn). */
  viewTargets: string[];
  /** Keeps the account IDs of opened cases apart between runs on one stack. */
  runTag: string;
  requestTimeoutMs: number;
  /** Pause of each client between two of its requests (0: back to back, the harshest load). */
  thinkMs: number;
}

/** What the load did. */
export interface ApiLoadResult {
  samples: ApiSample[];
  elapsedMs: number;
  stoppedBy: 'count' | 'time';
}

/** Opens per client for a quota: the mix is decided up front so the rate limit can be checked before. */
export function opensPerClient(requests: number, clients: number, openShare: number): number {
  const quota = Math.ceil(requests / clients);
  return Math.floor(quota * openShare + 0.5);
}

/** Whether request `k` of a client is an open (spread evenly over the quota, offset per client). */
function isOpen(k: number, quota: number, opens: number, client: number): boolean {
  if (opens <= 0) return false;
  const shifted = (k + client) % quota;
  return Math.floor(((shifted + 1) * opens) / quota) > Math.floor((shifted * opens) / quota);
}

/** The body of an open: a customer nobody else opens (account and domains derived from client and count). */
export function openBody(runTag: string, client: number, n: number): unknown {
  const id = `${runTag}-${client}-${n}`;
  return {
    account: { id: `acct-api-${id}`, name: `API bench ${id}`, noticeContacts: [`abuse@api-${id}.example`] },
    domains: { primary: `api-${id}.example`, aliases: [`www.api-${id}.example`] },
    services: ['dns', 'proxy'],
    category: ZERO_NOTICE_CATEGORY,
    summary: `API latency benchmark case ${id}`,
    evidenceRefs: [`https://reports.example/api/${id}`],
    cutoff: { kind: 'instant', at: new Date(Date.now() + 86_400_000).toISOString() },
    urgency: 'standard',
  };
}

async function timed(op: ApiOp, url: string, init: RequestInit, expect: number, timeoutMs: number): Promise<ApiSample> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    const ms = performance.now() - t0;
    const sample: ApiSample = { op, ms, status: res.status };
    if (res.status !== expect) sample.error = `${res.status}: ${text.slice(0, 300)}`;
    if (op === 'open' && res.status === expect)
      sample.withView = (JSON.parse(text) as { view?: unknown }).view !== undefined;
    return sample;
  } catch (err) {
    return { op, ms: performance.now() - t0, status: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

/** One request of client `c`. */
export function request(
  o: Pick<ApiLoadOptions, 'apiUrl' | 'viewTargets' | 'runTag' | 'requestTimeoutMs'>,
  client: ApiClient,
  c: number,
  op: ApiOp,
  n: number,
): Promise<ApiSample> {
  const headers = { authorization: `Bearer ${client.token}` };
  if (op === 'open') {
    return timed(
      'open',
      `${o.apiUrl}/cases`,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(openBody(o.runTag, c, n)),
      },
      201,
      o.requestTimeoutMs,
    );
  }
  if (op === 'view') {
    const target = o.viewTargets[(c * 7 + n) % o.viewTargets.length]!;
    return timed('view', `${o.apiUrl}/cases/${encodeURIComponent(target)}`, { headers }, 200, o.requestTimeoutMs);
  }
  const query = n % 2 === 0 ? 'limit=20' : 'stage=investigating&limit=20';
  return timed('list', `${o.apiUrl}/cases?${query}`, { headers }, 200, o.requestTimeoutMs);
}

/** Runs the load; resolves when every client is done or the time is up. */
export async function runApiLoad(o: ApiLoadOptions): Promise<ApiLoadResult> {
  const quota = Math.ceil(o.requests / o.clients.length);
  const opens = opensPerClient(o.requests, o.clients.length, o.openShare);
  const samples: ApiSample[] = [];
  const started = Date.now();
  const deadline = started + o.durationMs;
  let stoppedBy: ApiLoadResult['stoppedBy'] = 'count';
  let issued = 0;
  await Promise.all(
    o.clients.map(async (client, c) => {
      let reads = 0;
      let opened = 0;
      for (let k = 0; k < quota && issued < o.requests; k++) {
        if (Date.now() >= deadline) {
          stoppedBy = 'time';
          return;
        }
        issued++;
        const op: ApiOp = isOpen(k, quota, opens, c) ? 'open' : reads++ % 2 === 0 ? 'view' : 'list';
        samples.push(await request(o, client, c, op, op === 'open' ? opened++ : k));
        if (o.thinkMs > 0) await new Promise((r) => setTimeout(r, o.thinkMs));
      }
    }),
  );
  return { samples, elapsedMs: Date.now() - started, stoppedBy };
}
