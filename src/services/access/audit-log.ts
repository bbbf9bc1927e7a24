import type { Database } from '../../db/database';

/** How an audited request ended. `rejected`: the request was refused on its merits (validation, four eyes,
 * conflict); `denied`: authentication, role or rate limit; `failed`: a server-side failure. */
export type AuditResult = 'started' | 'ok' | 'denied' | 'rejected' | 'failed';

/** One audit entry: who, what, when (the database clock), from where, and the result. */
export interface AuditEntry {
  principalId: string | null;
  roles: string[];
  action: string;
  method: string;
  path: string;
  target?: string;
  remoteAddr: string;
  result: AuditResult;
  status?: number;
  detail?: string;
}

/** An audit row as read back (admin route, tests). */
export interface AuditRow extends AuditEntry {
  id: string;
  at: string;
  finishedAt: string | null;
}

/** Caps a field and makes it storable: PostgreSQL text cannot hold NUL, and control characters would garble a
 * terminal reading the log; they are written as `\uXXXX`. */
const cut = (s: string | undefined, max: number): string | null =>
  s === undefined
    ? null
    : s.slice(0, max).replace(/\p{Cc}/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The audit log in the app database. An action is recorded as `started` before it runs and completed after, so a
 * crash between the two leaves a visible `started` row rather than an unrecorded action; a denial is one row.
 */
export class AuditLog {
  constructor(private readonly db: Database) {}

  /** Writes an entry and returns its id. Throws if the database refuses: the caller must not act unrecorded. */
  async write(entry: AuditEntry): Promise<string> {
    const rows = await this.db.query<{ id: string }>(
      `INSERT INTO api_audit_log (principal_id, roles, action, method, path, target, remote_addr, result, status, detail,
                                  finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $8 = 'started' THEN NULL ELSE now() END)
       RETURNING id::text AS id`,
      [
        entry.principalId,
        entry.roles,
        cut(entry.action, 100),
        cut(entry.method, 10),
        cut(entry.path, 500),
        cut(entry.target, 200),
        cut(entry.remoteAddr, 100),
        entry.result,
        entry.status ?? null,
        cut(entry.detail, 1000),
      ],
    );
    return rows[0]!.id;
  }

  /** Completes a `started` entry with the result (and the target, when it became known while acting). */
  async finish(
    id: string,
    result: Exclude<AuditResult, 'started'>,
    status: number,
    detail?: string,
    target?: string,
  ): Promise<void> {
    await this.db.query(
      `UPDATE api_audit_log SET result = $2, status = $3, detail = $4, target = COALESCE($5, target), finished_at = now()
       WHERE id = $1::bigint`,
      [id, result, status, cut(detail, 1000), cut(target, 200)],
    );
  }

  /** Targets of a principal's successful actions of one kind (the cases a requester opened), newest first. */
  async targetsOf(principalId: string, action: string, limit = 200): Promise<string[]> {
    const rows = await this.db.query<{ target: string }>(
      `SELECT target FROM api_audit_log WHERE principal_id = $1 AND action = $2 AND result = 'ok' AND target IS NOT NULL
       GROUP BY target ORDER BY max(id) DESC LIMIT $3`,
      [principalId, action, limit],
    );
    return rows.map((r) => r.target);
  }

  /** The latest entries, newest first, optionally for one principal or one target. */
  async recent(filter: { principalId?: string; target?: string; limit: number }): Promise<AuditRow[]> {
    const rows = await this.db.query<{
      id: string;
      at: Date;
      finished_at: Date | null;
      principal_id: string | null;
      roles: string[];
      action: string;
      method: string;
      path: string;
      target: string | null;
      remote_addr: string;
      result: AuditResult;
      status: number | null;
      detail: string | null;
    }>(
      `SELECT id::text AS id, at, finished_at, principal_id, roles, action, method, path, target, remote_addr, result,
              status, detail
       FROM api_audit_log
       WHERE ($1::text IS NULL OR principal_id = $1) AND ($2::text IS NULL OR target = $2)
       ORDER BY api_audit_log.id DESC LIMIT $3`,
      [filter.principalId ?? null, filter.target ?? null, filter.limit],
    );
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
      principalId: r.principal_id,
      roles: r.roles,
      action: r.action,
      method: r.method,
      path: r.path,
      ...(r.target ? { target: r.target } : {}),
      remoteAddr: r.remote_addr,
      result: r.result,
      ...(r.status !== null ? { status: r.status } : {}),
      ...(r.detail ? { detail: r.detail } : {}),
    }));
  }
}
