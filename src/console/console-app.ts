import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { actionRoutes } from './action-routes';
import { authRoutes } from './auth-routes';
import { casePage } from './case-page';
import { casesPage } from './cases-page';
import type { ConsoleDeps, ConsoleEnv } from './console-env';
import { dashboardPage } from './dashboard-page';
import { page } from './layout';
import { ConsoleOidc } from './oidc-client';
import { RateLimiter } from '../services/access/rate-limiter';
import { queuesPage } from './queues-page';
import { requireSession } from './session-guard';
import { SessionStore } from './session-store';

/** Largest form accepted (the longest action field is 20,000 characters). */
const MAX_FORM_BYTES = 256 * 1024;

/**
 * The reviewer console: server-rendered pages for the staff who decide, mounted at `/console` on the API server.
 * Sign-in through the configured OpenID Connect provider; every page past it needs a session, every form its CSRF
 * token; reads and actions go through the same case service (and audit log) as the API.
 */
export function createConsoleApp(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const ctx = {
    ...deps,
    sessions: new SessionStore(deps.db),
    oidc: new ConsoleOidc(deps.config),
    limiter: new RateLimiter(deps.db),
  };
  const app = new Hono<ConsoleEnv>().basePath('/console');
  app.onError((err, c) => {
    deps.logger?.error({ err, path: c.req.path }, 'console request failed');
    const session = c.get('session') as ConsoleEnv['Variables']['session'] | undefined;
    return c.html(
      page(
        'Something failed',
        session ?? null,
        html`<p class="error" role="alert">${err.message}</p>
          <p>Nothing else was changed. Try again.</p>`,
      ),
      500,
    );
  });
  app.use('*', async (c, next) => {
    await next();
    c.header('x-frame-options', 'DENY');
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'same-origin');
    c.header('cache-control', 'no-store');
  });
  app.use('*', bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('the form is too large', 413) }));
  authRoutes(app, ctx);
  app.get('/', (c) => c.redirect('/console/queues', 302));
  app.use('*', requireSession(ctx));
  queuesPage(app, ctx);
  casesPage(app, ctx);
  casePage(app, ctx);
  actionRoutes(app, ctx);
  dashboardPage(app, ctx);
  app.notFound((c) =>
    c.html(page('Not found', null, html`<p>No console page here. <a href="/console/queues">My queues</a></p>`), 404),
  );
  return app;
}
