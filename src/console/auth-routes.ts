import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Role } from '../domain/case-types';
import { isStaff } from '../services/access/case-access';
import { APPROVING_ROLES } from '../services/access/principal-store';
import { auditOnce } from './console-audit';
import type { ConsoleContext, ConsoleEnv } from './console-env';
import { page } from './layout';
import { checkPrincipal } from './principal-check';
import { clearSessionCookie, requireSession, sessionIdOf, setSessionCookie } from './session-guard';

/** How long a sign-in may take at the provider before it must start again. */
const SIGN_IN_TTL_MS = 10 * 60_000;

/**
 * Why a signed-in identity may not open a console session, or null. The identity provider's roles are held to the
 * rules the API's principal registry enforces: staff only, and never admin together with an approving role (an admin
 * approves nothing, so one person cannot both mint identities and decide cases).
 */
export function signInRefusal(principalId: string, roles: readonly Role[]): { message: string; detail: string } | null {
  if (!isStaff({ id: principalId, roles: [...roles] })) {
    return {
      detail: 'signed in at the provider but holds no staff role',
      message: `${principalId} holds no staff role (${roles.join(', ') || 'none'}). The console is for the staff who decide cases; a requester follows its cases through the API or the CLI.`,
    };
  }
  if (roles.includes('admin') && roles.some((r) => APPROVING_ROLES.includes(r))) {
    return {
      detail: 'the provider grants admin together with an approving role',
      message: `${principalId} is granted admin together with ${roles.filter((r) => APPROVING_ROLES.includes(r)).join(' and ')} by the identity provider. An admin approves nothing: ask for the approving role to be given to a different account than the admin one.`,
    };
  }
  return null;
}

/** A return path is a console path of this server, nothing else (no open redirect). */
const safeReturn = (value: string | undefined): string =>
  value && /^\/console(\/[A-Za-z0-9._~%/?=&+-]*)?$/.test(value) && !value.includes('//') ? value : '/console/queues';

/**
 * Sign-in through the configured OpenID Connect provider (authorisation code with PKCE, state and nonce), the
 * callback that opens a session, and sign-out. Each sign-in, refusal and sign-out is audited.
 */
export function authRoutes(app: Hono<ConsoleEnv>, ctx: ConsoleContext): void {
  app.get('/sign-in', async (c) => {
    const { url, pending } = await ctx.oidc.begin(safeReturn(c.req.query('return')));
    setSessionCookie(ctx, c, await ctx.sessions.startSignIn(pending, SIGN_IN_TTL_MS), SIGN_IN_TTL_MS);
    return c.redirect(url, 302);
  });

  app.get('/auth/callback', async (c) => {
    const pending = await ctx.sessions.takeSignIn(sessionIdOf(c));
    const refuse = async (status: number, why: string) => {
      await auditOnce(ctx, c, 'console.sign-in', status, { detail: why });
      clearSessionCookie(c);
      return c.html(
        page(
          'Sign-in failed',
          null,
          html`<p class="error" role="alert">${why}</p>
            <p><a href="/console/sign-in">Sign in again</a></p>`,
        ),
        status as 400,
      );
    };
    if (!pending) return refuse(400, 'This sign-in is unknown or took too long; start again.');
    const error = c.req.query('error');
    if (error)
      return refuse(
        401,
        `The identity provider refused the sign-in: ${error} ${c.req.query('error_description') ?? ''}`,
      );
    let who;
    try {
      who = await ctx.oidc.complete(new URL(c.req.url).search, pending);
    } catch (err) {
      return refuse(
        401,
        `The identity provider's answer did not check out: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const checked = await checkPrincipal(ctx.db, who.principalId, who.roles);
    const roles = 'roles' in checked ? checked.roles : who.roles;
    const refusal = 'refusal' in checked ? checked.refusal : signInRefusal(who.principalId, roles);
    if (refusal) {
      await auditOnce(ctx, c, 'console.sign-in', 403, {
        principal: { id: who.principalId, roles: who.roles },
        detail: refusal.detail,
      });
      clearSessionCookie(c);
      // The provider's session stays: the page offers to end it, so that another account can sign in.
      const out = await ctx.oidc.endSessionUrl(`${ctx.config.publicUrl}/signed-out`, who.idToken);
      return c.html(
        page(
          'No access',
          null,
          html`<p class="error" role="alert" tabindex="-1" data-focus>${refusal.message}</p>
            ${out ? html`<p><a href="${out}">Sign out of the identity provider</a> to sign in as someone else.</p>` : ''}`,
        ),
        403,
      );
    }
    const id = await ctx.sessions.open(who.principalId, roles, ctx.config.sessionTtlMs, who.idToken);
    await auditOnce(ctx, c, 'console.sign-in', 200, { principal: { id: who.principalId, roles } });
    setSessionCookie(ctx, c, id, ctx.config.sessionTtlMs);
    return c.redirect(safeReturn(pending.returnTo), 303);
  });

  /**
   * Sign-out ends the console session, then the provider's (RP-initiated logout: the provider's end_session
   * endpoint, with the ID token kept at sign-in as hint), which sends the browser back to the signed-out page.
   */
  app.post('/sign-out', requireSession(ctx), async (c) => {
    const { idToken } = await ctx.sessions.close(sessionIdOf(c));
    await auditOnce(ctx, c, 'console.sign-out', 200);
    clearSessionCookie(c);
    const out = await ctx.oidc.endSessionUrl(`${ctx.config.publicUrl}/signed-out`, idToken);
    if (out) return c.redirect(out, 303);
    return c.html(
      page(
        'Signed out',
        null,
        html`<p>
          You are signed out of the console. The identity provider offers no sign-out, so its own session may still be
          open. <a href="/console/sign-in">Sign in</a> again.
        </p>`,
      ),
    );
  });

  app.get('/signed-out', (c) =>
    c.html(
      page(
        'Signed out',
        null,
        html`<p>
          You are signed out of the console and of the identity provider. <a href="/console/sign-in">Sign in</a> again.
        </p>`,
      ),
    ),
  );
}
