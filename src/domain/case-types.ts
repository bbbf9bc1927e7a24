/**
 * The vocabulary of a termination case, shared by the workflow, activities, API and CLI. JSON-safe only:
 * instants are ISO-8601 strings, collections are arrays, so every value can cross Temporal's payload boundary.
 */

import type { HoldKind, Role } from './vocabularies';

export type { HoldKind, Outcome, Role, ServiceKind, Stage, Urgency } from './vocabularies';

/** Who acts. The id comes from an authenticated token, never from a request body. */
export interface Principal {
  id: string;
  roles: Role[];
}

/** The customer account whose service ends. Contacts receive the notice. */
export interface Account {
  id: string;
  name: string;
  noticeContacts: string[];
  /** The day (YYYY-MM-DD) the account, or its oldest zone on our edge, was created: when the service the decision
   * restricts began (the DSA statement's `content_date`). Unknown for cases opened before it was asked. */
  createdOn?: string;
}

/** The primary domain and its aliases and mirrors (lower-case, no trailing dot). */
export interface DomainFamily {
  primary: string;
  aliases: string[];
}

/** The cutoff as asked for: an instant, or a wall-clock time in an IANA zone on a local date (default: the
 * next occurrence after the notice). Resolved once, in an activity, into {@link ResolvedCutoff}. */
export type CutoffRequest =
  { kind: 'instant'; at: string } | { kind: 'local'; time: string; timeZone: string; date?: string };

/** The cutoff as computed and persisted: replay never recomputes it. */
export interface ResolvedCutoff {
  /** The instant, ISO-8601 UTC. */
  at: string;
  /** The zone the customer was told about, and the local wall-clock rendering in it. */
  timeZone: string;
  localTime: string;
  /** How a nonexistent or ambiguous local time was settled, if it had to be. */
  adjustment?:
    'shifted_forward_gap' | 'earlier_of_ambiguous' | 'later_of_ambiguous' | 'raised_to_minimum_notice' | 'expedited';
  /** The adjustment in words, with the policy rule applied (shown on the case and in its timeline). */
  note?: string;
}

/** A hold as recorded on a case (and in the registry). */
export interface Hold {
  id: string;
  kind: HoldKind;
  reference: string;
  agencyContact: string;
  placedAt: string;
  expiresAt: string;
  placedBy: string;
  releasedAt?: string;
  releasedBy?: string;
}
