import { renderDocument, type RenderedMessage } from './document';
import { NoticeInputError } from './errors';
import type { StaffAlertKind } from '../vocabularies';

/**
 * Staff alerts: short internal messages that need a person (an overdue legal review, a hold about to expire, a
 * notice the mail server refused, a customer back online elsewhere, a revocation that does not take). The
 * subject leads with a fixed tag and the alert kind so mail filters and on-call rules can route them; the
 * workflow-supplied subject and body are untrusted text like any other.
 */

/** The staff alert kinds (one list, in the vocabularies). */
export type StaffAlertKindName = StaffAlertKind;

/** What a staff alert says. */
export interface StaffAlertContent {
  caseId: string;
  kind: StaffAlertKindName;
  subject: string;
  body: string;
}

/** Human label per kind; also the subject prefix. */
export const STAFF_ALERT_LABELS: Record<StaffAlertKindName, string> = {
  legal_review_overdue: 'Legal review overdue',
  hold_expiring: 'Law-enforcement hold expiring',
  notice_undeliverable: 'Customer notice undeliverable',
  migration_detected: 'Migration detected',
  revocation_stuck: 'Revocation stuck',
  dsa_statement_rejected: 'DSA statement not submitted',
};

/** Renders a staff alert; refuses an unknown kind or an empty body. */
export function renderStaffAlert(alert: StaffAlertContent): RenderedMessage {
  const label = STAFF_ALERT_LABELS[alert.kind];
  if (!label) throw new NoticeInputError(`unknown staff alert kind ${JSON.stringify(alert.kind)}`);
  if (!alert.body.trim()) throw new NoticeInputError('a staff alert needs a body');
  return renderDocument({
    subject: `[terminus] ${label}: ${alert.subject}`,
    greeting: `${label} (case ${alert.caseId})`,
    intro: [],
    sections: [{ heading: 'Details', blocks: [{ kind: 'paragraph', text: alert.body }] }],
    closing: ['Sent by terminus. The case view (Temporal Web UI, API or CLI) has its full state.'],
  });
}
