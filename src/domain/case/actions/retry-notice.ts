import { checkActor, checkStage, conflict, EMAIL_RE, first, invalid, nonEmpty } from '../case-rules';
import { actedBy } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['legal', 'tns_lead', 'operator', 'admin'] as const;
const fields = {
  contacts: { kind: 'emails', max: 20, optional: true, flag: 'contact', doc: 'Corrected notice contacts' },
  reasons: REASONS_FIELD,
} as const;

/** After an undeliverable notice: try again, optionally with corrected contacts. */
export type RetryNoticeInput = ActionInput<typeof fields>;

/** Sends an undeliverable notice again; only while the notice waits for a person. */
export const retryNotice = defineCaseAction({
  name: 'retry-notice',
  update: 'retryNotice',
  path: '/retry-notice',
  summary: 'Try an undeliverable notice again, optionally with corrected contacts',
  roles,
  destructive: false,
  fields,
  check: (state, input) =>
    first(
      () => checkActor(input, roles),
      () => checkStage(state, ['notifying'], 'retrying the notice'),
      () => (state.noticeUndeliverable ? null : conflict('the notice is not waiting for a retry')),
      () =>
        input.contacts === undefined ||
        (Array.isArray(input.contacts) && input.contacts.length > 0 && input.contacts.every((c) => EMAIL_RE.test(c)))
          ? null
          : invalid('contacts must be a non-empty list of e-mail addresses'),
      () => nonEmpty(input.reasons, 'reasons'),
    ),
  apply: (state, input, at) => {
    if (input.contacts) state.noticeContacts = [...input.contacts];
    state.noticeRetryRequested = true;
    record(
      state,
      at,
      'notice_retry_requested',
      `notice retry requested (to ${state.noticeContacts.length} contacts)`,
      actedBy(input),
    );
  },
  cli: {
    command: 'retry-notice',
    description: 'Send an undeliverable notice again, optionally to corrected contacts',
    example:
      'terminus case retry-notice case-acct-8832 --contact legal@example-board.com --reasons "new contact from registrar"',
    done: () => 'notice retry requested',
  },
});
