import { z } from 'zod';
import type { SenderIdentity } from '../adapters/mail/mail-transport';
import type { SmtpConnectionSettings } from '../adapters/mail/smtp-transport';
import { addressDomain, addressProblem, hasUnsafeHeaderCharacters } from '../domain/notice';
import { formatZodError } from './zod-errors';

/**
 * Mail configuration from the environment:
 * - `SMTP_URL`: `smtp://[user:pass@]host[:port]` (STARTTLS when offered, default port 587) or
 *   `smtps://...` (implicit TLS, default port 465). Credentials are percent-encoded in the URL.
 * - `SMTP_TLS_REJECT_UNAUTHORIZED`: `true` (default) or `false` to accept an untrusted certificate (a relay with
 *   a self-signed certificate; never for a relay across the internet).
 * - `SMTP_REQUIRE_TLS`: `true` to refuse sending if a `smtp://` connection cannot be upgraded (default false).
 * - `MAIL_FROM`: the sender, `Trust & Safety <tns@terminus.example>` or a bare address; its domain names the
 *   Message-IDs.
 * - `STAFF_ALERT_TO`: comma-separated addresses that receive staff alerts.
 * Every problem is reported at once, each naming its variable; nothing here connects anywhere.
 */

/** The parsed mail configuration. */
export interface SmtpConfig {
  connection: SmtpConnectionSettings;
  sender: SenderIdentity;
  staffAlertTo: string[];
  /** `SMTP_URL` without the password, for logs and start-up banners. */
  displayUrl: string;
}

const bool = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

function parseSmtpUrl(
  value: string,
  ctx: z.RefinementCtx,
):
  | { connection: Omit<SmtpConnectionSettings, 'rejectUnauthorized' | 'requireTLS'>; displayUrl: string }
  | typeof z.NEVER {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL (expected smtp://host:port or smtps://host:port)' });
    return z.NEVER;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    ctx.addIssue({ code: 'custom', message: `scheme must be smtp:// or smtps://, not ${url.protocol}//` });
    return z.NEVER;
  }
  if (!url.hostname) {
    ctx.addIssue({ code: 'custom', message: 'has no host' });
    return z.NEVER;
  }
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
    ctx.addIssue({
      code: 'custom',
      message: 'must not have a path, query or fragment (TLS options are SMTP_TLS_* variables)',
    });
    return z.NEVER;
  }
  const secure = url.protocol === 'smtps:';
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'has badly percent-encoded credentials' });
    return z.NEVER;
  }
  if (pass && !user) {
    ctx.addIssue({ code: 'custom', message: 'has a password but no user name' });
    return z.NEVER;
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const display = new URL(url.toString());
  if (display.password) display.password = '***';
  return {
    connection: { host, port, secure, ...(user ? { auth: { user, pass } } : {}) },
    displayUrl: display.toString().replace(/\/$/, ''),
  };
}

function parseMailFrom(value: string, ctx: z.RefinementCtx): SenderIdentity | typeof z.NEVER {
  if (hasUnsafeHeaderCharacters(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be one line without control characters' });
    return z.NEVER;
  }
  const m = /^\s*(?:(.*?)\s*<([^<>]+)>|([^<>\s]+))\s*$/.exec(value);
  const name = (m?.[1] ?? '').replace(/^"(.*)"$/, '$1').trim();
  const address = (m?.[2] ?? m?.[3] ?? '').trim();
  const problem = m ? addressProblem(address) : 'must look like "Name <address@domain>" or "address@domain"';
  if (problem) {
    ctx.addIssue({ code: 'custom', message: m ? `address ${JSON.stringify(address)} ${problem}` : problem });
    return z.NEVER;
  }
  return { name, address, domain: addressDomain(address) };
}

function parseStaffList(value: string, ctx: z.RefinementCtx): string[] | typeof z.NEVER {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'must name at least one address' });
  for (const a of list) {
    const problem = addressProblem(a);
    if (problem) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(a)} ${problem}` });
  }
  return [...new Set(list)];
}

const required = () => z.string({ error: 'is required' }).trim().min(1, 'is required');

const MailEnvSchema = z.object({
  SMTP_URL: required().transform(parseSmtpUrl),
  SMTP_TLS_REJECT_UNAUTHORIZED: bool().default(true),
  SMTP_REQUIRE_TLS: bool().default(false),
  MAIL_FROM: required().transform(parseMailFrom),
  STAFF_ALERT_TO: required().transform(parseStaffList),
});

/**
 * Parses the mail configuration. Throws an Error named `InvalidConfiguration` whose message lists every bad
 * variable (`SMTP_URL: scheme must be ...; MAIL_FROM: ...`). Credentials never appear in the message.
 */
export function parseSmtpConfig(env: NodeJS.ProcessEnv = process.env): SmtpConfig {
  const parsed = MailEnvSchema.safeParse({
    SMTP_URL: env.SMTP_URL,
    SMTP_TLS_REJECT_UNAUTHORIZED: env.SMTP_TLS_REJECT_UNAUTHORIZED?.trim().toLowerCase() || undefined,
    SMTP_REQUIRE_TLS: env.SMTP_REQUIRE_TLS?.trim().toLowerCase() || undefined,
    MAIL_FROM: env.MAIL_FROM,
    STAFF_ALERT_TO: env.STAFF_ALERT_TO,
  });
  if (!parsed.success) {
    const err = new Error(`invalid mail configuration: ${formatZodError(parsed.error)}`);
    err.name = 'InvalidConfiguration';
    throw err;
  }
  const e = parsed.data;
  return {
    connection: {
      ...e.SMTP_URL.connection,
      rejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
      requireTLS: e.SMTP_REQUIRE_TLS,
    },
    sender: e.MAIL_FROM,
    staffAlertTo: e.STAFF_ALERT_TO,
    displayUrl: e.SMTP_URL.displayUrl,
  };
}
