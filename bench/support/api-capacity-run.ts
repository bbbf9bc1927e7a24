import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadAppConfig } from '../../src/config/app-config';
import { memoryByRole, type ProcessRole } from '../lib/process-tree';
import { openBody } from './api-load';
import { apiExecutor, bareExecutor, type OpsTargets } from './capacity-ops';
import { findCapacities, type StepResult } from './open-loop';
import { startStackProcess, type StackProfile } from './stack-process';

/**
 * Benchmark: the API's capacity at a latency target, on one profile. The profile runs in its own process tree
 * (`npm start` or `npm run cluster`); the load generator in this process sends an open-loop mix (one request in
 * ten opens a case, the others alternate case view and case list) at rising rates until a step misses the
 * targets. The same steps are then sent by a bare Temporal client making the API's Temporal calls directly, on the
 * same running deployment: the ratio of the two capacities is the API's cost over Temporal's own.
 */

/** How the run is sized. */
export interface ApiCapacityOptions {
  profiles: StackProfile[];
  /** Rates tried in order (requests per second), until one misses the targets. */
  rates: number[];
  stepMs: number;
  settleMs: number;
  openEvery: number;
  readP99Ms: number;
  openP99Ms: number;
  /** Principals the API load rotates through (each has its own rate limits). */
  principals: number;
  seedCases: number;
  maxInFlight: number;
  requestTimeoutMs: number;
  /** The API's read cache (`TERMINUS_API_READ_CACHE_MS`); absent = the production default. */
  readCacheMs?: number;
}

/** The targets: reads p99 <= 100 ms, opens p99 <= 250 ms, zero errors; 10 s steps. */
export const DEFAULT_API_CAPACITY_OPTIONS: ApiCapacityOptions = {
  profiles: ['embedded', 'cluster'],
  rates: [10, 20, 40, 60, 80, 100, 130, 160, 200, 250, 300, 400, 500],
  stepMs: 10_000,
  settleMs: 3000,
  openEvery: 10,
  readP99Ms: 100,
  openP99Ms: 250,
  principals: 20,
  seedCases: 20,
  maxInFlight: 2000,
  requestTimeoutMs: 10_000,
};

type Memory = Record<ProcessRole, { mib: number; processes: number }>;

/** What one profile measured. */
export interface ProfileCapacity {
  profile: StackProfile;
  startSeconds: number;
  api: { capacity: number; steps: StepResult[] };
  bare: { capacity: number; steps: StepResult[] };
  /** API capacity over bare-client capacity; null when the bare client held no step. */
  ratio: number | null;
  memory: { idle: Memory; peakUnderLoad: Memory };
  loadAverage: { start: number[]; end: number[] };
}

async function post<T>(url: string, token: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Samples the memory of the tree every `everyMs` and keeps each role's peak. */
function peakSampler(root: number, everyMs: number): { stop(): Memory } {
  let peak = memoryByRole([root]);
  const timer = setInterval(() => {
    const now = memoryByRole([root]);
    for (const role of Object.keys(now) as ProcessRole[]) {
      if (now[role].mib > peak[role].mib) peak = { ...peak, [role]: now[role] };
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

const loadAvg = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);

/** Starts `profile` in `workDir`, measures both sides, stops it. */
export async function measureProfileCapacity(
  profile: StackProfile,
  o: ApiCapacityOptions,
  ctx: { workDir: string; log: (m: string) => void },
): Promise<ProfileCapacity> {
  const start = loadAvg();
  const workDir = path.join(ctx.workDir, profile);
  await mkdir(workDir, { recursive: true });
  const t0 = Date.now();
  const stack = await startStackProcess({
    workDir,
    profile,
    env: {
      // Every principal opens many cases in a few minutes: far above the production default.
      TERMINUS_API_RATE_OPEN: '100000/1h',
      TERMINUS_API_RATE_DESTRUCTIVE: `${2 * o.principals + 10}/1h`,
      ...(o.readCacheMs !== undefined ? { TERMINUS_API_READ_CACHE_MS: String(o.readCacheMs) } : {}),
    },
  });
  const startSeconds = (Date.now() - t0) / 1000;
  ctx.log(`${profile}: up in ${startSeconds.toFixed(1)} s, API ${stack.apiUrl}, Temporal ${stack.temporalAddress}`);
  let connection: Connection | undefined;
  try {
    const admin = stack.demoTokens.admin.token;
    const tokens: string[] = [];
    for (let i = 0; i < o.principals; i++) {
      // Principals come first (an investigator needs no second admin), then their tokens.
      const principal = `capacity-${profile}-${i}`;
      await post(`${stack.apiUrl}/principals`, admin, {
        id: principal,
        person: `${principal}@bench.invalid`,
        roles: ['investigator'],
      });
      const made = await post<{ token: string }>(`${stack.apiUrl}/tokens`, admin, {
        principal,
        roles: ['investigator'],
        label: 'api-capacity-bench',
      });
      tokens.push(made.token);
    }
    const viewTargets: string[] = [];
    for (let i = 0; i < o.seedCases; i++) {
      const opened = await post<{ caseId: string }>(
        `${stack.apiUrl}/cases`,
        stack.demoTokens.requester.token,
        openBody(`seed-${profile}`, 0, i),
      );
      viewTargets.push(opened.caseId);
    }
    const idle = memoryByRole([stack.pid]);
    ctx.log(
      `${profile}: idle memory terminus ${idle.terminus.mib} MiB, Temporal ${idle.temporal.mib} MiB, PostgreSQL ${idle.postgres.mib} MiB`,
    );
    const sides = (runTag: string): OpsTargets => ({ viewTargets, runTag, timeoutMs: o.requestTimeoutMs });

    const taskQueue = loadAppConfig({ PATH: process.env.PATH }).temporal.taskQueue;
    connection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection, namespace: 'default' });
    const sampler = peakSampler(stack.pid, 2000);
    const found = await findCapacities({
      ...o,
      targets: { readP99Ms: o.readP99Ms, openP99Ms: o.openP99Ms },
      sides: [
        { name: 'API', exec: apiExecutor(stack.apiUrl, tokens, sides(`cap-api-${profile}`)) },
        { name: 'bare', exec: bareExecutor(client, taskQueue, sides(`cap-bare-${profile}`)) },
      ],
      log: (m) => ctx.log(`${profile} ${m}`),
    });
    const api = found.API!;
    const bare = found.bare!;
    const peakUnderLoad = sampler.stop();
    return {
      profile,
      startSeconds,
      api,
      bare,
      ratio: bare.capacity > 0 ? Math.round((api.capacity / bare.capacity) * 1000) / 1000 : null,
      memory: { idle, peakUnderLoad },
      loadAverage: { start, end: loadAvg() },
    };
  } finally {
    await connection?.close().catch(() => undefined);
    await stack.stop();
  }
}
