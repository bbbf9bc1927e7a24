import { Hono } from 'hono';
import { healthRoutes, type HealthDeps } from './routes/health';

/** Everything the HTTP API needs; built once at the edge (the dev stack or a deployment's entry point). */
export type ApiDeps = HealthDeps;

/** The HTTP API as a Hono app, so tests call it in-process (`app.request(...)`) and servers mount it. */
export function createApiApp(deps: ApiDeps): Hono {
  const app = new Hono();
  app.route('/', healthRoutes(deps));
  return app;
}
