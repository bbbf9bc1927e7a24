import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../db/database';
import type { Role } from '../../domain/case-types';
import { FailureType } from '../../domain/failures';
import { ROLES } from '../../domain/vocabularies';
import { ServiceFailure } from '../case/service-error';
import { hashSecret as hashToken } from './secret-hash';

/** Roles that approve a termination: never held with `admin`, never granted by one admin alone. */
export const APPROVING_ROLES: readonly Role[] = ['legal', 'tns_lead'];
/** Roles whose principal needs a second admin to activate and whose tokens no other admin may mint. */
export const PRIVILEGED_ROLES: readonly Role[] = [...APPROVING_ROLES, 'admin'];

/** Principal ids are short and printable: they appear in case timelines, audit rows and search results. */
export const PRINCIPAL_ID_RE = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
/** A person key: an e-mail address, compared case-insensitively (one person, one principal). */
export const PERSON_KEY_RE = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

/** Who creates a principal without a second admin: the database-credential holder and the embedded demo. */
export type BootstrapActor = 'database' | 'embedded-stack';

/** A principal's lifecycle: `proposed` (awaits a second admin), `active`, `disabled` (its tokens revoked). */
export type PrincipalStatus = 'proposed' | 'active' | 'disabled';

/** A principal as listed (no secrets). */
export interface PrincipalInfo {
  id: string;
  person: string;
  displayName: string;
  roles: Role[];
  status: PrincipalStatus;
  proposedBy: string;
  activatedBy: string | null;
  createdAt: string;
}

/** The answer of a proposal or an activation: the principal and, when the person must enrol, one of the codes. */
export interface PrincipalChange {
  principal: PrincipalInfo;
  /** Hand to the person by a channel of your own; the other code comes from the other admin. Shown once. */
  enrolmentCode?: string;
}

/** Input of {@link proposePrincipal} and {@link bootstrapPrincipal}. */
export interface NewPrincipal {
  id: string;
  person: string;
  displayName?: string;
  roles: readonly string[];
}

const invalid = (message: string) => new ServiceFailure(FailureType.InvalidInput, message);

/** Whether a set of roles needs four eyes to grant. */
export const isPrivileged = (roles: readonly Role[]): boolean => roles.some((r) => PRIVILEGED_ROLES.includes(r));

/** Checks a role list: known roles, at least one, and never `admin` with an approving role. */
export function checkRoles(roles: readonly string[]): Role[] {
  if (roles.length === 0) throw invalid('roles: at least one role is required');
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length) {
    throw invalid(
      `roles: unknown role(s) ${unknown.map((r) => `"${r.slice(0, 40)}"`).join(', ')} (known: ${ROLES.join(', ')})`,
    );
  }
  const set = [...new Set(roles as Role[])];
  if (set.includes('admin') && set.some((r) => APPROVING_ROLES.includes(r))) {
    throw invalid(
      `roles: admin cannot be held with ${APPROVING_ROLES.join(' or ')} (an admin approves nothing; give the person's approving role to a principal that is not an admin)`,
    );
  }
  return set;
}

/** Checks a principal id, naming what is wrong. */
export function checkPrincipalId(id: string): void {
  if (!PRINCIPAL_ID_RE.test(id)) {
    throw invalid(`principal "${id.slice(0, 80)}" must be 1-64 lower-case letters, digits, ".", "_", "@" or "-"`);
  }
}

function checkNew(input: NewPrincipal): { roles: Role[]; person: string } {
  checkPrincipalId(input.id);
  if (!PERSON_KEY_RE.test(input.person)) {
    throw invalid(
      `person "${input.person.slice(0, 80)}" must be the person's e-mail address (one principal per person)`,
    );
  }
  if ((input.displayName ?? '').length > 100) throw invalid('displayName: at most 100 characters');
  return { roles: checkRoles(input.roles), person: input.person.toLowerCase() };
}

