import type { Benchmark, Figure } from '../lib/types';
import {
  DEFAULT_API_CAPACITY_OPTIONS,
  measureProfileCapacity,
  type ApiCapacityOptions,
  type ProfileCapacity,
} from '../support/api-capacity-run';
import { parseDuration, parseInteger, refuseUnknown } from '../support/options';
import type { StackProfile } from '../support/stack-process';

const KNOWN = ['profiles', 'rates', 'step', 'principals', 'read-cache'];
const PROFILES: readonly StackProfile[] = ['embedded', 'cluster'];

/** Reads `--profiles embedded,cluster --rates 10,20,40 --step 10s --principals 20 --read-cache 1s`. */
export function parseApiCapacityOptions(options: Record<string, string>): ApiCapacityOptions {
  refuseUnknown(options, KNOWN, 'api-capacity');
  const d = DEFAULT_API_CAPACITY_OPTIONS;
  const profiles = options.profiles ? options.profiles.split(',').map((p) => p.trim()) : d.profiles;
  const unknown = profiles.filter((p) => !PROFILES.includes(p as StackProfile));
  if (unknown.length) throw new Error(`--profiles: ${unknown.join(', ')} (known: ${PROFILES.join(', ')})`);
  const rates = options.rates
    ? options.rates.split(',').map((r) => parseInteger(r.trim(), 'rates', 1, 10_000))
    : d.rates;
  if (rates.some((r, i) => i > 0 && r <= rates[i - 1]!)) throw new Error('--rates: must be ascending');
  return {
    ...d,
    profiles: profiles as StackProfile[],
    rates,
    stepMs: options.step ? parseDuration(options.step, 'step') : d.stepMs,
    principals: options.principals ? parseInteger(options.principals, 'principals', 1, 200) : d.principals,
    ...(options['read-cache'] !== undefined ? { readCacheMs: parseDuration(options['read-cache'], 'read-cache') } : {}),
  };
}

const heldStep = (steps: ProfileCapacity['api']['steps'], rate: number) => steps.find((s) => s.rate === rate);

/** The figures of one profile: both capacities and their ratio, and memory idle and under load. */
export function profileFigures(p: ProfileCapacity, o: ApiCapacityOptions): Figure[] {
  const at = (side: ProfileCapacity['api']) => {
    const s = heldStep(side.steps, side.capacity);
    return s ? `at ${s.rate}/s: reads p99 ${s.reads.p99} ms, opens p99 ${s.opens.p99} ms` : 'no step held';
  };
  const missedAt = (side: ProfileCapacity['api']) => {
    const s = side.steps.find((x) => x.rate > side.capacity);
    return s
      ? `; first missed ${s.rate}/s (reads p99 ${s.reads.p99} ms, opens p99 ${s.opens.p99} ms, ${s.errors} errors)`
      : `; the highest rate tried (${o.rates[o.rates.length - 1]}/s) held`;
  };
  const mem = (m: ProfileCapacity['memory']['idle']) =>
    `terminus ${m.terminus.mib} MiB (${m.terminus.processes} processes), Temporal ${m.temporal.mib} MiB, PostgreSQL ${m.postgres.mib} MiB (${m.postgres.processes} processes)`;
  const total = (m: ProfileCapacity['memory']['idle']) =>
    Math.round((m.terminus.mib + m.temporal.mib + m.postgres.mib) * 10) / 10;
  return [
    {
      key: `${p.profile}.apiCapacity`,
      label: `${p.profile}: API capacity at reads p99 <= ${o.readP99Ms} ms, opens p99 <= ${o.openP99Ms} ms, 0 errors`,
      value: p.api.capacity,
      unit: 'requests/s',
      note: at(p.api) + missedAt(p.api),
    },
    {
      key: `${p.profile}.bareCapacity`,
      label: `${p.profile}: bare Temporal client, same calls, same targets`,
      value: p.bare.capacity,
      unit: 'requests/s',
      note: at(p.bare) + missedAt(p.bare),
    },
    {
      key: `${p.profile}.capacityRatio`,
      label: `${p.profile}: API capacity over bare-client capacity`,
      value: p.ratio,
      unit: 'x',
    },
    {
      key: `${p.profile}.memoryIdleMiB`,
      label: `${p.profile}: memory idle (PSS: terminus + Temporal + PostgreSQL)`,
      value: total(p.memory.idle),
      unit: 'MiB',
      note: mem(p.memory.idle),
    },
    {
      key: `${p.profile}.memoryLoadMiB`,
      label: `${p.profile}: memory under the load, peak per role`,
      value: total(p.memory.peakUnderLoad),
      unit: 'MiB',
      note: mem(p.memory.peakUnderLoad),
    },
  ];
}

/** Benchmark: API capacity at the latency targets against a bare Temporal client, on both local profiles. */
export const benchmark: Benchmark = {
  id: 'api-capacity',
  title: 'API capacity at a latency target, against a bare Temporal client (embedded and cluster profiles)',
  issueItem: 'capacity',
  async run({ options, workDir, log }) {
    const o = parseApiCapacityOptions(options);
    const startedAt = new Date().toISOString();
    const measured: ProfileCapacity[] = [];
    for (const profile of o.profiles) measured.push(await measureProfileCapacity(profile, o, { workDir, log }));
    return {
      id: 'api-capacity',
      title: benchmark.title,
      startedAt,
      finishedAt: new Date().toISOString(),
      parameters: { ...o },
      figures: measured.flatMap((p) => profileFigures(p, o)),
      details: { profiles: measured },
      notes: [
        `Open-loop load: requests sent at a fixed rate whatever the answers do; each latency counted from when the request was due. One request in ${o.openEvery} opens a case (POST /cases, answered once the workflow accepted the intake), the others alternate GET /cases/{id} (the running case's view query) and GET /cases (visibility list, 20 per page, one in four filtered by stage). Steps of ${o.stepMs / 1000} s at ${o.rates.join(', ')}/s until one misses, then the midpoint once; ${o.settleMs / 1000} s between steps.`,
        `Through the API, ${o.principals} principals take turns (each request authenticated, audited and rate-limited in the app database); the API's read cache is ${o.readCacheMs === undefined ? 'at its production default (a view or list page read from Temporal at most once a second; the others from memory)' : `${o.readCacheMs} ms`}. The bare side is a Temporal client in the benchmark process making the same calls (query, list with the same visibility query, update-with-start of the same intake) on the same running deployment, after the API side.`,
        "embedded: the `npm start` stack (worker and API in one process, the Temporal dev server on SQLite, PostgreSQL 18). cluster: the `npm run cluster` profile (Temporal server v1.32.1 on PostgreSQL 18, two workers and two API replicas behind a round-robin address). Memory is proportional set size summed per role over the profile's process tree (PostgreSQL's shared buffers counted once).",
        ...measured.map(
          (p) =>
            `${p.profile}: started in ${p.startSeconds.toFixed(1)} s; load average ${p.loadAverage.start.join(' / ')} at the start, ${p.loadAverage.end.join(' / ')} at the end (2 cores; the load generator shares them).`,
        ),
      ],
    };
  },
};
