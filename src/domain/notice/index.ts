/** Rendering of customer messages and staff alerts: pure, so the same text is produced on every retry. */
export { renderCustomerMessage, type CustomerMessageContent } from './customer-messages';
export { renderStaffAlert, STAFF_ALERT_LABELS, type StaffAlertContent, type StaffAlertKindName } from './staff-alerts';
export type { RenderedMessage } from './document';
export { NoticeInputError } from './errors';
export { escapeHtml, headerText, bodyText, hasHeaderBreak, hasUnsafeHeaderCharacters } from './text-safety';
export { addressProblem, addressDomain, checkRecipients } from './address';
export { lawEnforcementMentions, LAW_ENFORCEMENT_TERMS } from './disclosure';
export { describeInstant, type InstantText } from './time-format';
