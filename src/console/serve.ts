import type { Hono } from 'hono';

/** Something that answers HTTP requests the way Hono apps do (the API app, the console app). */
export interface FetchApp {
  fetch(request: Request, env?: unknown, executionContext?: unknown): Response | Promise<Response>;
}

/**
 * The API server's handler with the console beside the API: `/console` and below go to the console (its own
 * sessions, no bearer token), everything else to the API unchanged. `consoleApp` is asked per request, so the
 * embedded stack can start its identity provider after the server listens (503 until then).
 */
export function withConsole(api: FetchApp, consoleApp: () => Pick<Hono, 'fetch'> | undefined): FetchApp {
  return {
    fetch(request, env, executionContext) {
      const { pathname } = new URL(request.url);
      if (pathname !== '/console' && !pathname.startsWith('/console/'))
        return api.fetch(request, env, executionContext);
      const app = consoleApp();
      if (!app) return new Response('the console is starting; try again in a moment\n', { status: 503 });
      return app.fetch(request, env, executionContext as undefined);
    },
  };
}
