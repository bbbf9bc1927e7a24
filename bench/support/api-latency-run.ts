import os from 'node:os';
import { DEFAULT_API_CONFIG } from '../../src/config/api';
import { openBody, opensPerClient, runApiLoad, type ApiClient, type ApiLoadResult, type ApiOp } from './api-load';
import { percentile } from './closed-loop';
import { cpuBetween, findDevServerPid, readCpu, type CpuUsed } from './cpu-meter';
import { startStackProcess, type StackProcess } from './stack-process';

/**
 * Benchmark 3: API latency under concurrent clients. The embedded stack runs in its own process (as `npm start`);
 * clients are distinct principals with real bearer tokens made through the admin API; the cases their views read
 * are opened first through the API by the demo requester. Everything a request does in production happens:
 * token lookup, audit rows, rate-limit counters (all in PGlite), Temporal query/list/start behind the API's read
 * cache (as configured: `--read-cache 0` measures every read going to Temporal).
 */

/** How the run is sized. */
export interface ApiLatencyOptions {
  clients: number;
  requests: number;
  durationMs: number;
  openShare: number;
  /** Cases opened before the load, for the views to read. */
  seedCases: number;
  requestTimeoutMs: number;
  /** Pause of each client between its requests; 0 = back to back. */
  thinkMs: number;
  workerEnv: Record<string, string>;
  /** The API's read cache (`TERMINUS_API_READ_CACHE_MS`); absent = the production default. */
  readCacheMs?: number;
  /** A PostgreSQL for the stack instead of its embedded PGlite (`DATABASE_URL`), for comparison runs. */
  databaseUrl?: string;
}

/** The benchmark: 50 clients; 3,000 requests, one in ten opening a case; at most two minutes. */
export const DEFAULT_API_LATENCY_OPTIONS: ApiLatencyOptions = {
  clients: 50,
  requests: 3000,
  durationMs: 120_000,
  openShare: 0.1,
  seedCases: 20,
  requestTimeoutMs: 30_000,
  thinkMs: 0,
  workerEnv: {},
};

/** Latency summary of one kind of request. */
export interface OpStats {
  count: number;
  errors: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/** What the run measured. */
export interface ApiLatencyMeasurement {
  options: ApiLatencyOptions;
  /** Settings changed from the production defaults so the load fits the rate limits (none by default). */
  rateLimitEnv: Record<string, string>;
  load: ApiLoadResult;
  stats: Record<ApiOp | 'reads', OpStats>;
  opensWithoutView: number;
  errorSamples: string[];
  /** Failed warm-up requests (not in the figures). */
  warmUpErrors: string[];
  cpu: CpuUsed & { loadGeneratorSeconds: number };
  loadAverage: { start: number[]; end: number[] };
  stackStartMs: number;
}

const r1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

/** Percentiles of a set of samples. */
export function opStats(samples: { ms: number; error?: string }[]): OpStats {
  const ms = samples.map((s) => s.ms);
  return {
    count: samples.length,
    errors: samples.filter((s) => s.error !== undefined).length,
    p50: r1(percentile(ms, 50)),
    p90: r1(percentile(ms, 90)),
    p99: r1(percentile(ms, 99)),
    max: r1(ms.length ? Math.max(...ms) : null),
  };
}

async function post<T>(url: string, token: string, body: unknown, expect: number): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Rate-limit settings the run needs beyond the defaults (each client is its own principal). */
export function rateLimitEnvFor(o: ApiLatencyOptions): Record<string, string> {
  const env: Record<string, string> = {};
  const opens = Math.max(opensPerClient(o.requests, o.clients, o.openShare), o.seedCases);
  if (opens > DEFAULT_API_CONFIG.openRate.limit) env.TERMINUS_API_RATE_OPEN = `${opens}/1h`;
  // The demo admin makes one principal and one token per client (two destructive actions).
  if (2 * o.clients > DEFAULT_API_CONFIG.destructiveRate.limit) {
    env.TERMINUS_API_RATE_DESTRUCTIVE = `${2 * o.clients}/1h`;
  }
  return env;
}

const load = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);

