import { DEFAULT_API_CONFIG } from '../../src/config/api';
import type { Benchmark, Figure } from '../lib/types';
import {
  DEFAULT_API_LATENCY_OPTIONS,
  measureApiLatency,
  type ApiLatencyMeasurement,
  type ApiLatencyOptions,
} from '../support/api-latency-run';
import {
  parseDuration,
  parseInteger,
  parseShare,
  refuseUnknown,
  WORKER_OPTION_KEYS,
  workerEnvFrom,
} from '../support/options';

const KNOWN = [
  'database-url',
  'clients',
  'requests',
  'duration',
  'open-share',
  'seed-cases',
  'request-timeout',
  'think',
  'read-cache',
  ...WORKER_OPTION_KEYS,
];
const READ_P99_TARGET_MS = 100;
const OPEN_P99_TARGET_MS = 250;

/** Reads `--clients 50 --requests 3000 --duration 2m --open-share 0.1 --seed-cases 20 --request-timeout 30s --think 0ms
 * --read-cache 1s --database-url postgres://...`. */
export function parseApiLatencyOptions(options: Record<string, string>): ApiLatencyOptions {
  refuseUnknown(options, KNOWN, 'api-latency');
  const d = DEFAULT_API_LATENCY_OPTIONS;
  return {
    clients: options.clients ? parseInteger(options.clients, 'clients', 1, 500) : d.clients,
    requests: options.requests ? parseInteger(options.requests, 'requests', 1, 1_000_000) : d.requests,
    durationMs: options.duration ? parseDuration(options.duration, 'duration') : d.durationMs,
    openShare: options['open-share'] ? parseShare(options['open-share'], 'open-share') : d.openShare,
    seedCases: options['seed-cases'] ? parseInteger(options['seed-cases'], 'seed-cases', 1, 1000) : d.seedCases,
    requestTimeoutMs: options['request-timeout']
      ? parseDuration(options['request-timeout'], 'request-timeout')
      : d.requestTimeoutMs,
    thinkMs: options.think ? parseDuration(options.think, 'think') : d.thinkMs,
    workerEnv: workerEnvFrom(options),
    ...(options['read-cache'] !== undefined ? { readCacheMs: parseDuration(options['read-cache'], 'read-cache') } : {}),
    ...(options['database-url'] ? { databaseUrl: databaseUrl(options['database-url']) } : {}),
  };
}

function databaseUrl(text: string): string {
  if (!/^postgres(ql)?:\/\//.test(text)) throw new Error(`--database-url: "${text}" must be a postgres:// URL`);
  return text;
}

function gap(value: number | null, target: number): string {
  if (value === null) return 'not measured';
  const pct = Math.round((Math.abs(value - target) / target) * 1000) / 10;
  return value <= target
    ? `${pct}% under the target`
    : `${Math.round((value - target) * 10) / 10} ms (${pct}%) over the target`;
}

/** The figures: read and open percentiles with their targets, and the error count. */
export function apiLatencyFigures(m: ApiLatencyMeasurement): Figure[] {
  const s = m.stats;
  const errors = m.load.samples.filter((x) => x.error).length;
  const rate = m.load.elapsedMs > 0 ? Math.round((m.load.samples.length / (m.load.elapsedMs / 1000)) * 10) / 10 : 0;
  return [
    {
      key: 'readP99Ms',
      label: `Reads (case view, case list), p99, ${m.options.clients} concurrent clients`,
      value: s.reads.p99,
      unit: 'ms',
      target: `<= ${READ_P99_TARGET_MS} ms`,
      met: s.reads.p99 === null ? null : s.reads.p99 <= READ_P99_TARGET_MS,
      note: `${gap(s.reads.p99, READ_P99_TARGET_MS)}; view p99 ${s.view.p99} ms, list p99 ${s.list.p99} ms; ${s.reads.count} reads`,
    },
    {
      key: 'readP50Ms',
      label: 'Reads, p50',
      value: s.reads.p50,
      unit: 'ms',
      note: `view p50 ${s.view.p50} ms, list p50 ${s.list.p50} ms; p90 ${s.reads.p90} ms, max ${s.reads.max} ms`,
    },
    {
      key: 'openP99Ms',
      label: `Opening a case, p99, ${m.options.clients} concurrent clients`,
      value: s.open.p99,
      unit: 'ms',
      target: `<= ${OPEN_P99_TARGET_MS} ms`,
      met: s.open.p99 === null ? null : s.open.p99 <= OPEN_P99_TARGET_MS,
      note: `${gap(s.open.p99, OPEN_P99_TARGET_MS)}; ${s.open.count} opens (workflow started and its intake accepted)${m.opensWithoutView ? `, ${m.opensWithoutView} answered before the intake was accepted` : ''}`,
    },
    {
      key: 'openP50Ms',
      label: 'Opening a case, p50',
      value: s.open.p50,
      unit: 'ms',
      note: `p90 ${s.open.p90} ms, max ${s.open.max} ms`,
    },
    {
      key: 'errors',
      label: 'Errors (network, timeout or unexpected status)',
      value: errors,
      unit: 'requests',
      target: '0',
      met: errors === 0,
      note: `${m.load.samples.length} requests at ${rate}/s${m.errorSamples.length ? `; first: ${m.errorSamples[0]}` : ''}`,
    },
  ];
}

/** Failed requests by operation and status (`view 503`: 4). */
function errorsByStatus(m: ApiLatencyMeasurement): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of m.load.samples.filter((x) => x.error))
    out[`${s.op} ${s.status}`] = (out[`${s.op} ${s.status}`] ?? 0) + 1;
  return out;
}

