import type { CaseResponse as CaseView } from '../api/schemas/case-response';
import type { CaseSummary } from '../services/case/case-list';
import type { TransparencyReport } from '../services/case/transparency';

/** Human-readable renderings for the terminal; `--json` prints the API's JSON instead. */

/** `2026-03-01 08:00:00Z`: an instant a person can read, still UTC and unambiguous. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function wrap(text: string, width: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** One timeline line per entry (who, when, what), with the reasons indented below. */
export function renderTimeline(entries: CaseView['timeline'], dropped = 0): string {
  const lines = [`Timeline (${entries.length} entries${dropped ? `, ${dropped} older dropped` : ''})`];
  for (const e of entries) {
    const who = e.role ? `${e.actor} (${e.role})` : e.actor;
    lines.push(`  ${when(e.at)}  ${pad(who, 32)} ${pad(e.kind, 20)} ${e.summary}`);
    if (e.reasons) for (const l of wrap(`why: ${e.reasons}`, 70)) lines.push(`${' '.repeat(78)}${l}`);
  }
  return lines.join('\n');
}

/** The case at a glance, then its timeline. */
export function renderCase(view: CaseView): string {
  const s = view;
  const rows: [string, string][] = [
    ['case', `${s.caseId}  (ref ${s.caseRef})`],
    ['stage', `${s.stage}${s.outcome ? `   outcome: ${s.outcome}` : ''}`],
    [
      'account',
      `${s.intake.account.id} "${s.intake.account.name}"  notices to ${s.intake.account.noticeContacts.join(', ')}`,
    ],
    ['domains', [s.domains.primary, ...s.domains.aliases].join(', ')],
    ['services', s.intake.services.join(', ')],
    ['policy', `${s.policyVersion} / ${s.policy.category.id} (clause ${s.policyClause})`],
    ['urgency', s.intake.urgency],
    ['requested by', s.intake.requestedBy],
    ['opened', when(s.openedAt)],
  ];
  if (s.cutoff) rows.push(['cutoff', `${s.cutoff.localTime} ${s.cutoff.timeZone}  =  ${when(s.cutoff.at)}`]);
  else {
    const c = s.intake.cutoff;
    rows.push([
      'cutoff asked',
      c.kind === 'instant' ? when(c.at) : `${c.time} ${c.timeZone}${c.date ? ` on ${c.date}` : ''}`,
    ]);
  }
  if (s.deadlines.cutoffAt && s.stage === 'awaiting_cutoff') rows.push(['service ends', when(s.deadlines.cutoffAt)]);
  if (s.pendingApproverRoles.length && s.stage === 'legal_review')
    rows.push(['waiting for', s.pendingApproverRoles.join(', ')]);
  if (s.expedite.effectiveAt) rows.push(['expedited', when(s.expedite.effectiveAt)]);
  for (const h of s.activeHolds) {
    rows.push(['hold', `${h.id} ${h.kind} ${h.reference} until ${when(h.expiresAt)}${h.active ? ' (ACTIVE)' : ''}`]);
  }
  for (const a of s.appeals) {
    rows.push([
      'appeal',
      `${a.id} filed ${when(a.filedAt)} by ${a.filedBy}: ${a.decision ? `${a.decision.outcome} by ${a.decision.by}` : 'OPEN'}`,
    ]);
  }
  if (s.revokedAt) rows.push(['revoked', when(s.revokedAt)]);
  if (s.restoredAt) rows.push(['restored', when(s.restoredAt)]);
  for (const p of s.currentProviders)
    rows.push(['now served', `${p.domain} -> ${p.provider ?? p.state} (since ${when(p.at)})`]);
  if (s.noticeUndeliverable) rows.push(['attention', 'the notice could not be delivered: retry-notice or withdraw']);
  if (s.revocationStuck) rows.push(['attention', 'revocation is stuck: an operator must retry']);
  const head = rows.map(([k, v]) => `${pad(k, 13)} ${v}`).join('\n');
  return `${head}\n\n${renderTimeline(s.timeline, s.timelineDropped)}\n`;
}

/** One line after an action: where the case stands now. */
export function renderAfterAction(what: string, view: CaseView): string {
  const last = view.timeline[view.timeline.length - 1];
  const pending =
    view.stage === 'legal_review' && view.pendingApproverRoles.length
      ? `; waiting for ${view.pendingApproverRoles.join(', ')}`
      : '';
  return `${view.caseId}: ${what}; stage ${view.stage}${view.outcome ? ` (${view.outcome})` : ''}${pending}${last ? `\n  last: ${when(last.at)} ${last.summary}` : ''}\n`;
}

/** The case list as a table. */
export function renderCaseList(cases: CaseSummary[], nextCursor?: string): string {
  if (!cases.length) return 'no cases\n';
  const header = `${pad('CASE', 34)} ${pad('STAGE', 16)} ${pad('OUTCOME', 11)} ${pad('CATEGORY', 20)} DOMAINS`;
  const lines = cases.map(
    (c) =>
      `${pad(c.caseId, 34)} ${pad(c.stage ?? '-', 16)} ${pad(c.outcome ?? '-', 11)} ${pad(c.category ?? '-', 20)} ${c.domains.join(', ')}`,
  );
  return [header, ...lines, ...(nextCursor ? [`(more: --cursor ${nextCursor})`] : [])].join('\n') + '\n';
}

/** Transparency figures as a short report. */
export function renderTransparency(r: TransparencyReport): string {
  const h = (v: number | null) => (v === null ? '-' : `${v} h`);
  const lines = [
    `Transparency figures ${when(r.period.from)} .. ${when(r.period.to)} (to excluded)`,
    `  cases opened ${r.cases.opened}, closed ${r.cases.closed}`,
    `  decisions: ${Object.entries(r.decisions.byOutcome)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    ...r.decisions.byCategory.map(
      (c) =>
        `    ${pad(c.category, 20)} ${pad(c.dsaCategory, 45)} terminated ${c.terminated}, rejected ${c.rejected}, withdrawn ${c.withdrawn}, reinstated ${c.reinstated}`,
    ),
    `  notice periods: ${r.noticePeriods.count} (min ${h(r.noticePeriods.minHours)}, median ${h(r.noticePeriods.medianHours)}, max ${h(r.noticePeriods.maxHours)}); expedited ${r.noticePeriods.expedited}, raised to minimum notice ${r.noticePeriods.raisedToMinimumNotice}, without delivered notice ${r.noticePeriods.withoutDeliveredNotice}`,
    `  appeals: filed ${r.appeals.filed}, decided ${r.appeals.decided} (upheld ${r.appeals.upheld}, denied ${r.appeals.denied}), reversals after revocation ${r.appeals.reversals}, pending ${r.appeals.pending}`,
    `  holds: placed ${r.holds.placed} (${Object.entries(r.holds.byKind)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}), released ${r.holds.released}`,
    `  reappearance: ${r.reappearance.count} of ${r.reappearance.domainsRevoked} revoked domains back online (min ${h(r.reappearance.minHours)}, median ${h(r.reappearance.medianHours)}, max ${h(r.reappearance.maxHours)}); still dark ${r.reappearance.stillDark}`,
    ...r.reappearance.byProvider.map((p) => `    ${pad(p.provider, 24)} ${p.count}`),
    `  sources: ${r.sources.archivedCases} archived, ${r.sources.openCases} open${r.sources.openCasesNotRead ? ` (${r.sources.openCasesNotRead} open cases not read)` : ''}`,
  ];
  return lines.join('\n') + '\n';
}
