import { Hono } from 'hono';
import type { Client } from '@temporalio/client';
import type { Database } from '../../db/database';
import { systemCheck } from '../../workflows/system-check/system-check';

/** What the health routes need: the Temporal client, the app database and the worker's task queue. */
export interface HealthDeps {
  client: Client;
  db: Database;
  taskQueue: string;
  /** How long `/health/deep` waits for a worker to run the check. */
  deepTimeoutMs?: number;
}

/**
 * `GET /health`: can we reach Temporal and the database (cheap; for load balancers).
 * `GET /health/deep`: runs the `systemCheck` workflow end to end (API -> Temporal -> worker -> database), so a
 * missing or stuck worker shows up as unhealthy; the run stays in Temporal as a record of the check.
 */
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
  app.get('/health/deep', async (c) => {
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
      return c.json({ status: 'ok', ...result });
    } catch (err) {
      return c.json({ status: 'unhealthy', workflowId, error: err instanceof Error ? err.message : String(err) }, 503);
    }
  });
  return app;
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
