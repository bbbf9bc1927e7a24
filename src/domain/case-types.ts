/**
 * The vocabulary of a termination case, shared by the workflow, activities, API and CLI. JSON-safe only:
 * instants are ISO-8601 strings, collections are arrays, so every value can cross Temporal's payload boundary.
 */

/** Where a case stands; also the `TerminusStage` search attribute. */
export type Stage =
  'investigating' | 'legal_review' | 'notifying' | 'awaiting_cutoff' | 'revoking' | 'monitoring' | 'closed';

/** How a case ended; also the `TerminusOutcome` search attribute. */
export type Outcome = 'terminated' | 'rejected' | 'withdrawn' | 'reinstated';

/** The services a provider can end for a customer. */
export type ServiceKind = 'dns' | 'proxy';

/** Roles a principal can hold; enforced by the API and again in the workflow's update validators. */
export type Role = 'requester' | 'investigator' | 'legal' | 'tns_lead' | 'appeals' | 'operator' | 'admin';

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
}

/** Law-enforcement hold kinds (DESIGN.md, "Law-enforcement holds"). */
export type HoldKind = 'preservation' | 'do_not_terminate' | 'non_disclosure';

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

/** Urgency at intake; `imminent` allows expedite where policy does. */
export type Urgency = 'standard' | 'imminent';
