import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Database } from '../../db/database';
import { systemCheck } from '../../workflows/system-check/system-check';
import type { ApiEnv } from '../api-env';
import { takeRate, type SecurityDeps } from '../auth';
import { secureRoute } from '../secure-route';

/** What the health routes need: the Temporal client, the app database and the worker's task queue. */
export interface HealthDeps {
  client: Client;
  db: Database;
  taskQueue: string;
  /** How long `/health/deep` waits for a worker to run the check. */
  deepTimeoutMs?: number;
}

/** Roles that may run the end-to-end check: it starts a workflow, so it is work someone answers for. */
export const DEEP_HEALTH_ROLES = ['operator', 'admin'] as const;

/** Deep checks per principal: enough for a monitor polling every 10 s, too few to load the cluster. */
export const DEEP_HEALTH_RATE = {
  bucket: 'health-deep',
  limit: { limit: 6, windowMs: 60_000 },
  what: 'deep health checks',
};

/** `GET /health`: can we reach Temporal and the database (public and cheap: no workflow, for load balancers). */
export function healthRoutes(deps: HealthDeps): Hono {
  const app = new Hono();
  app.get('/health', async (c) => {
    const [temporal, database] = await Promise.all([
      probe(() => deps.client.connection.workflowService.getSystemInfo({})),
      probe(() => deps.db.query('SELECT 1')),
    ]);
    const ok = temporal === 'ok' && database === 'ok';
    return c.json({ status: ok ? 'ok' : 'degraded', temporal, database }, ok ? 200 : 503);
  });
  return app;
}

const DeepHealthSchema = z
  .looseObject({ status: z.enum(['ok', 'unhealthy']), workflowId: z.string().optional(), error: z.string().optional() })
  .openapi('DeepHealth');

/**
 * `GET /health/deep`: runs the `systemCheck` workflow end to end (API -> Temporal -> worker -> database), so a
 * missing or stuck worker shows up as unhealthy; the run stays in Temporal as a record of the check. It starts a
 * workflow, so it needs an operator or admin token and is rate limited (issue 15, finding 5).
 */
export function deepHealthRoute(app: OpenAPIHono<ApiEnv>, deps: SecurityDeps & HealthDeps): void {
  secureRoute(app, deps, {
    action: 'health.deep',
    roles: DEEP_HEALTH_ROLES,
    route: createRoute({
      method: 'get',
      path: '/health/deep',
      tags: ['health'],
      summary: 'End-to-end check: runs a workflow through a worker to the database',
      responses: {
        200: { description: 'Healthy', content: { 'application/json': { schema: DeepHealthSchema } } },
      },
    }),
    handler: async (c) => {
      const limited = await takeRate(deps, c, DEEP_HEALTH_RATE);
      if (limited) return limited;
      const requestedAt = new Date().toISOString();
      const workflowId = `system-check-${requestedAt}`;
      try {
        const handle = await deps.client.workflow.start(systemCheck, {
          workflowId,
          taskQueue: deps.taskQueue,
          args: [{ requestedAt }],
          workflowExecutionTimeout: '1 minute',
        });
        const result = await withTimeout(handle.result(), deps.deepTimeoutMs ?? 15_000);
        return c.json({ status: 'ok', ...result }, 200);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return c.json({ status: 'unhealthy', workflowId, error }, 503);
      }
    },
  });
}

async function probe(fn: () => Promise<unknown>): Promise<string> {
  try {
    await withTimeout(fn(), 3000);
    return 'ok';
  } catch (err) {
    return `unreachable: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (is a worker running?)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