/** Runs the benchmark on a fresh stack process in `workDir`. */
export async function measureApiLatency(
  o: ApiLatencyOptions,
  ctx: { workDir: string; log: (m: string) => void },
): Promise<ApiLatencyMeasurement> {
  const startLoad = load();
  const rateLimitEnv = rateLimitEnvFor(o);
  const t0 = Date.now();
  const stack: StackProcess = await startStackProcess({
    workDir: ctx.workDir,
    env: {
      ...o.workerEnv,
      ...rateLimitEnv,
      ...(o.readCacheMs !== undefined ? { TERMINUS_API_READ_CACHE_MS: String(o.readCacheMs) } : {}),
      ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    },
  });
  const stackStartMs = Date.now() - t0;
  ctx.log(`stack process ${stack.pid} up in ${(stackStartMs / 1000).toFixed(1)} s, API at ${stack.apiUrl}`);
  try {
    const admin = stack.demoTokens.admin.token;
    const clients: ApiClient[] = [];
    for (let i = 0; i < o.clients; i++) {
      const principal = `bench-client-${String(i).padStart(2, '0')}`;
      // Principals come first (an investigator needs no second admin), then their tokens.
      await post(
        `${stack.apiUrl}/principals`,
        admin,
        { id: principal, person: `${principal}@bench.invalid`, roles: ['investigator'] },
        201,
      );
      const created = await post<{ token: string }>(
        `${stack.apiUrl}/tokens`,
        admin,
        { principal, roles: ['investigator'], label: 'api-latency-bench' },
        201,
      );
      clients.push({ principal, token: created.token });
    }
    const viewTargets: string[] = [];
    for (let i = 0; i < o.seedCases; i++) {
      const opened = await post<{ caseId: string; view?: unknown }>(
        `${stack.apiUrl}/cases`,
        stack.demoTokens.requester.token,
        openBody('seed', 0, i),
        201,
      );
      viewTargets.push(opened.caseId);
    }
    ctx.log(`${clients.length} client tokens made through the admin API; ${viewTargets.length} cases opened to read`);
    const runTag = 'load';
    // Warm-up (not measured): every client's connection open, every route's code paths run once. A failure here
    // is counted and reported, not fatal: the measured load shows whether it persists.
    const warmUpErrors: string[] = [];
    await Promise.all(
      clients.map(async (client, c) => {
        for (const url of [
          `${stack.apiUrl}/cases?limit=20`,
          `${stack.apiUrl}/cases/${viewTargets[c % viewTargets.length]}`,
        ]) {
          const res = await fetch(url, { headers: { authorization: `Bearer ${client.token}` } });
          const text = await res.text();
          if (res.status !== 200) warmUpErrors.push(`${res.status}: ${text.slice(0, 200)}`);
        }
      }),
    );
    const serverPid = findDevServerPid(stack.temporalAddress, stack.pid);
    const before = readCpu(serverPid, stack.pid);
    const selfBefore = process.cpuUsage();
    const result = await runApiLoad({
      apiUrl: stack.apiUrl,
      clients,
      requests: o.requests,
      durationMs: o.durationMs,
      openShare: o.openShare,
      viewTargets,
      runTag,
      requestTimeoutMs: o.requestTimeoutMs,
      thinkMs: o.thinkMs,
    });
    const selfUsed = process.cpuUsage(selfBefore);
    const cpu = cpuBetween(before, readCpu(serverPid, stack.pid));
    const loadGeneratorSeconds = Math.round(((selfUsed.user + selfUsed.system) / 1e6) * 100) / 100;
    const byOp = (op: ApiOp) => result.samples.filter((s) => s.op === op);
    const stats = {
      view: opStats(byOp('view')),
      list: opStats(byOp('list')),
      open: opStats(byOp('open')),
      reads: opStats(result.samples.filter((s) => s.op !== 'open')),
    };
    ctx.log(
      `${result.samples.length} requests in ${(result.elapsedMs / 1000).toFixed(1)} s: reads p99 ${stats.reads.p99} ms, opens p99 ${stats.open.p99} ms, ` +
        `${result.samples.filter((s) => s.error).length} errors`,
    );
    return {
      options: o,
      rateLimitEnv,
      load: result,
      stats,
      opensWithoutView: byOp('open').filter((s) => s.withView === false).length,
      errorSamples: result.samples
        .filter((s) => s.error)
        .slice(0, 5)
        .map((s) => `${s.op}: ${s.error}`),
      warmUpErrors,
      cpu: {
        ...cpu,
        othersSeconds:
          cpu.othersSeconds === null
            ? null
            : Math.round(Math.max(0, cpu.othersSeconds - loadGeneratorSeconds) * 100) / 100,
        loadGeneratorSeconds,
      },
      loadAverage: { start: startLoad, end: load() },
      stackStartMs,
    };
  } finally {
    await stack.stop();
  }
}