interface Row {
  id: string;
  person_key: string;
  display_name: string;
  roles: string[];
  status: PrincipalStatus;
  proposed_by: string;
  activated_by: string | null;
  created_at: Date;
}
const COLUMNS = 'id, person_key, display_name, roles, status, proposed_by, activated_by, created_at';

const info = (r: Row): PrincipalInfo => ({
  id: r.id,
  person: r.person_key,
  displayName: r.display_name,
  roles: r.roles as Role[],
  status: r.status,
  proposedBy: r.proposed_by,
  activatedBy: r.activated_by,
  createdAt: new Date(r.created_at).toISOString(),
});

const newCode = () => `tme_${randomBytes(24).toString('base64url')}`;

async function insert(
  db: Queryable,
  input: NewPrincipal,
  by: string,
  active: boolean,
  codeHash: string | null,
): Promise<PrincipalInfo> {
  const { roles, person } = checkNew(input);
  const taken = await db.query<{ id: string; same_person: boolean }>(
    'SELECT id, lower(person_key) = $2 AS same_person FROM api_principals WHERE id = $1 OR lower(person_key) = $2',
    [input.id, person],
  );
  const clash = taken[0];
  if (clash) {
    throw new ServiceFailure(
      FailureType.Conflict,
      clash.same_person
        ? `person ${person} already has principal ${clash.id} (one principal per person)`
        : `principal ${input.id} exists`,
    );
  }
  const rows = await db.query<Row>(
    `INSERT INTO api_principals (id, person_key, display_name, roles, status, proposed_by, activated_by, activated_at,
                                 enrol_a_sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7::text IS NULL THEN NULL ELSE now() END, $8)
     RETURNING ${COLUMNS}`,
    [
      input.id,
      person,
      input.displayName ?? '',
      roles,
      active ? 'active' : 'proposed',
      by,
      active ? by : null,
      codeHash,
    ],
  );
  return info(rows[0]!);
}

/**
 * An admin creates a principal. Without a privileged role it is active at once (the admin may then mint its
 * tokens). With one it is only proposed: a different admin activates it, and the person claims the first token
 * with the codes both admins handed over ({@link enrolPrincipal}), so no single admin can hold its token.
 */
export async function proposePrincipal(db: Queryable, input: NewPrincipal, by: string): Promise<PrincipalChange> {
  const roles = checkRoles(input.roles);
  if (!isPrivileged(roles)) return { principal: await insert(db, input, by, true, null) };
  const code = newCode();
  return { principal: await insert(db, input, by, false, hashToken(code)), enrolmentCode: code };
}

/**
 * Creates an active principal on trusted authority (database credentials, the embedded demo). Idempotent; an
 * existing active principal is given the roles it lacks (that authority can write the table anyway), still never
 * admin with an approving role. A disabled or proposed one is refused.
 */
