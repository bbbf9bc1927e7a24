import type { CaseState, CaseView } from '../../domain/case/case-state';
import type { Principal, Role } from '../../domain/case-types';
import { FailureType } from '../../domain/failures';
import { STAFF_ROLES } from '../../domain/vocabularies';
import { ServiceFailure } from '../case/service-error';

export { STAFF_ROLES };

/** Roles that may see who at an agency asked for a hold (law-enforcement contacts are need-to-know). */
export const HOLD_CONTACT_ROLES: readonly Role[] = ['legal', 'admin'];

/** Whether the principal is staff (sees every case). */
export const isStaff = (principal: Principal): boolean => principal.roles.some((r) => STAFF_ROLES.includes(r));

/** Per-case authorization for reading and acting: staff, or the principal that opened the case. */
export function canAccessCase(principal: Principal, state: Pick<CaseState, 'intake'>): boolean {
  return isStaff(principal) || state.intake.requestedBy === principal.id;
}

/**
 * The one answer for a case a caller may not see and for a case that does not exist: the same status and the same
 * body, so a caller without rights learns nothing about which case IDs exist (issue 15).
 */
export const noSuchCase = (caseId: string): ServiceFailure =>
  new ServiceFailure(FailureType.NotFound, `no case ${caseId}`);

/** Hides agency contacts of holds from principals who need not know them; the hold itself stays visible. */
export function redactState<S extends Pick<CaseState, 'holds'>>(state: S, principal: Principal): S {
  if (principal.roles.some((r) => HOLD_CONTACT_ROLES.includes(r))) return state;
  return { ...state, holds: state.holds.map((h) => ({ ...h, agencyContact: '[restricted]' })) };
}

/** {@link redactState} for a case view. */
export const redactView = (view: CaseView, principal: Principal): CaseView => redactState(view, principal);
