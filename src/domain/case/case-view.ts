import type { ProviderChange } from '../watch/provider-change';
import { activeHolds, pendingApproverRoles } from './case-rules';
import type { CaseState, CaseView } from './case-state';

/** The latest confirmed provider per domain, from the provider chain. */
export function currentProviders(chain: ProviderChange[]): CaseView['currentProviders'] {
  const latest = new Map<string, ProviderChange>();
  for (const change of chain) latest.set(change.domain, change);
  return [...latest.values()].map((c) => ({ domain: c.domain, state: c.state, provider: c.provider, at: c.at }));
}

/**
 * The case as the `caseView` query returns it: a deep copy (a caller can never mutate workflow state) plus flags
 * derived at `nowMs`, the workflow's clock.
 */
export function buildCaseView(state: CaseState, nowMs: number): CaseView {
  const copy = JSON.parse(JSON.stringify(state)) as CaseState;
  const active = new Set(activeHolds(state, nowMs).map((h) => h.id));
  const view: CaseView = {
    ...copy,
    policyVersion: state.policy.version,
    policyClause: state.policy.category.clause.id,
    activeHolds: state.holds.map((h) => ({
      id: h.id,
      kind: h.kind,
      reference: h.reference,
      expiresAt: h.expiresAt,
      active: active.has(h.id),
    })),
    currentProviders: currentProviders(state.providerChain),
    pendingApproverRoles: state.legal?.decision === 'reject' ? [] : pendingApproverRoles(state),
  };
  const open = copy.appeals.find((a) => !a.decision);
  if (open) view.openAppeal = open;
  return view;
}
