import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database';
import type { Principal, Role } from '../../domain/case-types';
import { FailureType } from '../../domain/failures';
import { ROLES } from '../../domain/vocabularies';
import { ServiceFailure } from '../case/service-error';
import { checkPrincipalId, checkRoles, findPrincipal, isPrivileged } from './principal-store';
import { hashSecret } from './secret-hash';

/** Every role a principal can hold (DESIGN.md, "Who uses it"). */
export const ALL_ROLES: readonly Role[] = ROLES;

/** Prefix of every token, so a leaked one is recognisable by secret scanners. */
export const TOKEN_PREFIX = 'tmn_';
/** 32 random bytes (256 bits). */
const TOKEN_RE = /^tmn_[A-Za-z0-9_-]{43}$/;

/** SHA-256 of a token, hex: what the database keeps. */
export const hashToken = hashSecret;

/** A principal as authenticated from a token: id and the roles that token grants. */
export interface AuthenticatedPrincipal extends Principal {
  tokenId: string;
}

/** Input of {@link createToken}. */
export interface CreateTokenInput {
  principal: string;
  /** The roles the token grants, all held by the principal; by default every role it holds. */
  roles?: readonly string[];
  label?: string;
  /** Who issued it (a principal, `database` for the bootstrap path, `embedded-stack` for the demo, `enrolment`). */
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

/**
 * Who may mint a token for whom, and with which roles: anyone for themselves, within the roles of the token they
 * present (a narrower token for a script, never a broader one); an admin for a principal without a privileged
 * role. Nobody mints a token of another admin or approver: that would let one person act as two (issue 15,
 * finding 3). Returns the roles to grant (undefined: every role the target holds).
 */
export async function checkMayMint(
  db: Queryable,
  caller: Principal,
  target: string,
  roles?: readonly Role[],
): Promise<readonly Role[] | undefined> {
  if (caller.id === target) {
    const beyond = (roles ?? []).filter((r) => !caller.roles.includes(r));
    if (beyond.length) {
      throw new ServiceFailure(
        FailureType.Forbidden,
        `roles: this token grants ${caller.roles.join(', ')}; it cannot mint one granting ${beyond.join(', ')}`,
      );
    }
    return roles ?? caller.roles;
  }
  if (!caller.roles.includes('admin')) {
    throw new ServiceFailure(FailureType.Forbidden, `principal ${caller.id} may mint tokens only for itself`);
  }
  const principal = await findPrincipal(db, target);
  if (principal && isPrivileged(principal.roles)) {
    throw new ServiceFailure(
      FailureType.Forbidden,
      `principal ${target} holds ${principal.roles.join(', ')}: only it mints its own tokens (its first one by enrolment)`,
    );
  }
  return roles;
}

/**
 * Creates a token for an existing, active principal, granting roles it holds. The token is returned once and never
 * stored: losing it means creating another. Used by the API, the CLI's database bootstrap path, the enrolment and
 * the embedded stack's demo principals, so all of them store tokens the same way.
 */
export async function createToken(db: Queryable, input: CreateTokenInput): Promise<CreatedToken> {
  checkPrincipalId(input.principal);
  const principal = await findPrincipal(db, input.principal);
  if (!principal) {
    throw new ServiceFailure(
      FailureType.NotFound,
      `no principal ${input.principal} (create it first: POST /principals)`,
    );
  }
  if (principal.status !== 'active') {
    throw new ServiceFailure(FailureType.Conflict, `principal ${input.principal} is ${principal.status}`);
  }
  const roles = input.roles ? checkRoles(input.roles) : principal.roles;
  const notHeld = roles.filter((r) => !principal.roles.includes(r));
  if (notHeld.length) {
    throw new ServiceFailure(
      FailureType.InvalidInput,
      `roles: principal ${input.principal} does not hold ${notHeld.join(', ')} (it holds ${principal.roles.join(', ')})`,
    );
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const hash = hashToken(token);
  await db.query(
    `INSERT INTO api_tokens (token_sha256, principal_id, roles, label, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [hash, input.principal, roles, input.label ?? '', input.createdBy, input.expiresAt ?? null],
  );
  return { token, tokenId: hash.slice(0, 12), principal: input.principal, roles, expiresAt: input.expiresAt ?? null };
}

/**
 * Resolves a presented token to its principal, or null (unknown, malformed, revoked, expired, principal not
 * active). The roles are those of the token that the principal still holds. The token itself is hashed at once
 * and never logged or kept.
 */
export async function authenticateToken(db: Queryable, token: string): Promise<AuthenticatedPrincipal | null> {
  if (!TOKEN_RE.test(token)) return null;
  const hash = hashToken(token);
  // One statement per request: the check and the last-use stamp together.
  const rows = await db.query<{ principal_id: string; roles: string[] }>(
    `UPDATE api_tokens t SET last_used_at = now() FROM api_principals p
     WHERE t.token_sha256 = $1 AND p.id = t.principal_id AND t.revoked_at IS NULL AND p.status = 'active'
       AND (t.expires_at IS NULL OR t.expires_at > now())
     RETURNING t.principal_id, ARRAY(SELECT unnest(t.roles) INTERSECT SELECT unnest(p.roles)) AS roles`,
    [hash],
  );
  const row = rows[0];
  const roles = (row?.roles ?? []).filter((r): r is Role => ALL_ROLES.includes(r as Role));
  if (!row || roles.length === 0) return null;
  return { id: row.principal_id, roles: ALL_ROLES.filter((r) => roles.includes(r)), tokenId: hash.slice(0, 12) };
}

/** Revokes every token carrying `label` (the embedded stack rotates its demo tokens this way). */
export async function revokeTokensByLabel(db: Queryable, label: string): Promise<number> {
  const rows = await db.query(
    'UPDATE api_tokens SET revoked_at = now() WHERE label = $1 AND revoked_at IS NULL RETURNING token_sha256',
    [label],
  );
  return rows.length;
}
