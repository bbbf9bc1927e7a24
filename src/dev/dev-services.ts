import path from 'node:path';
import type { RunningSandbox } from '../adapters/edge/compose';
import { startMailDev } from '../adapters/mail/maildev-server';
import { STORED_PAGE, startTransparencyDbStandIn } from '../adapters/dsa/transparency-db-standin';
import { randomBytes } from 'node:crypto';
import { startSandboxEdge } from '../adapters/sandbox/sandbox-edge';
import type { DevStackConfig } from '../config/dev-stack';
import { loadEdgeConfig, SANDBOX_NAMESERVERS } from '../config/edge';
import type { Database } from '../db/database';
import { devOidcPort } from '../config/oidc';
import { startDevOidcProcess } from './oidc-process';
import { seedSandboxOnce, type SandboxSeedOutcome } from './seed-sandbox';

/**
 * The stand-ins both local profiles (`npm start`, `npm run cluster`) start for what is not configured: MailDev for
 * mail and the sandbox edge for DNS and proxy (and "the rest of the internet" the probes look at). Each fills `env`
 * with the settings its users need and pushes its stop onto `stops`.
 */

/** Starts MailDev unless `SMTP_URL` names a relay; returns its web inbox. */
export async function startDevMail(
  env: NodeJS.ProcessEnv,
  dev: Pick<DevStackConfig, 'mailSmtpPort' | 'mailWebPort'>,
  dataDir: string,
  stops: Array<() => Promise<void>>,
): Promise<string | undefined> {
  if (env.SMTP_URL) return undefined;
  const mail = await startMailDev({
    host: '127.0.0.1',
    smtpPort: dev.mailSmtpPort,
    webPort: dev.mailWebPort,
    dataDir: path.join(dataDir, 'mail'),
  });
  stops.push(() => mail.stop());
  env.SMTP_URL = mail.smtpUrl;
  env.SMTP_TLS_REJECT_UNAUTHORIZED ??= 'false';
  env.MAIL_FROM ??= 'Trust & Safety <trust-safety@terminus.test>';
  env.STAFF_ALERT_TO ??= 'tns-staff@terminus.test';
  return mail.webUrl;
}

/** Where the sandbox edge answers, for banners and the stack file. */
export interface DevSandboxInfo {
  dns: string;
  dnsPort: number;
  http: string;
  /** Whether this start seeded the sandbox, kept it as cases left it, or reset it (`--reset`). */
  seed: SandboxSeedOutcome;
}

/**
 * Starts the sandbox edge when DNS or proxy uses it, seeded on the database's first start only (a restart keeps
 * what cases revoked; `resetSandbox` seeds again); points probes, nameservers and headers at it.
 */
export async function startDevSandbox(
  db: Database,
  env: NodeJS.ProcessEnv,
  stops: Array<() => Promise<void>>,
  options: { resetSandbox?: boolean } = {},
): Promise<{ info: DevSandboxInfo; running: RunningSandbox } | undefined> {
  const edge = loadEdgeConfig(env);
  if (edge.dns.adapter !== 'sandbox' && edge.proxy.adapter !== 'sandbox') return undefined;
  const sandbox = await startSandboxEdge({
    db,
    host: edge.sandbox.host,
    dnsPort: edge.sandbox.dnsPort,
    httpPort: edge.sandbox.httpPort,
  });
  stops.push(() => sandbox.stop());
  const seed = await seedSandboxOnce(db, { reset: options.resetSandbox });
  const { dnsPort, httpUrl } = sandbox.running;
  // Workers in other processes reach the sandbox through its actual ports (0 picked free ones).
  env.TERMINUS_SANDBOX_DNS_PORT = String(dnsPort);
  env.TERMINUS_SANDBOX_HTTP_PORT = new URL(httpUrl).port;
  // The sandbox is also "the rest of the internet": probes resolve through it and reach its proxy.
  env.TERMINUS_PROBE_RESOLVERS ??= `${edge.sandbox.host}:${dnsPort}`;
  env.TERMINUS_PROBE_HTTP_CONNECT_TO ??= new URL(httpUrl).host;
  env.TERMINUS_EDGE_NAMESERVERS ??= SANDBOX_NAMESERVERS.join(',');
  env.TERMINUS_EDGE_HEADERS ??= 'x-terminus-edge=^sandbox$';
  // Probing loopback costs nothing: watches look every 10 s instead of 5 min, so a move shows within a minute.
  env.TERMINUS_WATCH_FAST_INTERVAL_MS ??= '10000';
  return { info: { dns: `${edge.sandbox.host}:${dnsPort}`, dnsPort, http: httpUrl, seed }, running: sandbox.running };
}

/**
 * Starts the local stand-in of the EU DSA Transparency Database unless `TERMINUS_DSA_SUBMIT` is set (a deployment
 * that decided), and points the worker's submitter at it: every case that ends service submits its statement to
 * it, checked against the database's rules. Returns the page listing what was stored.
 */
export async function startDevTransparencyDb(
  env: NodeJS.ProcessEnv,
  stops: Array<() => Promise<void>>,
): Promise<string | undefined> {
  if (env.TERMINUS_DSA_SUBMIT) return undefined;
  const token = `X|${randomBytes(18).toString('base64url')}`;
  const standIn = await startTransparencyDbStandIn({ token, host: '127.0.0.1' });
  stops.push(() => standIn.stop());
  env.TERMINUS_DSA_SUBMIT = 'on';
  env.TERMINUS_DSA_API_URL = standIn.url;
  env.TERMINUS_DSA_API_TOKEN = token;
  return `${standIn.url}${STORED_PAGE}`;
}

/** The embedded identity provider as the banner shows it. */
export interface DevSignInInfo {
  issuer: string;
  /** The demo accounts and their password (mode 0600). */
  signInFile: string;
}

/**
 * Starts the embedded OpenID Connect provider (the demo principals as accounts) unless `OIDC_ISSUER` names one,
 * registers the console at `<apiUrl>/console` as its client, and points the console's settings at it.
 */
export async function startDevOidc(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  apiUrl: string,
  stops: Array<() => Promise<void>>,
): Promise<DevSignInInfo | undefined> {
  if (env.OIDC_ISSUER) return undefined;
  const consoleUrl = env.TERMINUS_CONSOLE_URL ?? `${apiUrl}/console`;
  // Its own process (oidc-provider is ESM-only, which jest's CommonJS runtime cannot load on Node 20).
  const oidc = await startDevOidcProcess(
    {
      host: '127.0.0.1',
      port: devOidcPort(env),
      dataDir,
      redirectUri: `${consoleUrl}/auth/callback`,
      postLogoutRedirectUri: `${consoleUrl}/sign-in`,
    },
    path.join(dataDir, 'oidc-provider.log'),
  );
  stops.push(() => oidc.stop());
  env.OIDC_ISSUER = oidc.issuer;
  env.OIDC_CLIENT_ID = oidc.clientId;
  env.OIDC_CLIENT_SECRET = oidc.clientSecret;
  env.TERMINUS_CONSOLE_URL = consoleUrl;
  return { issuer: oidc.issuer, signInFile: oidc.signInFile };
}
