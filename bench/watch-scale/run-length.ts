import type { Client } from '@temporalio/client';
import { moveToProvider } from '../../src/adapters/sandbox/competitors';
import type { Database } from '../../src/db/database';
import type { WatchState } from '../../src/domain/watch';
import type { DomainWatchSettings } from '../../src/workflows/watch/domain-watch';
import { putOnEdge } from './domains';
import { analyzeRun, type RunAnalysis } from './histories';
import { startWatches, watchWorkflowId } from './watches';

/**
 * History events per complete watch run (benchmark 4, and the proof that a whole run stays under 4,096): a few
 * watches probe on a compressed schedule until each has continued as new once, and the closed first run of each
 * is counted event by event. The event pattern per observation does not depend on the interval, so a run that
 * takes seconds here has the shape of one that takes days in production. Four kinds of domain: one that stays
 * on our edge (no change), one that goes dark, one that moves to a competitor once, and one that hops between
 * competitors throughout (a change every few observations: alerts and webhook calls in the same run).
 */

/** One domain of the phase and what it does. */
interface RunLengthDomain {
  domain: string;
  kind: 'stays-on-edge' | 'goes-dark' | 'moves-once' | 'hops';
}

/** What the phase measured. */
export interface RunLengthResult {
  intervalMs: number;
  maxObservationsPerRun: number | 'default';
  runs: (Omit<RunAnalysis, 'workflowTaskScheduleToStartMs' | 'observeScheduleToStartMs' | 'workflowTaskTimeoutsAt'> & {
    kind: string;
  })[];
  hops: number;
  timedOut: boolean;
  durationMs: number;
}

const HOPS = ['ddos-guard', 'njalla', 'cloudflare', 'self-hosted'];

/** Runs the phase; the watches are terminated at the end. */
export async function measureRunLength(input: {
  client: Client;
  db: Database;
  taskQueue: string;
  intervalMs: number;
  /** Overrides the watch's `maxObservationsPerRun` (the smoke test only); undefined = the real default. */
  maxObservationsPerRun?: number;
  timeoutMs: number;
  /** Tells a caching sandbox internet that a domain's rows changed (the embedded stack's reads per query: omit). */
  forget?: (domain: string) => void;
  log: (message: string) => void;
}): Promise<RunLengthResult> {
  const began = Date.now();
  const domains: RunLengthDomain[] = [
    { domain: 'rl-edge.bench.example', kind: 'stays-on-edge' },
    { domain: 'rl-dark.bench.example', kind: 'goes-dark' },
    { domain: 'rl-moves.bench.example', kind: 'moves-once' },
    { domain: 'rl-hops.bench.example', kind: 'hops' },
  ];
  await putOnEdge(input.db, domains[0]!.domain, 9000);
  await moveToProvider(input.db, domains[2]!.domain, 'ddos-guard');
  await moveToProvider(input.db, domains[3]!.domain, HOPS[0]!);
  for (const d of domains) input.forget?.(d.domain);

  const settings: Partial<DomainWatchSettings> = {
    fastIntervalMs: input.intervalMs,
    ...(input.maxObservationsPerRun ? { maxObservationsPerRun: input.maxObservationsPerRun } : {}),
  };
  const started = await startWatches({
    client: input.client,
    taskQueue: input.taskQueue,
    domains: domains.map((d) => d.domain),
    concurrency: 4,
    firstCutoffMs: Date.now(),
    cutoffSpreadMs: 0,
    followUpDays: 90,
    settings,
  });
  if (started.failed > 0) throw new Error(`run-length watches did not start: ${started.firstError}`);
  const firstRunIds = await Promise.all(
    domains.map(async (d) => (await input.client.workflow.getHandle(watchWorkflowId(d.domain)).describe()).runId),
  );

  // The hopping domain moves on as soon as the watch has confirmed where it is now, so every hop is a change.
  let hops = 0;
  let hopping = true;
  const hopsHandle = input.client.workflow.getHandle(watchWorkflowId(domains[3]!.domain));
  const hopper = (async () => {
    while (hopping) {
      await new Promise((r) => setTimeout(r, 250));
      const state = await hopsHandle.query<WatchState>('watchState').catch(() => null);
      if (!hopping || state?.current.provider !== HOPS[hops % HOPS.length]) continue;
      await moveToProvider(input.db, domains[3]!.domain, HOPS[(hops + 1) % HOPS.length]!).then(
        () => {
          input.forget?.(domains[3]!.domain);
          hops++;
        },
        (err: unknown) => input.log(`hop failed (tried again): ${String(err)}`),
      );
    }
  })();

  let timedOut = false;
  try {
    for (;;) {
      const statuses = await Promise.all(
        domains.map(async (d, i) => {
          const desc = await input.client.workflow.getHandle(watchWorkflowId(d.domain), firstRunIds[i]).describe();
          return desc.status.name;
        }),
      );
      if (statuses.every((s) => s !== 'RUNNING')) break;
      if (Date.now() - began > input.timeoutMs) {
        timedOut = true;
        input.log(`run-length phase timed out; first runs: ${statuses.join(', ')}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    hopping = false;
    await hopper;
  }

  const runs = await Promise.all(
    domains.map(async (d, i) => {
      const handle = input.client.workflow.getHandle(watchWorkflowId(d.domain), firstRunIds[i]);
      const history = await handle.fetchHistory();
      const {
        workflowTaskScheduleToStartMs: _w,
        observeScheduleToStartMs: _o,
        ...rest
      } = analyzeRun(watchWorkflowId(d.domain), firstRunIds[i]!, history.events ?? []);
      return { ...rest, kind: d.kind };
    }),
  );
  await Promise.all(
    domains.map((d) =>
      input.client.workflow
        .getHandle(watchWorkflowId(d.domain))
        .terminate('run-length phase finished')
        .catch(() => undefined),
    ),
  );
  return {
    intervalMs: input.intervalMs,
    maxObservationsPerRun: input.maxObservationsPerRun ?? 'default',
    runs,
    hops,
    timedOut,
    durationMs: Date.now() - began,
  };
}