export async function bootstrapPrincipal(
  db: Queryable,
  input: NewPrincipal,
  by: BootstrapActor,
): Promise<PrincipalInfo> {
  const existing = await findPrincipal(db, input.id);
  if (!existing) return insert(db, input, by, true, null);
  if (existing.status !== 'active') {
    throw new ServiceFailure(FailureType.Conflict, `principal ${input.id} is ${existing.status}`);
  }
  const missing = checkRoles(input.roles).filter((r) => !existing.roles.includes(r));
  if (!missing.length) return existing;
  const roles = checkRoles([...existing.roles, ...missing]);
  const rows = await db.query<Row>(`UPDATE api_principals SET roles = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [
    input.id,
    roles,
  ]);
  return info(rows[0]!);
}

/** A second admin activates a proposed principal and receives the other enrolment code. */
export async function activatePrincipal(db: Queryable, id: string, by: string): Promise<PrincipalChange> {
  const p = await findPrincipal(db, id);
  if (!p) throw new ServiceFailure(FailureType.NotFound, `no principal ${id}`);
  if (p.status !== 'proposed') throw new ServiceFailure(FailureType.Conflict, `principal ${id} is ${p.status}`);
  if (p.proposedBy === by) {
    throw new ServiceFailure(
      FailureType.Forbidden,
      `principal ${id} was proposed by ${by}; a different admin must activate it (four eyes on identity)`,
    );
  }
  const code = newCode();
  const rows = await db.query<Row>(
    `UPDATE api_principals SET status = 'active', activated_by = $2, activated_at = now(), enrol_b_sha256 = $3
     WHERE id = $1 AND status = 'proposed' RETURNING ${COLUMNS}`,
    [id, by, hashToken(code)],
  );
  if (!rows[0]) throw new ServiceFailure(FailureType.Conflict, `principal ${id} changed meanwhile`);
  return { principal: info(rows[0]), enrolmentCode: code };
}

const sameHash = (code: string, hash: string | null): boolean =>
  hash !== null && timingSafeEqual(Buffer.from(hashToken(code)), Buffer.from(hash));

/** How long after activation the enrolment codes work: a code left lying around expires. */
export const ENROLMENT_VALID_MS = 7 * 24 * 3_600_000;

/**
 * The person claims an activated principal with the two codes (either order); both are spent at once, so the
 * claim works once. Returns the principal's roles for its first token; a wrong claim is refused as unauthorized.
 */
export async function enrolPrincipal(db: Queryable, id: string, codes: [string, string]): Promise<Role[]> {
  const rows = await db.query<{ roles: string[]; a: string | null; b: string | null }>(
    `SELECT roles, enrol_a_sha256 AS a, enrol_b_sha256 AS b FROM api_principals
     WHERE id = $1 AND status = 'active' AND activated_at > now() - make_interval(secs => $2) FOR UPDATE`,
    [id, ENROLMENT_VALID_MS / 1000],
  );
  const row = rows[0];
  const [x, y] = codes;
  const ok = row && ((sameHash(x, row.a) && sameHash(y, row.b)) || (sameHash(y, row.a) && sameHash(x, row.b)));
  if (!ok) {
    throw new ServiceFailure(
      'Unauthorized',
      `no enrolment of ${id} with these codes (they work once, within 7 days of activation)`,
    );
  }
  await db.query('UPDATE api_principals SET enrol_a_sha256 = NULL, enrol_b_sha256 = NULL WHERE id = $1', [id]);
  return row.roles as Role[];
}

/** Disables a principal and revokes every token it has, at once. */
export async function disablePrincipal(db: Queryable, id: string, by: string): Promise<PrincipalInfo> {
  if (id === by) throw new ServiceFailure(FailureType.Conflict, 'an admin cannot disable itself (ask another admin)');
  const rows = await db.query<Row>(
    `UPDATE api_principals SET status = 'disabled', disabled_at = now(), disabled_by = $2,
                               enrol_a_sha256 = NULL, enrol_b_sha256 = NULL
     WHERE id = $1 AND status <> 'disabled' RETURNING ${COLUMNS}`,
    [id, by],
  );
  if (!rows[0]) {
    const p = await findPrincipal(db, id);
    throw p
      ? new ServiceFailure(FailureType.Conflict, `principal ${id} is already disabled`)
      : new ServiceFailure(FailureType.NotFound, `no principal ${id}`);
  }
  await db.query('UPDATE api_tokens SET revoked_at = now() WHERE principal_id = $1 AND revoked_at IS NULL', [id]);
  return info(rows[0]);
}

/** One principal, or undefined. */
export async function findPrincipal(db: Queryable, id: string): Promise<PrincipalInfo | undefined> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM api_principals WHERE id = $1`, [id]);
  return rows[0] ? info(rows[0]) : undefined;
}

/** Every principal, oldest first (a deployment has people, not thousands). */
export async function listPrincipals(db: Queryable, limit = 1000): Promise<PrincipalInfo[]> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM api_principals ORDER BY created_at, id LIMIT $1`, [limit]);
  return rows.map(info);
}
