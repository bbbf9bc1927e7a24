import { CASE_BOUNDS } from '../case-bounds';
import { checkActor, checkContacts, checkStage, conflict, first, nonEmpty } from '../case-rules';
import { actedBy } from '../case-transitions';
import { record } from '../timeline';
import { defineCaseAction, REASONS_FIELD, type ActionInput } from './action-definition';

const roles = ['legal', 'tns_lead', 'operator', 'admin'] as const;
const fields = {
  contacts: {
    kind: 'emails',
    max: CASE_BOUNDS.noticeContacts,
    optional: true,
    flag: 'contact',
    doc: 'Corrected notice contacts',
  },
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
        state.noticeAttempts >= CASE_BOUNDS.noticeAttempts
          ? conflict(
              `the notice was tried ${state.noticeAttempts} times, the most a case tries; withdraw the case ` +
                'and open a new one with working contacts',
            )
          : null,
      () => (input.contacts === undefined ? null : checkContacts(input.contacts, 'contacts')),
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
