import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The custom search attributes terminus sets, in one place: workflows upsert them, the platform registers
 * them on the server (dev server flags, operator service on the test server), the API filters by them.
 * Values are plaintext on the server: nothing secret or personal goes here.
 */
export const TerminusStage = defineSearchAttributeKey('TerminusStage', SearchAttributeType.KEYWORD);
/** How a case ended (`terminated`, `rejected`, `withdrawn`, `reinstated`). */
export const TerminusOutcome = defineSearchAttributeKey('TerminusOutcome', SearchAttributeType.KEYWORD);
/** The policy category the case is decided under. */
export const TerminusCategory = defineSearchAttributeKey('TerminusCategory', SearchAttributeType.KEYWORD);
/** The resolved cutoff instant. */
export const TerminusCutoff = defineSearchAttributeKey('TerminusCutoff', SearchAttributeType.DATETIME);
/** Where the customer is served now, per the latest confirmed observation. */
export const TerminusProvider = defineSearchAttributeKey('TerminusProvider', SearchAttributeType.KEYWORD);
/** The customer account id (a business key, not personal data). */
export const TerminusAccount = defineSearchAttributeKey('TerminusAccount', SearchAttributeType.KEYWORD);
/** The case's domain family, for filtering by domain. */
export const TerminusDomains = defineSearchAttributeKey('TerminusDomains', SearchAttributeType.KEYWORD_LIST);

/** Every custom attribute, for registration. */
export const ALL_SEARCH_ATTRIBUTES = [
  TerminusStage,
  TerminusOutcome,
  TerminusCategory,
  TerminusCutoff,
  TerminusProvider,
  TerminusAccount,
  TerminusDomains,
] as const;
