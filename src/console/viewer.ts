import type { Principal } from '../domain/case-types';
import type { ConsoleSession } from './session-store';

/** The signed-in principal as the case service and rules know it. */
export const principalOf = (session: ConsoleSession): Principal => ({ id: session.principalId, roles: session.roles });