function readCacheNote(readCacheMs: number | undefined): string {
  const ms = readCacheMs ?? DEFAULT_API_CONFIG.readCacheMs;
  return ms > 0
    ? `The API's read cache was on (${ms} ms, the default): a view or list page is read from Temporal at most once per ${ms} ms, the other reads of it are answered from memory (each still authenticated and audited).`
    : "The API's read cache was off (--read-cache 0): every read went to Temporal.";
}

function apiLatencyNotes(m: ApiLatencyMeasurement): string[] {
  const c = m.cpu;
  const rate = Math.round((m.load.samples.length / Math.max(0.001, m.load.elapsedMs / 1000)) * 10) / 10;
  const cpuPerRequest =
    Math.round(((c.selfSeconds + c.serverSeconds) / Math.max(1, m.load.samples.length)) * 10000) / 10;
  const errors = Object.entries(errorsByStatus(m));
  return [
    ...(errors.length
      ? [
          `Failed requests by route and status: ${errors.map(([k, v]) => `${k}: ${v}`).join(', ')}; first answers: ${m.errorSamples.slice(0, 2).join(' | ')}.`,
        ]
      : []),
    ...(m.warmUpErrors.length
      ? [`${m.warmUpErrors.length} warm-up requests failed too (first: ${m.warmUpErrors[0]}).`]
      : []),
    `${m.options.clients} clients, each a distinct principal (role investigator) with a token made through POST /tokens; ` +
      `each does ${Math.ceil(m.options.requests / m.options.clients)} requests ${m.options.thinkMs ? `${m.options.thinkMs} ms apart` : 'back to back'}: one in ${Math.round(1 / (m.options.openShare || 1))} opens a case ` +
      `(POST /cases answers once the workflow has accepted the intake), the others alternate GET /cases/{id} (a query of the ` +
      `running case) and GET /cases (visibility list, 20 per page, half filtered by stage). ${readCacheNote(m.options.readCacheMs)} Views read ${m.options.seedCases} cases opened ` +
      `before the load; ${m.load.stoppedBy === 'time' ? 'the run hit its time limit' : 'every client finished its quota'} in ${Math.round(m.load.elapsedMs / 100) / 10} s.`,
    `The stack ran as \`npm start\` does, in its own process (worker, ${m.options.databaseUrl ? 'PostgreSQL at --database-url instead of PGlite' : 'PGlite'}, MailDev, sandbox edge, API), with the production API ` +
      `settings${
        Object.keys(m.rateLimitEnv).length
          ? ` except ${Object.entries(m.rateLimitEnv)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`
          : ''
      }; ` +
      `every request authenticates its token, writes audit rows and (opens) a rate-limit counter in the app database.`,
    `The API sustained ${rate} requests/s, CPU ${cpuPerRequest} ms per request (stack process + Temporal server); with the ` +
      `clients sending ${m.options.thinkMs ? `every ${m.options.thinkMs} ms` : 'back to back'}, the mean latency is at least ` +
      `(clients / throughput - think time) by Little's law${
        m.options.thinkMs === 0 ? ` = ${Math.round((m.options.clients / rate) * 1000)} ms here` : ''
      }.`,
    `CPU during the load (${c.wallSeconds} s wall, 2 cores): stack process ${c.selfSeconds} s, Temporal dev server ${c.serverSeconds} s, ` +
      `load generator ${c.loadGeneratorSeconds} s, other processes on the machine ${c.othersSeconds ?? 'unknown'} s.`,
    `Load average ${m.loadAverage.start.join(' / ')} at the start, ${m.loadAverage.end.join(' / ')} at the end; absolute latencies on a ` +
      `shared 2-core machine move with its load.`,
  ];
}

/** Issue 8, benchmark 3: API latency under 50 concurrent clients (reads p99 <= 100 ms, opens p99 <= 250 ms, no errors). */
export const benchmark: Benchmark = {
  id: 'api-latency',
  title: 'API latency under concurrent clients',
  issueItem: '3',
  async run(ctx) {
    const options = parseApiLatencyOptions(ctx.options);
    const startedAt = new Date().toISOString();
    const m = await measureApiLatency(options, ctx);
    return {
      id: 'api-latency',
      title: this.title,
      startedAt,
      finishedAt: new Date().toISOString(),
      parameters: {
        ...options,
        ...(options.databaseUrl
          ? { databaseUrl: options.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') }
          : {}),
        rateLimitEnv: m.rateLimitEnv,
        stackStartSeconds: m.stackStartMs / 1000,
      },
      figures: apiLatencyFigures(m),
      details: {
        stats: m.stats,
        opensWithoutView: m.opensWithoutView,
        errorSamples: m.errorSamples,
        errorsByStatus: errorsByStatus(m),
        warmUpErrors: m.warmUpErrors,
        cpu: m.cpu,
        stoppedBy: m.load.stoppedBy,
        elapsedMs: m.load.elapsedMs,
      },
      notes: apiLatencyNotes(m),
    };
  },
};
