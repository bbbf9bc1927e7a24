import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { html } from 'hono/html';
import type { InteractionDetails, Provider } from 'oidc-provider';
import { toHtml, type Html } from '../console/layout';

/** A demo account of the embedded identity provider: a principal and the roles it holds. */
export interface DemoAccount {
  id: string;
  name: string;
  roles: string[];
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
fieldset{border:1px solid #767676;padding:.5rem 1rem}label{display:block;margin:.4rem 0}
input[type=password]{font-size:1rem;padding:.3rem;width:100%;box-sizing:border-box}
button{font-size:1rem;padding:.4rem 1rem;margin:.6rem .4rem 0 0}.error{color:#a00000;font-weight:bold}
:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}`;

/** A page of the embedded provider (login, consent, sign-out): landmarks, the language, the focus ring. */
export function layout(title: string, body: Html): string {
  return toHtml(
    html`<!DOCTYPE html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${title} - terminus sign-in (embedded)</title>
          <style>
            ${STYLE}
          </style>
        </head>
        <body>
          <main>
            <h1>${title}</h1>
            ${body}
          </main>
        </body>
      </html>`,
  );
}

function loginPage(uid: string, accounts: readonly DemoAccount[], error?: string): string {
  return layout(
    'Sign in',
    html`<p>
        The embedded stack's identity provider: sign in as one of the demo staff members. The password is in
        <code>demo-sign-in.json</code> in the stack's data folder.
      </p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/interaction/${uid}/login">
        <fieldset>
          <legend>Who are you?</legend>
          ${accounts.map(
            (a, i) =>
              html`<label
                ><input type="radio" name="account" value="${a.id}" ${i === 0 ? 'checked' : ''} /> ${a.name} (${a.id};
                roles: ${a.roles.join(', ')})</label
              >`,
          )}
        </fieldset>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>`,
  );
}

function consentPage(uid: string, details: InteractionDetails): string {
  const client = typeof details.params.client_id === 'string' ? details.params.client_id : 'the client';
  const scope = typeof details.params.scope === 'string' ? details.params.scope : 'openid';
  return layout(
    'Allow access',
    html`<p><strong>${client}</strong> asks to know who you are and which roles you hold (${scope}).</p>
      <form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>
      <form method="post" action="/interaction/${uid}/abort"><button type="submit">Deny</button></form>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function send(res: ServerResponse, status: number, page: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(page);
}

const samePassword = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Grants the scopes and claims the consent prompt asks for (the user pressed Allow). */
async function grantConsent(provider: Provider, details: InteractionDetails): Promise<string> {
  const accountId = details.session?.accountId ?? '';
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  const missing = details.prompt.details;
  if (Array.isArray(missing.missingOIDCScope)) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (Array.isArray(missing.missingOIDCClaims)) grant.addOIDCClaims(missing.missingOIDCClaims as string[]);
  const resources = (missing.missingResourceScopes ?? {}) as Record<string, string[]>;
  for (const [indicator, scopes] of Object.entries(resources)) grant.addResourceScope(indicator, scopes.join(' '));
  return grant.save();
}

/**
 * The login and consent pages of the embedded provider (`/interaction/<uid>`), server-rendered, usable from the
 * keyboard, one form each. Login checks the stack's demo password; consent grants what the client asked for.
 */
export function interactionHandler(provider: Provider, accounts: readonly DemoAccount[], password: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = /^\/interaction\/([A-Za-z0-9_-]{1,100})(?:\/(login|confirm|abort))?$/.exec(
      (req.url ?? '').split('?')[0] ?? '',
    );
    if (!match) return send(res, 404, layout('Not found', html`<p>No such page.</p>`));
    const [, uid, step] = match as unknown as [string, string, string | undefined];
    try {
      const details = await provider.interactionDetails(req, res);
      if (!step && req.method === 'GET') {
        return send(res, 200, details.prompt.name === 'login' ? loginPage(uid, accounts) : consentPage(uid, details));
      }
      if (req.method !== 'POST') return send(res, 405, layout('Not allowed', html`<p>Use the form.</p>`));
      if (step === 'login') {
        const form = await readForm(req);
        const account = accounts.find((a) => a.id === form.get('account'));
        if (!account || !samePassword(form.get('password') ?? '', password)) {
          return send(res, 401, loginPage(uid, accounts, 'Unknown account or wrong password.'));
        }
        return provider.interactionFinished(
          req,
          res,
          { login: { accountId: account.id } },
          {
            mergeWithLastSubmission: false,
          },
        );
      }
      if (step === 'confirm') {
        const grantId = await grantConsent(provider, details);
        return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'the user denied access' },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return send(
        res,
        400,
        layout(
          'Sign-in failed',
          html`<p>${why}</p>
            <p>Start again from the console.</p>`,
        ),
      );
    }
  };
}
