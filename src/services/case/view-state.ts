import type { CaseState, CaseView } from '../../domain/case/case-state';

const VIEW_EXTRAS = [
  'policyVersion',
  'policyClause',
  'activeHolds',
  'currentProviders',
  'pendingApproverRoles',
  'openAppeal',
];

/** The case state inside a view (a view is the state plus flags derived at query time). */
export function stateOfView(view: CaseView): CaseState {
  const copy: Record<string, unknown> = { ...view };
  for (const key of VIEW_EXTRAS) delete copy[key];
  return copy as unknown as CaseState;
}
