import { activeHolds, normaliseDomain, pendingApproverRoles } from './case-rules';
import type { CaseState } from './case-state';
import { currentProviders } from './case-view';
import { md } from '../text/markdown-escape';

/**
 * What the Temporal Web UI shows for a case: a one-line static summary set at start, and markdown "current
 * details" rewritten at every stage change. Plaintext on the server: ids, domains and stage only, no contacts,
 * no agency names, no findings. Every value is escaped for markdown (`md`): the Web UI renders it in a staff
 * member's browser, and a value such as a hold reference is typed by a person.
 */

/** The static summary (one line) for the start options. */
export function caseSummary(intake: {
  account: { id: string };
  domains: { primary: string };
  category: string;
}): string {
  const primary = normaliseDomain(intake.domains.primary);
  return md`Termination case for account ${intake.account.id} (${primary}), category ${intake.category}`;
}

/** The current details (markdown). */
export function caseDetails(state: CaseState, nowMs: number): string {
  const lines = [
    md`**Stage:** ${state.stage}` + (state.outcome ? md` — **outcome:** ${state.outcome}` : ''),
    md`**Policy:** ${state.policy.version} / ${state.policy.category.id} (${state.policy.category.clause.id})`,
    md`**Domains:** ${[state.domains.primary, ...state.domains.aliases].join(', ')}`,
  ];
  const pending = state.legal?.decision === 'reject' ? [] : pendingApproverRoles(state);
  if (state.stage === 'legal_review' && pending.length) lines.push(md`**Waiting for:** ${pending.join(', ')}`);
  if (state.cutoff) lines.push(md`**Cutoff:** ${state.cutoff.localTime} ${state.cutoff.timeZone} (${state.cutoff.at})`);
  if (state.expedite.effectiveAt) lines.push(md`**Expedited** at ${state.expedite.effectiveAt}`);
  const holds = activeHolds(state, nowMs);
  if (holds.length) {
    lines.push(`**Holds:** ${holds.map((h) => md`${h.kind} ${h.reference} until ${h.expiresAt}`).join('; ')}`);
  }
  const items = state.accountItems;
  if (items) {
    lines.push(
      md`**Account items:** ${items.total} found (${items.lateAdded} late), ${items.excluded} excluded; ` +
        md`revocation ${items.done} done / ${items.failed} failed / ${items.remaining} remaining`,
    );
  }
  if (state.noticeUndeliverable) lines.push('**Notice undeliverable** — waiting for staff');
  if (state.revocationStuck) lines.push('**Revocation stuck** — waiting for an operator');
  const open = state.appeals.find((a) => !a.decision);
  if (open) lines.push(md`**Open appeal:** ${open.id}`);
  const providers = currentProviders(state.providerChain);
  if (providers.length) {
    lines.push(`**Now served by:** ${providers.map((p) => md`${p.domain} → ${p.provider ?? p.state}`).join(', ')}`);
  }
  return lines.join('\n\n');
}
