// Issue 15, finding 5: `GET /health/deep` needed no token and started a workflow on every call, so anyone who could
// reach the port could load the cluster. It now needs an operator or admin token and is rate limited; `/health`
// stays public and starts nothing.
import type { Client } from '@temporalio/client';
import { createApiApp } from '../../src/api/app';
import { DEEP_HEALTH_RATE } from '../../src/api/routes/health';
import { bootstrapPrincipal } from '../../src/services/access/principal-store';
import { createToken } from '../../src/services/access/token-store';
import { startTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let app: ReturnType<typeof createApiApp>;
const tokens = {} as Record<'requester' | 'operator' | 'admin', string>;
/** Workflows the API started, by ID. */
const started: string[] = [];

/** A Temporal client as far as the health routes use it: system info, and a check workflow that completes. */
const client = {
  connection: { workflowService: { getSystemInfo: () => Promise.resolve({}) } },
  workflow: {
    start: (_wf: unknown, options: { workflowId: string }) => {
      started.push(options.workflowId);
      return Promise.resolve({ result: () => Promise.resolve({ installationId: 'test', wroteAt: 'now' }) });
    },
  },
} as unknown as Client;

beforeAll(async () => {
  database = await startTestDatabase();
  // A fixed clock, so every call falls in one rate-limit window.
  app = createApiApp({ client, db: database.db, taskQueue: 'health', now: () => Date.parse('2026-03-01T08:00:05Z') });
  for (const role of ['requester', 'operator', 'admin'] as const) {
    const id = `health-${role}`;
    await bootstrapPrincipal(database.db, { id, person: `${id}@test.invalid`, roles: [role] }, 'database');
    tokens[role] = (await createToken(database.db, { principal: id, createdBy: 'test' })).token;
  }
});
afterAll(() => database?.stop());

const get = (path: string, token?: string) =>
  app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});

const audited = (path: string, status: number) =>
  database.db.query('SELECT 1 FROM api_audit_log WHERE path = $1 AND status = $2', [path, status]);

it('keeps /health public and cheap: it starts no workflow', async () => {
  for (let i = 0; i < 5; i++) expect((await get('/health')).status).toBe(200);
  expect(started).toEqual([]);
});

it('refuses /health/deep without a token (401) or without an operator or admin role (403), starting nothing', async () => {
  for (let i = 0; i < 20; i++) expect((await get('/health/deep')).status).toBe(401);
  expect((await get('/health/deep', tokens.requester)).status).toBe(403);
  expect(started).toEqual([]);
  expect(await audited('/health/deep', 401)).toHaveLength(20);
  expect(await audited('/health/deep', 403)).toHaveLength(1);
});

it('runs the check for an operator and an admin, within a rate limit per principal', async () => {
  const limit = DEEP_HEALTH_RATE.limit.limit;
  for (let i = 0; i < limit; i++) {
    const res = await get('/health/deep', tokens.operator);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', installationId: 'test' });
  }
  const over = await get('/health/deep', tokens.operator);
  expect(over.status).toBe(429);
  expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(started).toHaveLength(limit);
  expect((await get('/health/deep', tokens.admin)).status).toBe(200);
  expect(started).toHaveLength(limit + 1);
  expect(await audited('/health/deep', 429)).toHaveLength(1);
});
