import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database';
import type { Principal, Role } from '../../domain/case-types';
import { FailureType } from '../../domain/failures';
import { ROLES } from '../../domain/vocabularies';
import { ServiceFailure } from '../case/service-error';

/** Every role a token can grant (DESIGN.md, "Who uses it"). */
export const ALL_ROLES: readonly Role[] = ROLES;

/** Principal ids are short and printable: they appear in case timelines, audit rows and search results. */
export const PRINCIPAL_ID_RE = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** Prefix of every token, so a leaked one is recognisable by secret scanners. */
export const TOKEN_PREFIX = 'tmn_';
/** 32 random bytes (256 bits): guessing is hopeless, so a plain SHA-256 (no salt, no KDF) is a sound store. */
const TOKEN_RE = /^tmn_[A-Za-z0-9_-]{43}$/;

/** SHA-256 of a token, hex: what the database keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A principal as authenticated from a token: id and the roles that token grants. */
export interface AuthenticatedPrincipal extends Principal {
  tokenId: string;
}

/** Input of {@link createToken}. */
export interface CreateTokenInput {
  principal: string;
  roles: Role[];
  label?: string;
  /** Who issued it (an admin principal, `database` for the bootstrap path, `demo` for the embedded stack). */
  createdBy: string;
  expiresAt?: string;
}

/** The new token, shown once: only its hash is stored. `tokenId` is a short, non-secret handle for it. */
export interface CreatedToken {
  token: string;
  tokenId: string;
  principal: string;
  roles: Role[];
  expiresAt: string | null;
}

/** Checks a principal id and roles, naming what is wrong. */
export function validateTokenRequest(principal: string, roles: readonly string[]): void {
  if (!PRINCIPAL_ID_RE.test(principal)) {
    throw new ServiceFailure(
      FailureType.InvalidInput,
      `principal "${principal.slice(0, 80)}" must be 1-64 lower-case letters, digits, ".", "_", "@" or "-"`,
    );
  }
  if (roles.length === 0) throw new ServiceFailure(FailureType.InvalidInput, 'roles: at least one role is required');
  const unknown = roles.filter((r) => !ALL_ROLES.includes(r as Role));
  if (unknown.length) {
    throw new ServiceFailure(
      FailureType.InvalidInput,
      `roles: unknown role(s) ${unknown.map((r) => `"${r.slice(0, 40)}"`).join(', ')} (known: ${ALL_ROLES.join(', ')})`,
    );
  }
}

/**
 * Creates a principal (if new) and a token for it, in one statement pair. The token is returned once and never
 * stored: losing it means creating another. Used by the admin API route, the CLI's database bootstrap path and
 * the embedded stack's demo principals, so all three store tokens the same way.
 */
export async function createToken(db: Queryable, input: CreateTokenInput): Promise<CreatedToken> {
  validateTokenRequest(input.principal, input.roles);
  const roles = [...new Set(input.roles)];
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const hash = hashToken(token);
  await db.query('INSERT INTO api_principals (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [input.principal]);
  await db.query(
    `INSERT INTO api_tokens (token_sha256, principal_id, roles, label, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [hash, input.principal, roles, input.label ?? '', input.createdBy, input.expiresAt ?? null],
  );
  return { token, tokenId: hash.slice(0, 12), principal: input.principal, roles, expiresAt: input.expiresAt ?? null };
}

/**
 * Resolves a presented token to its principal, or null (unknown, malformed, revoked, expired, principal disabled).
 * The token itself is hashed at once and never logged or kept.
 */
export async function authenticateToken(db: Queryable, token: string): Promise<AuthenticatedPrincipal | null> {
  if (!TOKEN_RE.test(token)) return null;
  const hash = hashToken(token);
  // One statement per request: the check and the last-use stamp together.
  const rows = await db.query<{ principal_id: string; roles: string[] }>(
    `UPDATE api_tokens t SET last_used_at = now() FROM api_principals p
     WHERE t.token_sha256 = $1 AND p.id = t.principal_id AND t.revoked_at IS NULL AND p.disabled_at IS NULL
       AND (t.expires_at IS NULL OR t.expires_at > now())
     RETURNING t.principal_id, t.roles`,
    [hash],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.principal_id,
    roles: row.roles.filter((r): r is Role => ALL_ROLES.includes(r as Role)),
    tokenId: hash.slice(0, 12),
  };
}

/** Revokes every token of a principal carrying `label` (the embedded stack rotates its demo tokens this way). */
export async function revokeTokensByLabel(db: Queryable, label: string): Promise<number> {
  const rows = await db.query(
    'UPDATE api_tokens SET revoked_at = now() WHERE label = $1 AND revoked_at IS NULL RETURNING token_sha256',
    [label],
  );
  return rows.length;
}
