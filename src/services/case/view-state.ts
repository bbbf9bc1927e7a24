import type { CaseState, CaseView } from '../../domain/case/case-state';

/** The case state inside a view (a view is the state plus flags derived at query time). */
export function stateOfView(view: CaseView): CaseState {
  const {
    policyVersion: _version,
    policyClause: _clause,
    activeHolds: _holds,
    currentProviders: _providers,
    pendingApproverRoles: _pending,
    openAppeal: _appeal,
    ...state
  } = view;
  return state;
}
