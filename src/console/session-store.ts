import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import type { Role } from '../domain/vocabularies';

/** What a sign-in in progress keeps between the redirect to the provider and its answer. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** A console path to return to after sign-in. */
  returnTo: string;
}

/** A signed-in console session: who, with which roles, and the synchroniser token its forms carry. */
export interface ConsoleSession {
  principalId: string;
  roles: Role[];
  csrfToken: string;
  expiresAt: string;
}

const hash = (id: string): string => createHash('sha256').update(id).digest('hex');
const newId = (): string => randomBytes(32).toString('base64url');

/** A session id looks like one we issue (43 base64url characters); anything else never reaches the database. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Console sessions in the app database (`console_sessions`). The browser holds a random id; only its SHA-256 is
 * stored. Sign-in makes a short-lived pending row, then a fresh session row with a new id (no fixation).
 */
export class SessionStore {
  constructor(private readonly db: Database) {}

  /** Starts a sign-in: a pending row valid for `ttlMs`; returns the id for the cookie. */
  async startSignIn(pending: PendingSignIn, ttlMs: number): Promise<string> {
    const id = newId();
    await this.db.query(
      `INSERT INTO console_sessions (id_sha256, csrf_token, pending, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [hash(id), randomBytes(32).toString('base64url'), JSON.stringify(pending), ttlMs / 1000],
    );
    return id;
  }

  /** Takes a pending sign-in (once: it is deleted), or null when unknown or expired. */
  async takeSignIn(id: string | undefined): Promise<PendingSignIn | null> {
    if (!id || !SESSION_ID.test(id)) return null;
    const rows = await this.db.query<{ pending: PendingSignIn }>(
      `DELETE FROM console_sessions WHERE id_sha256 = $1 AND principal_id IS NULL AND expires_at > now()
       RETURNING pending`,
      [hash(id)],
    );
    return rows[0]?.pending ?? null;
  }

  /**
   * Opens a session for a signed-in principal; returns the id for the cookie. The provider's ID token, when given,
   * is kept for sign-out (the hint that ends the session at the provider too).
   */
  async open(principalId: string, roles: Role[], ttlMs: number, idToken?: string): Promise<string> {
    const id = newId();
    await this.db.query(
      `INSERT INTO console_sessions (id_sha256, principal_id, roles, csrf_token, expires_at, id_token)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), $6)`,
      [hash(id), principalId, roles, randomBytes(32).toString('base64url'), ttlMs / 1000, idToken ?? null],
    );
    // Expired rows go when someone signs in: the table stays the size of the signed-in staff.
    await this.db.query(`DELETE FROM console_sessions WHERE expires_at < now() - interval '1 day'`);
    return id;
  }

  /** The live session of a cookie, or null. */
  async find(id: string | undefined): Promise<ConsoleSession | null> {
    if (!id || !SESSION_ID.test(id)) return null;
    const rows = await this.db.query<{ principal_id: string; roles: Role[]; csrf_token: string; expires_at: Date }>(
      `SELECT principal_id, roles, csrf_token, expires_at FROM console_sessions
       WHERE id_sha256 = $1 AND principal_id IS NOT NULL AND expires_at > now()`,
      [hash(id)],
    );
    const row = rows[0];
    return row
      ? {
          principalId: row.principal_id,
          roles: row.roles,
          csrfToken: row.csrf_token,
          expiresAt: new Date(row.expires_at).toISOString(),
        }
      : null;
  }

  /** Ends a session (sign-out); returns the provider's ID token it kept, if any (for the provider's sign-out). */
  async close(id: string | undefined): Promise<{ idToken?: string }> {
    if (!id || !SESSION_ID.test(id)) return {};
    const rows = await this.db.query<{ id_token: string | null }>(
      `DELETE FROM console_sessions WHERE id_sha256 = $1 RETURNING id_token`,
      [hash(id)],
    );
    const idToken = rows[0]?.id_token;
    return idToken ? { idToken } : {};
  }
}
