import type { Database } from '../db/database';
import type { Role } from '../domain/case-types';
import { findPrincipal } from '../services/access/principal-store';

/** Why a sign-in is refused: the page's message and the audit row's detail. */
export interface SignInRefusal {
  message: string;
  detail: string;
}

/**
 * The identity provider says who someone is; terminus's principal registry (`api_principals`) says who may act. A
 * signed-in identity must be an active principal (created by an admin, activated by a second one when privileged,
 * not disabled), and its console session holds only the roles both grant: the provider cannot give a principal a
 * role the registry did not (the registry's separation of duties holds for console identities too).
 */
export async function checkPrincipal(
  db: Database,
  principalId: string,
  granted: readonly Role[],
): Promise<{ roles: Role[] } | { refusal: SignInRefusal }> {
  const principal = await findPrincipal(db, principalId);
  if (!principal) {
    return {
      refusal: {
        detail: 'signed in at the provider but is not a principal',
        message: `${principalId} signed in at the identity provider but is not a terminus principal. An admin creates it (terminus principal create --id ${principalId} ...), and a second admin activates it when it holds legal, tns_lead or admin.`,
      },
    };
  }
  if (principal.status !== 'active') {
    const why =
      principal.status === 'proposed'
        ? 'was proposed by an admin and waits for a second admin to activate it'
        : 'was disabled by an admin';
    return {
      refusal: {
        detail: `signed in at the provider but the principal is ${principal.status}`,
        message: `${principalId} signed in at the identity provider, but the terminus principal ${why}, so it may not use the console.`,
      },
    };
  }
  return { roles: granted.filter((r) => principal.roles.includes(r)) };
}
