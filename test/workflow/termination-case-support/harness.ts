import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DateTime } from 'luxon';
import type { CaseIntake, CaseView } from '../../../src/domain/case/case-state';
import type { Principal, Stage } from '../../../src/domain/case-types';
import {
  caseViewQuery,
  legalDecisionUpdate,
  secondApprovalUpdate,
  submitFindingsUpdate,
} from '../../../src/workflows/termination-case-messages';
import type { terminationCase } from '../../../src/workflows/termination-case';
import { terminationCaseStartOptions } from '../../../src/workflows/termination-case-start';
import { startTimeSkippingEnv, uniqueId, uniqueTaskQueue, type TimeSkippingEnv } from '../../helpers/temporal-env';
import { fakeActivities, newWorld, type FakeWorld } from './fakes';

export type CaseHandle = WorkflowHandle<typeof terminationCase> & { firstExecutionRunId: string };

/** The people in the scenarios: everyone has exactly the roles named, except Dana who holds two. */
export const people = {
  rita: { id: 'rita', roles: ['requester'] },
  ivan: { id: 'ivan', roles: ['investigator'] },
  lena: { id: 'lena', roles: ['legal'] },
  leo: { id: 'leo', roles: ['legal'] },
  tom: { id: 'tom', roles: ['tns_lead'] },
  dana: { id: 'dana', roles: ['legal', 'tns_lead'] },
  ada: { id: 'ada', roles: ['appeals'] },
  otto: { id: 'otto', roles: ['operator'] },
} satisfies Record<string, Principal>;

/** One time-skipping server and one workflow bundle per test file. */
export interface Harness {
  ts: TimeSkippingEnv;
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
}

export async function startHarness(): Promise<Harness> {
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quietLogger });
  const ts = await startTimeSkippingEnv();
  return { ts, env: ts.env, bundle };
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Everything a scenario body gets. */
export interface CaseContext {
  handle: CaseHandle;
  world: FakeWorld;
  intake: CaseIntake;
  env: TestWorkflowEnvironment;
  taskQueue: string;
}

/** An intake for a fresh account with its own domains (tests never share IDs). */
export function makeIntake(overrides: Partial<CaseIntake> = {}): CaseIntake {
  const id = uniqueId('acct');
  return {
    account: { id, name: `Board ${id}`, noticeContacts: [`abuse@${id}.example`] },
    domains: { primary: `${id}.example`, aliases: [`${id}-mirror.example`] },
    services: ['dns', 'proxy'],
    category: 'violent_extremism',
    summary: 'Forum used to announce attacks',
    evidenceRefs: ['https://evidence.example/report-1'],
    cutoff: { kind: 'local', time: '00:00', timeZone: 'America/Los_Angeles' },
    urgency: 'imminent',
    requestedBy: 'rita',
    ...overrides,
  };
}

/** Runs a scenario: a worker with fresh fakes on its own task queue, a case started as the API would. */
export async function withCase(
  h: Harness,
  options: { intake?: Partial<CaseIntake>; prepare?: (w: FakeWorld) => void },
  body: (c: CaseContext) => Promise<void>,
): Promise<FakeWorld> {
  const world = newWorld();
  options.prepare?.(world);
  const taskQueue = uniqueTaskQueue('case');
  const worker = await Worker.create({
    connection: h.env.nativeConnection,
    taskQueue,
    workflowBundle: h.bundle,
    activities: fakeActivities(world),
  });
  const intake = makeIntake(options.intake);
  await worker.runUntil(async () => {
    const handle = (await h.env.client.workflow.start('terminationCase', {
      ...terminationCaseStartOptions(intake),
      taskQueue,
    })) as CaseHandle;
    try {
      await body({ handle, world, intake, env: h.env, taskQueue });
    } finally {
      // Nothing of this scenario may outlive its worker: a workflow with a task nobody polls would stop the
      // shared server from skipping time for every later test in the file.
      const domains = await view(handle)
        .then((v) => [v.domains.primary, ...v.domains.aliases])
        .catch(() => [intake.domains.primary, ...intake.domains.aliases]);
      const ids = [handle.workflowId, ...domains.map((d) => `watch-${d}`)];
      await Promise.all(
        ids.map((id) =>
          h.env.client.workflow
            .getHandle(id)
            .terminate('scenario over')
            .catch(() => undefined),
        ),
      );
    }
  });
  return world;
}

/** Polls a condition in real time (no fixed sleeps); fails with the last case view when it never holds. */
export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (ok(last)) return last;
    } catch (err) {
      // The case view exists once the case has opened (its policy is resolved by the first activity).
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last ?? String(lastError))?.slice(0, 2000)}`);
}

export const view = (handle: CaseHandle): Promise<CaseView> => handle.query(caseViewQuery);

export function waitForStage(handle: CaseHandle, stage: Stage): Promise<CaseView> {
  return eventually(
    () => view(handle),
    (v) => v.stage === stage,
    `stage ${stage}`,
  );
}

/** Findings, legal approval (Lena), T&S lead approval (Tom): the case goes to the customer. */
export async function approve(handle: CaseHandle): Promise<void> {
  await waitForStage(handle, 'investigating');
  await handle.executeUpdate(submitFindingsUpdate, {
    args: [
      {
        principal: people.ivan,
        role: 'investigator',
        facts: 'Attack manifestos posted before three shootings',
        evidence: ['sha256:' + 'a'.repeat(64)],
        reasons: 'pattern over 6 months',
      },
    ],
  });
  await handle.executeUpdate(legalDecisionUpdate, {
    args: [{ principal: people.lena, role: 'legal', decision: 'approve', reasons: 'AUP 3.1 applies' }],
  });
  await handle.executeUpdate(secondApprovalUpdate, {
    args: [{ principal: people.tom, role: 'tns_lead', decision: 'approve', reasons: 'agree' }],
  });
}

/** The failure type a refused update carries (Forbidden, Conflict, InvalidInput), or a thrown error. */
export async function refusal(p: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    const cause = err.cause as { type?: string; message?: string } | undefined;
    return { type: cause?.type, message: cause?.message ?? '' };
  }
  throw new Error('expected the update to be refused');
}

/** Moves server time forward to `target` (epoch ms); no-op if already past. */
export async function skipTo(env: TestWorkflowEnvironment, target: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

/** The next given weekday/time in a zone strictly after server now (luxon weekday: 7 = Sunday). */
export async function nextLocal(
  env: TestWorkflowEnvironment,
  zone: string,
  weekday: number,
  hour: number,
  minute: number,
): Promise<number> {
  const now = DateTime.fromMillis(await env.currentTimeMs(), { zone });
  let t = now.set({ hour, minute, second: 0, millisecond: 0 });
  while (t.weekday !== weekday || t <= now) t = t.plus({ days: 1 }).set({ hour, minute });
  return t.toMillis();
}

/** Counts accepted updates in a history (refused ones never reach it). */
export async function acceptedUpdates(handle: CaseHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)
    .filter((n): n is string => typeof n === 'string');
}
