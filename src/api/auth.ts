import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiConfig, RateLimit } from '../config/api';
import type { Database } from '../db/database';
import type { Role } from '../domain/case-types';
import { FailureType } from '../domain/failures';
import type { AppLogger } from '../platform/logger';
import type { AuditEntry, AuditLog, AuditResult } from '../services/access/audit-log';
import type { RateLimiter } from '../services/access/rate-limiter';
import { authenticateToken } from '../services/access/token-store';
import type { ApiEnv } from './api-env';
import { problem } from './problem';

/** What authentication, authorization, rate limiting and auditing need. */
export interface SecurityDeps {
  db: Database;
  audit: AuditLog;
  limiter: RateLimiter;
  config: ApiConfig;
  logger?: Pick<AppLogger, 'error' | 'warn'>;
}

/** Paths anyone may call: health checks and the API's own documentation. Everything else needs a token. */
export function isPublicPath(path: string): boolean {
  return (
    path === '/health' || path === '/enrol' || path === '/openapi.json' || path === '/docs' || path.startsWith('/docs/')
  );
}

/** Where the request came from: the peer address of the TCP connection (`in-process` for `app.request`). */
export function remoteAddress(c: Context<ApiEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process';
  }
}

function resultOf(status: number): Exclude<AuditResult, 'started'> {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403 || status === 429) return 'denied';
  return status >= 500 ? 'failed' : 'rejected';
}

/** Who asked for what, from where: the fields every audit row of this request shares. */
function requestEntry(c: Context<ApiEnv>, action: string): Omit<AuditEntry, 'result'> {
  const principal = c.get('principal');
  return {
    principalId: principal?.id ?? null,
    roles: principal?.roles ?? [],
    action,
    method: c.req.method,
    path: c.req.path,
    target: c.get('auditTarget'),
    remoteAddr: remoteAddress(c),
  };
}

async function auditDenial(deps: SecurityDeps, c: Context<ApiEnv>, action: string, status: number, detail: string) {
  c.set('audited', true);
  try {
    await deps.audit.write({ ...requestEntry(c, action), result: resultOf(status), status, detail });
  } catch (err) {
    deps.logger?.error({ err, action }, 'audit log write failed for a denial');
  }
}

/** The bearer token of the request, if its `Authorization` header has one. */
const bearerToken = (c: Context<ApiEnv>): string | undefined =>
  /^Bearer ([^\s]{1,200})$/.exec(c.req.header('authorization') ?? '')?.[1];

/** Statuses that refuse a request: each such answer leaves an audit row (issue 15). */
export const AUDITED_REFUSALS: ReadonlySet<number> = new Set([401, 403, 404, 409, 413, 429]);

/**
 * The outermost middleware: a refusal no route audited (a body too large, refused before any route ran; an unknown
 * path asked with a valid token) is written here, with the principal if known, the path and the status. A 404 of a
 * public path (a documentation asset) is not about a protected resource and is left out.
 */
export function auditRefusals(deps: SecurityDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    const status = c.res.status;
    if (!AUDITED_REFUSALS.has(status) || c.get('audited')) return;
    if (status === 404 && isPublicPath(c.req.path)) return;
    // Refused before authentication ran (a body too large): name the token's principal if the token is valid.
    if (!c.get('principal')) {
      const presented = bearerToken(c);
      const who = presented ? await authenticateToken(deps.db, presented).catch(() => null) : null;
      if (who) c.set('principal', who);
    }
    await auditDenial(deps, c, 'request', status, c.get('problemDetail') ?? `${status}`);
  };
}

/**
 * Authenticates every non-public request from its bearer token (deny by default: an unknown path answers 401
 * before it answers 404, so paths cannot be probed without a token). The token is hashed at once and never logged;
 * the principal and roles come from the token only.
 */
