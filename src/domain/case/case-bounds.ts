/**
 * Every bound on what a termination case keeps in its workflow state, in one place. The state crosses every update
 * result, every query and every continue-as-new whole, and Temporal refuses a payload over 2 MB (TMPRL1103): a case
 * whose state grew past that could never run another workflow task. So each list has a bound enforced by the rule of
 * the action that grows it (a 409 or 400 naming the limit: refused updates never reach history), each text a bound
 * in characters and in encoded bytes, and lists the workflow grows itself (timeline, provider chain, verification)
 * are windows. `test/domain/case/case-bounds.test.ts` builds the worst case from these numbers and checks that the
 * state and the case view stay under {@link STATE_BUDGET_BYTES}.
 *
 * Bytes are those of the JSON encoding in UTF-8 (what Temporal stores). Texts refuse control characters other than
 * newline and tab, and unpaired surrogates, so one character costs at most 3 bytes; the byte bound is what holds a
 * text written outside ASCII to the same budget as an ASCII one.
 */

/** The ceiling the bounds below are computed against (the target; Temporal's own limit is 2 MB). */
export const STATE_BUDGET_BYTES = 256 * 1024;

/** A text bound: characters (what a person is told) and encoded bytes (what the budget counts). */
export interface TextBound {
  chars: number;
  bytes: number;
}

export const CASE_BOUNDS = {
  // --- texts a person writes ---
  /** Reasons of every action: stored in the decision it records (findings, approvals, appeal decisions ...). */
  reasons: { chars: 2_000, bytes: 3 * 1024 },
  /** The investigator's facts: stored in the findings and again in the statement of reasons sent. */
  facts: { chars: 8_000, bytes: 8 * 1024 },
  /** The customer's appeal text (one per appeal, and the open one again in the case view). */
  appealText: { chars: 4_000, bytes: 4 * 1024 },
  /** Legal's explanation of the ground (findings' companion in the statement of reasons). */
  groundExplanation: { chars: 2_000, bytes: 3 * 1024 },
  /** A hold's agency reference (also shown in the view's hold flags). */
  holdReference: { chars: 200, bytes: 256 },
  /** Who at the agency. */
  agencyContact: { chars: 500, bytes: 512 },
  /** The intake summary (the case's reasons at opening). */
  summary: { chars: 5_000, bytes: 6 * 1024 },
  /** The account's name. */
  accountName: { chars: 200, bytes: 600 },
  /** Source fields of the intake (notifier, authority, reference). */
  sourceField: { chars: 500, bytes: 1024 },

  // --- lists a person grows ---
  /** Aliases and mirrors besides the primary domain: each adds a revocation step per service, a snapshot, a watch. */
  aliases: 20,
  /** The whole domain family as the `TerminusDomains` search attribute (Temporal refuses a value over 2 KB, and a
   * refused upsert fails the workflow task for good). */
  domainFamilyBytes: 1_900,
  /** Holds on one case, placed or found in the registry (each is kept: the record and retention need them). */
  holds: 20,
  /** Appeals on one case (one open at a time; after the second decision, a further one is refused). */
  appeals: 2,
  /** Termination notice attempts (each a notice record): after these, staff withdraw or the policy's rule applies. */
  noticeAttempts: 3,
  /** Notice contacts of the account or of a retry (each notice record repeats them). */
  noticeContacts: 10,
  /** The notice contacts together, encoded (10 long addresses, or more short ones are not needed). */
  noticeContactsBytes: 1024,
  /** An e-mail address (RFC 5321), printable ASCII. */
  email: 254,
  /** Evidence references of the intake and of the findings, each (hashes or URLs, printable ASCII). */
  evidenceRefs: 50,
  /** One evidence reference. */
  evidenceRef: 512,
  /** Evidence references of one list together, encoded: evidence itself lives in the evidence store. */
  evidenceRefsBytes: 4 * 1024,
  /** A principal id (from a token): repeated in every decision and timeline entry it makes. */
  principalId: 128,
  /** Linked accounts of an account case (same operator): each is discovered and revoked with the case's account. */
  linkedAccounts: 10,
  /** Why a linked account is the same operator. */
  linkedAccountReason: { chars: 300, bytes: 512 },
  /** Evidence references of one linked account. */
  linkedAccountRefs: 3,
  /** Items staff may exclude from an account case, each kept with its reason (the statement names them). */
  itemExclusions: 25,
  /** An exclusion's reason as kept in the state and the statement (the full reasons are in the audit log). */
  exclusionReason: 120,

  // --- lists the workflow grows itself ---
  /** Timeline entries kept (newest); older ones are dropped and counted in `timelineDropped`. */
  timelineEntries: 120,
  /** The kept timeline, encoded: the window shrinks below `timelineEntries` when entries are long. */
  timelineBytes: 16 * 1024,
  /** A timeline entry's summary and reasons each (the full reasons stay in the decision the entry records). */
  timelineText: 300,
  /** Provider changes kept (newest): a watch is flap-safe, so this is months of real moves. */
  providerChain: 30,
  /** A provider or state name from a watch signal. */
  providerName: 60,
  /** Error texts kept from activities (revocation steps, notices, DSA outcome). */
  errorText: 100,
  /** Zones and proxy hosts of one snapshot kept in the state (each): the full snapshot is in the store. */
  snapshotNames: 5,
  /** Names of an account case kept in the state as a sample (the notice's "including ..."). */
  itemSample: 10,
  /** Discovery runs kept (newest) in an account case's state. */
  itemDiscoveries: 6,
  /** A mail server's message id. */
  messageId: 200,
} as const;

/** Encoded size of a string in UTF-8 (surrogate pairs 4 bytes, the rest by code unit). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Encoded size of a value as Temporal's JSON payload converter stores it. */
export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? '');
}

/** A text clipped to `max` characters (an ellipsis marks the cut), never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (typeof text !== 'string') return '';
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Whether a text carries a control character a person's text may not (newline and tab allowed when multi-line),
 * or an unpaired surrogate (JSON would spell it as a 6-byte escape, and it is no character). */
export function badCharacterIn(text: string, multiLine: boolean): string | null {
  const rest = multiLine ? text.replace(/\r\n|[\n\t]/g, '') : text;
  if (/\p{Cc}/u.test(rest)) return multiLine ? 'control characters other than newline and tab' : 'control characters';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) {
    return 'unpaired surrogates';
  }
  return null;
}
