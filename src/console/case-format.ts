import { html } from 'hono/html';
import type { CaseView } from '../domain/case/case-state';
import { humanDuration, type Html } from './layout';

/** The instant the case's cutoff timer is set to (or the resolved or requested cutoff before notice). */
export function cutoffOf(view: Pick<CaseView, 'deadlines' | 'cutoff'>, fallback?: string | null): string | undefined {
  return view.deadlines.cutoffAt ?? view.cutoff?.at ?? fallback ?? undefined;
}

/** "in 3 h 20 min" / "passed 2 min ago", inside a <time> element with the instant. */
export function countdown(at: string | undefined | null, nowMs: number): Html | string {
  if (!at) return html`<span class="muted">not set</span>`;
  const ms = Date.parse(at) - nowMs;
  return html`<time datetime="${at}">${ms >= 0 ? `in ${humanDuration(ms)}` : `passed ${humanDuration(ms)}`}</time>`;
}

/** The cutoff of a queue row: the resolved one with its countdown, else what was requested (fixed at notice). */
export function cutoffCell(view: CaseView, nowMs: number, fallback?: string | null): Html | string {
  const at = cutoffOf(view, fallback);
  if (at) return countdown(at, nowMs);
  const asked = view.intake.cutoff;
  if (asked.kind === 'instant') return html`${countdown(asked.at, nowMs)} (requested)`;
  return html`${asked.time} ${asked.timeZone}${asked.date ? ` on ${asked.date}` : ''} (requested)`;
}

/** The urgency, marked when imminent (threat to life: the short path). */
export const urgencyCell = (urgency: string | undefined): Html =>
  urgency === 'imminent' ? html`<span class="urgent">imminent</span>` : html`${urgency ?? 'standard'}`;

/** How long a case has been open. */
export const ageOf = (openedAt: string, nowMs: number): string =>
  humanDuration(nowMs - Date.parse(openedAt)).replace(/ ago$/, '');

/** The four-eyes state in words: who approved, who is still needed. */
export function fourEyes(view: CaseView): string {
  const done = [
    ...(view.legal
      ? [`${view.legal.decision === 'approve' ? 'approved' : 'rejected'} by legal (${view.legal.by})`]
      : []),
    ...view.approvals
      .filter((a) => a.role !== 'legal')
      .map((a) => `${a.decision === 'approve' ? 'approved' : 'rejected'} by ${a.role.replace('_', ' ')} (${a.by})`),
  ];
  const waiting = view.pendingApproverRoles.map((r) => (r === 'tns_lead' ? 'T&S lead' : r));
  if (!done.length && !waiting.length) return 'no approval needed yet';
  const head = done.length ? done.join(', ') : 'no approval yet';
  return waiting.length ? `${head}; waiting for ${waiting.join(' and ')}` : `${head}; approvals complete`;
}
