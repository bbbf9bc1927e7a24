import type { ResolvedCutoff } from '../case-types';
import type { StatementOfReasons } from '../statement-of-reasons';
import { caseAccountIds } from './account-case';
import { describeSource, OWN_INITIATIVE } from './case-source';
import type { CaseState } from './case-state';

/** Evidence the customer may see: references given at intake or by the investigator, and stored hashes. */
export function customerEvidence(state: CaseState): string[] {
  const refs = [...state.intake.evidenceRefs, ...(state.findings?.evidence ?? [])];
  for (const e of state.evidence) refs.push(`sha256:${e.sha256}`);
  return [...new Set(refs)];
}

/**
 * The statement of reasons (DSA Art. 17) for the notice, from the case as decided: legal's ground, the findings,
 * the policy clause and version, the resolved cutoff, and how to appeal until when.
 */
export function buildStatement(state: CaseState, cutoff: ResolvedCutoff, noticeAtMs: number): StatementOfReasons {
  const policy = state.policy;
  return {
    caseId: state.caseId,
    accountId: state.intake.account.id,
    accountName: state.intake.account.name,
    decision: { services: [...state.intake.services], domains: [state.domains.primary, ...state.domains.aliases] },
    ...(state.accountItems
      ? {
          affected: {
            accounts: caseAccountIds(state.intake),
            items: Math.max(0, state.accountItems.total - state.accountItems.excluded),
            sample: [...state.accountItems.sample],
            exclusions: state.accountItems.exclusions.map((e) => ({ name: e.name, reason: e.reason })),
          },
        }
      : {}),
    facts: state.findings?.facts ?? state.intake.summary,
    source: describeSource(state.intake.source ?? OWN_INITIATIVE),
    evidence: customerEvidence(state),
    ground: state.legal?.ground ?? policy.category.ground,
    groundExplanation: state.legal?.groundExplanation ?? policy.category.clause.text,
    policy: {
      version: policy.version,
      clause: `${policy.category.clause.id}: ${policy.category.clause.text}`,
      category: policy.category.id,
      dsaCategory: policy.category.dsaCategory,
    },
    automatedDetection: false,
    automatedDecision: false,
    effective: { at: cutoff.at, timeZone: cutoff.timeZone, localTime: cutoff.localTime },
    appeal: {
      until: new Date(noticeAtMs + policy.category.appealWindow.ms).toISOString(),
      how: policy.appealInstructions,
    },
  };
}
