import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createApiApp } from '../../../src/api/app';
import type { ApiConfig } from '../../../src/config/api';
import { loadPolicy } from '../../../src/config/policy';
import type { Role } from '../../../src/domain/case-types';
import type { AccountItemStore } from '../../../src/domain/case/account-items';
import type { CaseService } from '../../../src/services/case/case-service';
import { bootstrapPrincipal } from '../../../src/services/access/principal-store';
import { createToken } from '../../../src/services/access/token-store';
import { startTestDatabase, type TestDatabase } from '../database';
import { connectDevServer, uniqueTaskQueue } from '../temporal-env';
import { apiTestActivities } from './fake-activities';

/** The people of the API tests and the roles their tokens grant. Dana and Rex hold two roles. */
export const PEOPLE = {
  rita: ['requester'],
  randy: ['requester'],
  ivan: ['investigator'],
  lena: ['legal'],
  leo: ['legal'],
  tom: ['tns_lead'],
  dana: ['legal', 'tns_lead'],
  ada: ['appeals'],
  otto: ['operator'],
  root: ['admin'],
  rex: ['requester', 'tns_lead'],
} satisfies Record<string, Role[]>;

export type Person = keyof typeof PEOPLE;

/** One principal per single role, for "403 for each wrong role" tests. */
export const BY_ROLE: Record<Role, Person> = {
  requester: 'rita',
  investigator: 'ivan',
  legal: 'lena',
  tns_lead: 'tom',
  appeals: 'ada',
  operator: 'otto',
  admin: 'root',
};

/** A parsed answer of the in-process app. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  contentType: string;
}

/** Options of one request. */
export interface CallOptions {
  as?: Person;
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiHarness {
  app: ReturnType<typeof createApiApp>;
  db: TestDatabase['db'];
  tokens: Record<Person, string>;
  call<T = Record<string, unknown>>(method: string, path: string, options?: CallOptions): Promise<Answer<T>>;
  env?: TestWorkflowEnvironment;
  taskQueue?: string;
  stop(): Promise<void>;
}

/**
 * An API app with its own database and a token per person. With `temporal`, the real Temporal-backed service on
 * the shared dev server (visibility included) and a worker running the real case workflow on a private task queue;
 * otherwise the given (fake) case service, for pure HTTP concerns.
 */
export async function startApiHarness(
  options: {
    temporal?: boolean;
    cases?: CaseService;
    items?: AccountItemStore;
    config?: Partial<ApiConfig>;
    now?: () => number;
  } = {},
): Promise<ApiHarness> {
  const database = await startTestDatabase();
  const stops: Array<() => Promise<void>> = [() => database.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    let client = undefined as unknown as Client;
    let env: TestWorkflowEnvironment | undefined;
    let taskQueue = 'unused';
    if (options.temporal) {
      env = await connectDevServer();
      const e = env;
      stops.push(() => e.teardown());
      taskQueue = uniqueTaskQueue('api');
      const bundle = await bundleWorkflowCode({
        workflowsPath: require.resolve('./workflows'),
        logger: {
          log: () => undefined,
          trace: () => undefined,
          debug: () => undefined,
          info: () => undefined,
          warn: () => undefined,
          error: () => undefined,
        },
      });
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        activities: apiTestActivities(database.db),
      });
      const running = worker.run();
      stops.push(async () => {
        worker.shutdown();
        await running;
      });
      client = env.client;
    }
    const app = createApiApp({
      client,
      db: database.db,
      taskQueue,
      policy: loadPolicy(),
      ...(options.cases ? { cases: options.cases } : {}),
      ...(options.items ? { items: options.items } : {}),
      ...(options.config ? { config: options.config } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    const tokens = {} as Record<Person, string>;
    for (const [person, roles] of Object.entries(PEOPLE) as [Person, Role[]][]) {
      await bootstrapPrincipal(database.db, { id: person, person: `${person}@test.invalid`, roles }, 'database');
      tokens[person] = (await createToken(database.db, { principal: person, roles, createdBy: 'test' })).token;
    }
    const call = async <T>(method: string, path: string, o: CallOptions = {}): Promise<Answer<T>> => {
      const headers: Record<string, string> = { ...o.headers };
      const token = o.token ?? (o.as ? tokens[o.as] : undefined);
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = o.rawBody;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        // not JSON (docs page, assets): keep the text
      }
      return {
        status: res.status,
        body: parsed as T,
        headers: res.headers,
        contentType: res.headers.get('content-type') ?? '',
      };
    };
    return { app, db: database.db, tokens, call, ...(env ? { env } : {}), taskQueue, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
