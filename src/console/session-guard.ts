import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { auditOnce } from './console-audit';
import type { ConsoleContext, ConsoleEnv } from './console-env';
import { page } from './layout';

/** The session cookie: HttpOnly, SameSite=Lax (the provider's redirect back is a top-level GET), path /console. */
export const SESSION_COOKIE = 'terminus_console';

/** Sets the session cookie (Secure when the console is served over https). */
export function setSessionCookie(ctx: ConsoleContext, c: Context<ConsoleEnv>, id: string, maxAgeMs: number): void {
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/console',
    secure: ctx.config.publicUrl.startsWith('https:'),
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** Clears the session cookie. */
export const clearSessionCookie = (c: Context<ConsoleEnv>): void => {
  deleteCookie(c, SESSION_COOKIE, { path: '/console' });
};

/** The cookie's session id, if any. */
export const sessionIdOf = (c: Context<ConsoleEnv>): string | undefined => getCookie(c, SESSION_COOKIE);

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Every console page past sign-in: a live session or a redirect to sign-in (a POST without one is refused, 401).
 * Every POST must carry the session's CSRF token in its form (`csrf`); without it, 403, audited as a denial.
 */
export function requireSession(ctx: ConsoleContext): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const session = await ctx.sessions.find(sessionIdOf(c));
    if (!session) {
      if (c.req.method === 'GET') {
        const back = c.req.path + (new URL(c.req.url).search || '');
        return c.redirect(`/console/sign-in?return=${encodeURIComponent(back)}`, 302);
      }
      await auditOnce(ctx, c, 'console.authenticate', 401, { detail: 'no console session' });
      return c.html(
        page('Signed out', null, html`<p>Your session has ended. <a href="/console/sign-in">Sign in</a> again.</p>`),
        401,
      );
    }
    c.set('session', session);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      const token = typeof form.csrf === 'string' ? form.csrf : '';
      if (!token || !sameToken(token, session.csrfToken)) {
        await auditOnce(ctx, c, 'console.csrf', 403, { detail: 'the form carried no valid CSRF token' });
        return c.html(
          page(
            'Refused',
            session,
            html`<p class="error" role="alert">
              This form was not sent from a console page of your session (no valid CSRF token), so nothing was done.
              Reload the page and try again.
            </p>`,
          ),
          403,
        );
      }
    }
    return next();
  };
}
