import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import type { CaseIntake, CaseView } from '../../../src/domain/case/case-state';
import type { Principal, Stage } from '../../../src/domain/case-types';
import { CASE_UPDATES, caseViewQuery } from '../../../src/workflows/case/messages';
import type { terminationCase } from '../../../src/workflows/case/termination-case';
import { terminationCaseStartOptions } from '../../../src/workflows/case/start-options';
import { startTimeSkippingEnv, uniqueId, uniqueTaskQueue, type TimeSkippingEnv } from '../temporal-env';
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

/** One time-skipping server and one worker per test file; scenarios register their fake world by workflow ID. */
/** Server time: read it, move it forward (the method names of TestWorkflowEnvironment). */
export interface TestClock {
  currentTimeMs(): Promise<number>;
  sleep(ms: number): Promise<void>;
}

export interface Harness {
  ts: TimeSkippingEnv;
  env: TestClock;
  /** A plain client: its calls never touch the server's time-skipping lock (the environment's client locks and
   * unlocks around `result()`, and a retried lock RPC on a flaky connection leaves time locked for good). Time
   * moves only through `skipTo`. */
  client: Client;
  taskQueue: string;
  worlds: Map<string, FakeWorld>;
  teardown(): Promise<void>;
}

/**
 * Starts the file's server and its one worker. A single long-lived worker matters on a time-skipping server:
 * a workflow left with a task nobody polls (a watch of a scenario whose worker is gone) stops time skipping for
 * every later test. `options.activities` adds capabilities some files need (the account fakes).
 */
export async function startHarness(options: { activities?: object } = {}): Promise<Harness> {
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    logger: quietLogger,
  });
  // Keepalive pings no more often than the Java test server accepts (it answers more frequent ones with GOAWAY
  // "too many pings"; a time-skipping call cut by that GOAWAY stalled skipping for minutes in our runs), on the
  // connection the clock and the client below use.
  const ts = await startTimeSkippingEnv({
    channelArgs: { 'grpc.keepalive_time_ms': 10 * 60_000, 'grpc.keepalive_permit_without_calls': 0 },
  });
  const worlds = new Map<string, FakeWorld>();
  const taskQueue = uniqueTaskQueue('case');
  const worker = await Worker.create({
    connection: ts.env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: { ...fakeActivities(worlds), ...options.activities },
  });
  const running = worker.run();
  const connection = ts.env.connection;
  if (!connection.testService) throw new Error('the test connection has no test service');
  // A plain client over the environment's connection: not the environment's own `client`, which locks time skipping.
  const client = new Client({ connection, namespace: 'default' });
  traceClient = client;
  return {
    ts,
    env: ts.env,
    client,
    taskQueue,
    worlds,
    async teardown() {
      worker.shutdown();
      await running;
      await ts.teardown();
    },
  };
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
  env: TestClock;
  client: Client;
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

/** Runs a scenario: fresh fakes registered for the case, the case started as the API would, terminated after. */
export async function withCase(
  h: Harness,
  options: { intake?: Partial<CaseIntake>; prepare?: (w: FakeWorld) => void },
  body: (c: CaseContext) => Promise<void>,
): Promise<FakeWorld> {
  const world = newWorld();
  options.prepare?.(world);
  const intake = makeIntake(options.intake);
  const start = terminationCaseStartOptions(intake);
  h.worlds.set(start.workflowId, world);
  traceIds.push(start.workflowId, ...[intake.domains.primary, ...intake.domains.aliases].map((d) => `watch-${d}`));
  const taskQueue = h.taskQueue;
  const handle = (await h.client.workflow.start('terminationCase', { ...start, taskQueue })) as CaseHandle;
  try {
    await body({ handle, world, intake, env: h.env, client: h.client, taskQueue });
  } finally {
    // A case left running is ended the way staff would end it, never terminated: terminating a run with an
    // activity in flight leaks the time-skipping server's lock for good (sdk-java issue 1138).
    const running = await handle
      .describe()
      .then((d) => d.status.name === 'RUNNING')
      .catch(() => false);
    if (running) await endCase(handle).catch(() => handle.terminate('scenario over').catch(() => undefined));
  }
  return world;
}

const traceIds: string[] = [];
let traceClient: Client | undefined;

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
  if (process.env.CASE_TRACE) process.stderr.write(`[trace] eventually ${what} timed out\n`);
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
  await handle.executeUpdate(CASE_UPDATES.findings, {
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
  await handle.executeUpdate(CASE_UPDATES['legal-decision'], {
    args: [{ principal: people.lena, role: 'legal', decision: 'approve', reasons: 'AUP 3.1 applies' }],
  });
  await handle.executeUpdate(CASE_UPDATES['second-approval'], {
    args: [{ principal: people.tom, role: 'tns_lead', decision: 'approve', reasons: 'agree' }],
  });
}

/**
 * Ends a case the way staff would (end monitoring, or withdraw before revocation) and waits for it to close.
 * Tests never terminate a case: a run terminated with an activity in flight leaves the time-skipping server
 * unable to skip time again (sdk-java issue 1138), which stalls every later test of the file.
 */
export async function endCase(handle: CaseHandle): Promise<void> {
  const v = await view(handle);
  if (v.stage === 'monitoring') {
    await handle.executeUpdate(CASE_UPDATES['end-monitoring'], {
      args: [{ principal: people.tom, role: 'tns_lead', reasons: 'scenario over' }],
    });
  } else if (v.stage !== 'closed') {
    await handle.executeUpdate(CASE_UPDATES.withdraw, {
      args: [{ principal: people.lena, role: 'legal', reasons: 'scenario over' }],
    });
  }
  await handle.result();
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
export async function skipTo(env: TestClock, target: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (target <= now) return;
  const t0 = Date.now();
  const watchdog =
    process.env.CASE_TRACE && traceClient ? setTimeout(() => void dumpRunning(traceClient!), 15_000) : undefined;
  try {
    await env.sleep(target - now);
  } finally {
    clearTimeout(watchdog);
  }
  if (process.env.CASE_TRACE) process.stderr.write(`[trace] skip ${target - now} ms took ${Date.now() - t0} ms real\n`);
}

/** Diagnostics (CASE_TRACE=1): what every scenario workflow is doing when time does not skip. */
async function dumpRunning(client: Client): Promise<void> {
  for (const id of traceIds) {
    const d = await client.workflow
      .getHandle(id)
      .describe()
      .catch(() => undefined);
    if (!d || d.status.name !== 'RUNNING') continue;
    const hist = await client.workflow
      .getHandle(id)
      .fetchHistory()
      .catch(() => undefined);
    const tail = (hist?.events ?? []).slice(-8).map((e) =>
      Object.keys(e)
        .find((k) => k.endsWith('Attributes'))
        ?.replace('EventAttributes', ''),
    );
    process.stderr.write(`[trace] ${id} running; last events: ${tail.join(' ')}\n`);
  }
}

/** The next given weekday/time in a zone strictly after server now (luxon weekday: 7 = Sunday). */
export async function nextLocal(
  env: TestClock,
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
