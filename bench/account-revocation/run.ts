import { setTimeout as sleep } from 'node:timers/promises';
import { createAccountActivities } from '../../src/activities/account';
import { countAccountItems } from '../../src/activities/account-items-store';
import { startProcSampler } from '../lib/proc-sampler';
import type { BenchmarkContext } from '../lib/types';
import { accountRevocationDriver } from './driver-workflow';
import type { AccountRevocationOptions, AccountRevocationProfile } from './options';
import { seedAccountOnRealEdge } from './seed-edge';
import { startAccountWorld, type AccountWorld } from './world';

/**
 * The account-revocation benchmark's two runs on one world: an account revoked straight through, then another
 * whose worker is SIGKILLed when half its items are done and started again. Each run is timed from the cutoff (the
 * driver workflow's start) to the last zone gone, and checked on the servers themselves: no zone or route of the
 * account left, and every zone DELETEd exactly once as the relay in front of PowerDNS saw it.
 */

/** What one run measured. */
export interface RevocationRun {
  profile: AccountRevocationProfile;
  label: 'straight' | 'killed';
  accountId: string;
  zones: number;
  items: number;
  seedSeconds: number;
  cutoffToLastZoneGoneSeconds: number;
  cutoffToCompletedSeconds: number;
  zonesPerSecond: number;
  /** Peak resident memory of each worker process the run used (two when killed). */
  workerPeakRssMiB: number[];
  killedAt?: { doneItems: number; afterSeconds: number };
  left: { zonesOnPowerDns: number; routesOnCaddy: number };
  deletes: {
    zonesDeletedOnce: number;
    zonesNeverDeleted: number;
    zonesDeletedTwice: number;
    requests: number;
    notFound: number;
  };
  rows: { done: number; absent: number; failed: number; pending: number; changedFalse: number };
}

/** Both runs and the world's parameters. */
export interface AccountRevocationMeasurement {
  options: AccountRevocationOptions;
  runs: RevocationRun[];
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function oneRun(
  world: AccountWorld,
  profile: AccountRevocationProfile,
  o: AccountRevocationOptions,
  label: RevocationRun['label'],
  log: (m: string) => void,
): Promise<RevocationRun> {
  const accountId = `acct-${label}`;
  const caseId = `case-${accountId}`;
  let began = Date.now();
  const seeded = await seedAccountOnRealEdge(world.edge, { accountId, zones: o.zones, concurrency: o.seedConcurrency });
  const seedSeconds = (Date.now() - began) / 1000;
  const discovery = await createAccountActivities({ db: world.db, providers: world.providers }).discoverAccountItems({
    idempotencyKey: `${caseId}:intake`,
    caseId,
    accountIds: [accountId],
    phase: 'intake',
  });
  log(`${label}: seeded ${o.zones} zones in ${seedSeconds.toFixed(1)} s, ${discovery.total} items discovered`);

  let worker = await world.startWorker();
  let sampler = startProcSampler({ worker: worker.child.pid! }, 250);
  const peaks: number[] = [];
  const cutoff = Date.now();
  const handle = await world.client.workflow.start(accountRevocationDriver, {
    taskQueue: world.taskQueue,
    workflowId: `account-revocation-${label}`,
    args: [
      {
        caseId,
        accountIds: [accountId],
        services: ['dns', 'proxy'],
        batchSize: o.batchSize,
        batchesPerRun: o.batchesPerRun,
      },
    ],
  });
  let killedAt: RevocationRun['killedAt'];
  if (label === 'killed') {
    let done = 0;
    await waitUntil(
      async () => {
        const c = await countAccountItems(world.db, caseId);
        done = c.done + c.absent;
        return done >= discovery.total / 2;
      },
      3_600_000,
      'half the items done',
    );
    sampler.sampleNow();
    worker.child.kill('SIGKILL');
    await worker.stop();
    killedAt = { doneItems: done, afterSeconds: (Date.now() - cutoff) / 1000 };
    peaks.push(sampler.stop().worker?.peakRssMiB ?? 0);
    log(`${label}: worker SIGKILLed at ${done}/${discovery.total} items after ${killedAt.afterSeconds.toFixed(1)} s`);
    worker = await world.startWorker();
    sampler = startProcSampler({ worker: worker.child.pid! }, 250);
  }
  await handle.result();
  const completed = Date.now();
  sampler.sampleNow();
  peaks.push(sampler.stop().worker?.peakRssMiB ?? 0);
  await worker.stop();

  const [last] = await world.db.query<{ last: Date }>(
    `SELECT max(revoked_at) AS last FROM case_items WHERE case_id = $1 AND kind = 'zone'`,
    [caseId],
  );
  const lastGone = last?.last ? last.last.getTime() : completed;
  const rows = await countAccountItems(world.db, caseId);
  const [unchanged] = await world.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM case_items WHERE case_id = $1 AND changed = false',
    [caseId],
  );
  const counts = seeded.zones.map((z) => world.counter.deletes.get(z) ?? []);
  began = (lastGone - cutoff) / 1000;
  return {
    profile,
    label,
    accountId,
    zones: o.zones,
    items: discovery.total,
    seedSeconds,
    cutoffToLastZoneGoneSeconds: began,
    cutoffToCompletedSeconds: (completed - cutoff) / 1000,
    zonesPerSecond: o.zones / Math.max(began, 0.001),
    workerPeakRssMiB: peaks,
    ...(killedAt ? { killedAt } : {}),
    left: {
      zonesOnPowerDns: (await world.providers.dns.listZones()).filter((z) => z.account === accountId).length,
      routesOnCaddy: (await world.providers.proxy.listRoutes()).filter((r) => r.account === accountId).length,
    },
    deletes: {
      zonesDeletedOnce: counts.filter((c) => c.filter((s) => s < 300).length === 1).length,
      zonesNeverDeleted: counts.filter((c) => c.length === 0).length,
      zonesDeletedTwice: counts.filter((c) => c.filter((s) => s < 300).length > 1).length,
      requests: counts.reduce((a, c) => a + c.length, 0),
      notFound: counts.reduce((a, c) => a + c.filter((s) => s === 404).length, 0),
    },
    rows: { ...rows, changedFalse: Number(unchanged?.n ?? 0) },
  };
}

/**
 * For each profile in turn: starts its world, runs the straight run and (unless `--kill off`) the killed run, and
 * stops everything before the next profile starts.
 */
export async function measureAccountRevocation(
  options: AccountRevocationOptions,
  ctx: Pick<BenchmarkContext, 'workDir' | 'log'>,
): Promise<AccountRevocationMeasurement> {
  const runs: RevocationRun[] = [];
  for (const profile of options.profiles) {
    const log = (m: string): void => ctx.log(`${profile}: ${m}`);
    const world = await startAccountWorld({ profile, workDir: ctx.workDir, log });
    try {
      runs.push(await oneRun(world, profile, options, 'straight', log));
      if (options.kill) runs.push(await oneRun(world, profile, options, 'killed', log));
    } finally {
      await world.stop();
    }
  }
  return { options, runs };
}
