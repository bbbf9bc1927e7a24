import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { html, raw } from 'hono/html';
import { Provider } from 'oidc-provider';
import { toHtml } from '../console/layout';
import type { Role } from '../domain/case-types';
import { DEMO_PRINCIPALS } from './demo-principals';
import { interactionHandler, layout, type DemoAccount } from './oidc-interactions';

/** The console's client at the embedded provider. */
export const DEV_CONSOLE_CLIENT_ID = 'terminus-console';

/** What the embedded identity provider needs: where to listen, and where the console expects its answers. */
export interface DevOidcOptions {
  host: string;
  port: number;
  dataDir: string;
  /** The console's redirect URI (`<console>/auth/callback`). */
  redirectUri: string;
  /** Where the provider may send the browser after sign-out. */
  postLogoutRedirectUri: string;
}

/** A running embedded identity provider. */
export interface DevOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The file holding the demo accounts' password and the console's client secret (mode 0600). */
  signInFile: string;
  stop(): Promise<void>;
}

/** The demo sign-in file: one password for the demo staff accounts, and the console's client secret. */
interface SignInFile {
  note: string;
  password: string;
  clientSecret: string;
  accounts: DemoAccount[];
}

/** The demo accounts: the demo principals, one role each (distinct people, so four eyes can be exercised). */
export function demoAccounts(): DemoAccount[] {
  return (Object.entries(DEMO_PRINCIPALS) as [Role, string][]).map(([role, id]) => ({
    id,
    name: `Demo ${role.replace('_', ' ')}`,
    roles: [role],
  }));
}

/** The secrets of this home's embedded provider: kept across restarts (the file is 0600), made on first start. */
async function signInSecrets(dataDir: string): Promise<SignInFile> {
  const file = path.join(dataDir, 'demo-sign-in.json');
  try {
    const kept = JSON.parse(await readFile(file, 'utf8')) as SignInFile;
    if (kept.password && kept.clientSecret) return { ...kept, accounts: demoAccounts() };
  } catch {
    // absent or unreadable: make new ones
  }
  const content: SignInFile = {
    note: 'Sign-in of the embedded identity provider: any demo account below, with this password.',
    password: randomBytes(12).toString('base64url'),
    clientSecret: randomBytes(24).toString('base64url'),
    accounts: demoAccounts(),
  };
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
  return content;
}

function errorPage(out: Record<string, unknown>): string {
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return toHtml(
    html`<!DOCTYPE html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>Sign-in error</title>
        </head>
        <body>
          <main>
            <h1>Sign-in error</h1>
            <p>${text(out.error) || 'error'}: ${text(out.error_description)}</p>
          </main>
        </body>
      </html>`,
  );
}

/**
 * RP-initiated logout: the console's sign-out sends the browser here; the person confirms (the provider's form
 * carries its own CSRF token) and is sent back to the console's signed-out page.
 */
const rpInitiatedLogout = {
  enabled: true,
  logoutSource: (ctx: { body: string }, form: string) => {
    ctx.body = layout(
      'Sign out of the identity provider',
      html`${raw(form)}
        <p>End your session at the embedded identity provider too (the next sign-in asks for your password again).</p>
        <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
        <button type="submit" form="op.logoutForm">No, stay signed in here</button>`,
    );
  },
  postLogoutSuccessSource: (ctx: { body: string }) => {
    ctx.body = layout('Signed out', html`<p>You are signed out of the embedded identity provider.</p>`);
  },
};

/**
 * Starts a real OpenID Connect provider (`oidc-provider`) on loopback for the embedded stack: the demo principals
 * are its accounts (each with its roles in the `roles` claim), the console is its one client (authorisation code
 * with PKCE, client secret), and login and consent are server-rendered pages. Signing keys are made per start.
 */
export async function startDevOidcProvider(options: DevOidcOptions): Promise<DevOidcProvider> {
  const secrets = await signInSecrets(options.dataDir);
  const accounts = secrets.accounts;
  // Listen first (port 0 picks one): the issuer URL names the port the provider is built with.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new Error(`OIDC provider cannot listen on ${options.host}:${options.port}: ${err.message}`)),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const issuer = `http://${options.host}:${typeof address === 'object' && address ? address.port : options.port}`;
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: DEV_CONSOLE_CLIENT_ID,
        client_secret: secrets.clientSecret,
        redirect_uris: [options.redirectUri],
        // The console's signed-out page (beside its callback), and the older sign-in page.
        post_logout_redirect_uris: [
          options.redirectUri.replace(/\/auth\/callback$/, '/signed-out'),
          options.postLogoutRedirectUri,
        ],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'embedded-1', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], profile: ['name'], roles: ['roles'] },
    scopes: ['openid', 'profile', 'roles'],
    conformIdTokenClaims: false,
    // Seconds: a sign-in has 10 minutes; the provider's own session lasts a working day.
    ttl: {
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      AuthorizationCode: 60,
      IdToken: 600,
      AccessToken: 600,
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.find((a) => a.id === id);
      return account
        ? { accountId: id, claims: () => ({ sub: id, name: account.name, roles: account.roles }) }
        : undefined;
    },
    renderError: (ctx: { type: string; body: string }, out: Record<string, unknown>) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  });
  const interactions = interactionHandler(provider, accounts, secrets.password);
  const oidc = provider.callback();
  handle = (req, res) => {
    if (!(req.url ?? '').startsWith('/interaction/')) return oidc(req, res);
    interactions(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
  return {
    issuer,
    clientId: DEV_CONSOLE_CLIENT_ID,
    clientSecret: secrets.clientSecret,
    signInFile: path.join(options.dataDir, 'demo-sign-in.json'),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
