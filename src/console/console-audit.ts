import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AuditEntry, AuditResult } from '../services/access/audit-log';
import type { ConsoleContext, ConsoleEnv } from './console-env';

/** Where the request came from: the TCP peer (`in-process` for `app.request`). */
function remoteAddress(c: Context<ConsoleEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process';
  }
}

/** The audit result of an HTTP status, as the API classifies it. */
export function resultOf(status: number): Exclude<AuditResult, 'started'> {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403 || status === 429) return 'denied';
  return status >= 500 ? 'failed' : 'rejected';
}

/** The fields of this request's audit rows: the signed-in principal (if any), what, where from. */
export function auditEntry(
  c: Context<ConsoleEnv>,
  action: string,
  target?: string,
  principal?: { id: string; roles: string[] },
): Omit<AuditEntry, 'result'> {
  const session = c.get('session') as ConsoleEnv['Variables']['session'] | undefined;
  const who = principal ?? (session ? { id: session.principalId, roles: session.roles } : undefined);
  return {
    principalId: who?.id ?? null,
    roles: who?.roles ?? [],
    action,
    method: c.req.method,
    path: c.req.path,
    ...(target ? { target: target.slice(0, 200) } : {}),
    remoteAddr: remoteAddress(c),
  };
}

/** Writes one finished audit row (a read, a refusal, a sign-in); throws if the database refuses. */
export async function auditOnce(
  ctx: ConsoleContext,
  c: Context<ConsoleEnv>,
  action: string,
  status: number,
  options: { target?: string; detail?: string; principal?: { id: string; roles: string[] } } = {},
): Promise<void> {
  await ctx.audit.write({
    ...auditEntry(c, action, options.target, options.principal),
    result: resultOf(status),
    status,
    ...(options.detail ? { detail: options.detail } : {}),
  });
}