export function authenticate(deps: SecurityDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (isPublicPath(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const presented = bearerToken(c);
    const principal = presented ? await authenticateToken(deps.db, presented) : null;
    if (!principal) {
      const detail = header ? 'the bearer token is not valid' : 'a bearer token is required';
      await auditDenial(deps, c, 'authenticate', 401, detail);
      return problem(c, 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer realm="terminus"' });
    }
    c.set('principal', principal);
    return next();
  };
}

/** The role a principal acts as for an action: the one asked for, or its first role the action allows. */
export function actingRole(principalRoles: readonly Role[], allowed: readonly Role[], asked?: Role): Role | undefined {
  if (asked) return principalRoles.includes(asked) && allowed.includes(asked) ? asked : undefined;
  return principalRoles.find((r) => allowed.includes(r));
}

/**
 * Per-route authorization and auditing: the principal must hold one of `roles` (403 otherwise, audited as a
 * denial); an allowed action is written to the audit log as `started` before it runs (503 if that write fails:
 * nothing happens unrecorded) and completed with its status after; a read is one row, written before its answer
 * leaves (see {@link auditedRead}).
 */
export function guard(deps: SecurityDeps, action: string, roles: readonly Role[]): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) return problem(c, 'Unauthorized', 'a bearer token is required');
    const caseId = c.req.param('caseId');
    if (caseId) c.set('auditTarget', caseId.slice(0, 200));
    if (!principal.roles.some((r) => roles.includes(r))) {
      const detail = `principal ${principal.id} (roles ${principal.roles.join(', ')}) may not ${action} (needs one of: ${roles.join(', ')})`;
      await auditDenial(deps, c, action, 403, detail);
      return problem(c, FailureType.Forbidden, detail);
    }
    if (c.req.method === 'GET') return auditedRead(deps, c, action, next);
    let auditId: string;
    c.set('audited', true);
    try {
      auditId = await deps.audit.write({ ...requestEntry(c, action), result: 'started' });
    } catch (err) {
      deps.logger?.error({ err, action }, 'audit log write failed; request refused');
      return problem(c, 'Unavailable', 'the audit log cannot be written; no action was taken');
    }
    await next();
    const status = c.res.status;
    await deps.audit
      .finish(
        auditId,
        resultOf(status),
        status,
        status >= 400 ? c.get('problemDetail') : undefined,
        c.get('auditTarget'),
      )
      .catch((err: unknown) => deps.logger?.error({ err, action, auditId }, 'audit log completion failed'));
  };
}

/**
 * A read changes nothing, so its one audit row is written once the answer is known and before it is sent: the
 * caller gets the data only if the row is written (503 otherwise), so nothing is disclosed unrecorded, at one
 * statement per read instead of two.
 */
async function auditedRead(
  deps: SecurityDeps,
  c: Context<ApiEnv>,
  action: string,
  next: () => Promise<void>,
): Promise<Response | void> {
  await next();
  const status = c.res.status;
  c.set('audited', true);
  try {
    await deps.audit.write({
      ...requestEntry(c, action),
      result: resultOf(status),
      status,
      ...(status >= 400 ? { detail: c.get('problemDetail') } : {}),
    });
  } catch (err) {
    deps.logger?.error({ err, action }, 'audit log write failed; read answer withheld');
    c.res = undefined;
    c.res = problem(c, 'Unavailable', 'the audit log cannot be written; the answer was withheld');
  }
}

/** Counts the request against a rate limit; a refusal is a 429 with `Retry-After` (audited by `guard`). */
export async function rateLimit(
  deps: SecurityDeps,
  c: Context<ApiEnv>,
  bucket: 'open' | 'destructive',
): Promise<Response | null> {
  const limit = bucket === 'open' ? deps.config.openRate : deps.config.destructiveRate;
  const what = bucket === 'open' ? 'opening cases' : 'destructive actions';
  return takeRate(deps, c, { bucket, limit, what });
}

/** A rate limit of one kind of request: its bucket, its limit and how a refusal names it. */
export interface RateBucket {
  bucket: string;
  limit: RateLimit;
  what: string;
  /** Whom the limit counts: the principal (default), or the caller's address on a route without a token. */
  key?: string;
}

/** Counts the request in `spec.bucket`; a refusal is a 429 with `Retry-After`. */
export async function takeRate(deps: SecurityDeps, c: Context<ApiEnv>, spec: RateBucket): Promise<Response | null> {
  const who = spec.key ?? c.get('principal')!.id;
  const decision = await deps.limiter.take(who, spec.bucket, spec.limit);
  if (decision.allowed) return null;
  const { limit, windowMs } = spec.limit;
  return problem(
    c,
    'RateLimited',
    `${spec.key ? 'this address' : `principal ${who}`} reached the limit for ${spec.what} (${limit} per ${Math.round(windowMs / 1000)} s); retry in ${decision.retryAfterSeconds} s`,
    { retryAfterSeconds: decision.retryAfterSeconds },
    { 'retry-after': String(decision.retryAfterSeconds) },
  );
}
