import { performance } from 'node:perf_hooks';
import { percentile } from './closed-loop';

/**
 * Open-loop load: requests are sent at a fixed arrival rate whatever the answers do, as independent users would,
 * and each latency is measured from the moment the request was due, not from when it left (a system that
 * stalls is charged for the requests that waited behind the stall: no coordinated omission). In-flight requests
 * are bounded: one due while the bound is reached is counted as an error, not queued.
 */

/** What a request does: a read (`view`, `list`) or opening a case (`open`). */
export type LoadOp = 'view' | 'list' | 'open';

/** Runs request number `n` of kind `op`; resolves with an error text when it failed, undefined when it succeeded. */
export type LoadExecutor = (op: LoadOp, n: number) => Promise<string | undefined>;

/** Latencies of one kind of request in one step. */
export interface OpSummary {
  count: number;
  errors: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** One step at one rate. */
export interface StepResult {
  /** Requests per second asked. */
  rate: number;
  durationMs: number;
  sent: number;
  /** Requests answered per second over the step (the last answer included). */
  achievedRate: number;
  reads: OpSummary;
  opens: OpSummary;
  errors: number;
  errorSamples: string[];
  /** How late the scheduler itself sent, p99 (a generator too slow for the rate would show here). */
  sendLagP99Ms: number | null;
}

/** The mix: one request in `openEvery` opens a case, the others alternate case view and case list. */
export function opOf(n: number, openEvery: number): LoadOp {
  if (openEvery > 0 && n % openEvery === openEvery - 1) return 'open';
  return n % 2 === 0 ? 'view' : 'list';
}

const r1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

function summary(samples: { ms: number; error?: string }[]): OpSummary {
  const ms = samples.map((s) => s.ms);
  return {
    count: samples.length,
    errors: samples.filter((s) => s.error !== undefined).length,
    p50: r1(percentile(ms, 50)),
    p99: r1(percentile(ms, 99)),
    max: r1(ms.length ? Math.max(...ms) : null),
  };
}

/** Sends `rate` requests per second for `durationMs`, then waits for the last answer (each has its own timeout). */
export async function runStep(o: {
  rate: number;
  durationMs: number;
  openEvery: number;
  maxInFlight: number;
  /** Numbering of requests continues across steps, so opens never repeat an account. */
  firstN: number;
  exec: LoadExecutor;
}): Promise<StepResult> {
  const total = Math.max(1, Math.round((o.rate * o.durationMs) / 1000));
  const interval = 1000 / o.rate;
  const samples: { op: LoadOp; ms: number; error?: string }[] = [];
  const lags: number[] = [];
  const pending = new Set<Promise<void>>();
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    lags.push(Math.max(0, performance.now() - due));
    const n = o.firstN + i;
    const op = opOf(n, o.openEvery);
    if (pending.size >= o.maxInFlight) {
      samples.push({ op, ms: 0, error: `more than ${o.maxInFlight} requests in flight` });
      continue;
    }
    const p: Promise<void> = o
      .exec(op, n)
      .catch((err: unknown) => (err instanceof Error ? err.message : String(err)))
      .then((error) => {
        samples.push({ op, ms: performance.now() - due, ...(error !== undefined ? { error } : {}) });
        pending.delete(p);
      });
    pending.add(p);
  }
  await Promise.all(pending);
  const elapsed = performance.now() - t0;
  const reads = samples.filter((s) => s.op !== 'open');
  const opens = samples.filter((s) => s.op === 'open');
  const failed = samples.filter((s) => s.error !== undefined);
  return {
    rate: o.rate,
    durationMs: o.durationMs,
    sent: total,
    achievedRate: Math.round((samples.length / (elapsed / 1000)) * 10) / 10,
    reads: summary(reads),
    opens: summary(opens),
    errors: failed.length,
    errorSamples: [...new Set(failed.map((s) => `${s.op}: ${s.error!.slice(0, 200)}`))].slice(0, 5),
    sendLagP99Ms: r1(percentile(lags, 99)),
  };
}

/** Whether a step held the targets: every request answered without error, reads and opens within their p99. */
export function heldTargets(s: StepResult, targets: { readP99Ms: number; openP99Ms: number }): boolean {
  return (
    s.errors === 0 &&
    s.reads.p99 !== null &&
    s.reads.p99 <= targets.readP99Ms &&
    (s.opens.count === 0 || (s.opens.p99 !== null && s.opens.p99 <= targets.openP99Ms))
  );
}

/** One side of a comparison: a name and how it sends a request. */
export interface LoadSide {
  name: string;
  exec: LoadExecutor;
}

/** Each side's steps and the highest rate it held before its first miss (0 when none). */
export type Capacities = Record<string, { steps: StepResult[]; capacity: number }>;

/**
 * Steps the rate up (`rates`, ascending) for every side at once, so the sides meet the same machine and the same
 * backlog: at each rate every side still in the race runs one step, in an order that alternates between rates.
 * A side leaves the race at its first missed step and then tries the midpoint between its last held rate and the
 * missed one. Each side is warmed up first (connections, code paths; not measured).
 */
export async function findCapacities(o: {
  sides: LoadSide[];
  rates: number[];
  stepMs: number;
  openEvery: number;
  maxInFlight: number;
  targets: { readP99Ms: number; openP99Ms: number };
  log: (m: string) => void;
  /** Pause between steps so a step's backlog (cases opened) does not land on the next one's clock. */
  settleMs: number;
}): Promise<Capacities> {
  const out: Capacities = Object.fromEntries(o.sides.map((s) => [s.name, { steps: [], capacity: 0 }]));
  let n = 0;
  const step = async (side: LoadSide, rate: number, durationMs: number, measured = true): Promise<boolean> => {
    const s = await runStep({ ...o, rate, durationMs, firstN: n, exec: side.exec });
    n += s.sent;
    await new Promise((r) => setTimeout(r, o.settleMs));
    if (!measured) return true;
    const ok = heldTargets(s, o.targets);
    out[side.name]!.steps.push(s);
    o.log(
      `${side.name} ${rate}/s: reads p99 ${s.reads.p99} ms, opens p99 ${s.opens.p99} ms, ${s.errors} errors, ` +
        `answered ${s.achievedRate}/s -> ${ok ? 'held' : 'missed'}`,
    );
    if (ok) out[side.name]!.capacity = Math.max(out[side.name]!.capacity, rate);
    return ok;
  };
  for (const side of o.sides) await step(side, o.rates[0]!, Math.min(3000, o.stepMs), false);
  const missed = new Map<string, number>();
  for (const [i, rate] of o.rates.entries()) {
    const racing = o.sides.filter((s) => !missed.has(s.name));
    if (racing.length === 0) break;
    for (const side of i % 2 === 0 ? racing : [...racing].reverse()) {
      if (!(await step(side, rate, o.stepMs))) missed.set(side.name, rate);
    }
  }
  for (const side of o.sides) {
    const miss = missed.get(side.name);
    const held = out[side.name]!.capacity;
    const mid = miss === undefined ? undefined : Math.round((held + miss) / 2);
    if (mid !== undefined && mid > held && mid < miss!) await step(side, mid, o.stepMs);
  }
  return out;
}
