/**
 * The items of an account-scale case (issue 18) as every layer sees them: a DNS zone or proxied hostname the case
 * ends, one row per case and name in the app database. They live here, in the domain, because the API, the CLI and
 * the services page them and may not import activities; `src/activities/account-contract.ts` re-exports them.
 */

/** A name the case ends: a DNS zone, or a hostname served by the proxy. */
export const ACCOUNT_ITEM_KINDS = ['zone', 'proxy_host'] as const;
export type AccountItemKind = (typeof ACCOUNT_ITEM_KINDS)[number];

/** Where a case's item stands. `excluded` was taken out by staff with a reason; `absent` vanished before revocation. */
export const ACCOUNT_ITEM_STATUSES = ['pending', 'done', 'failed', 'excluded', 'absent'] as const;
export type AccountItemStatus = (typeof ACCOUNT_ITEM_STATUSES)[number];

/** The two discoveries: when the case is opened, and just before revocation (catches zones added after approval). */
export type DiscoveryPhase = 'intake' | 'pre_revocation';

/** One row of `case_items`, as the API pages it. */
export interface AccountItem {
  name: string;
  kind: AccountItemKind;
  /** The account the edge records as the owner (the case's account or a linked one). */
  accountId: string;
  status: AccountItemStatus;
  /** `intake` or `pre_revocation`: the discovery that found it (a late addition shows which). */
  foundBy: DiscoveryPhase;
  foundAt: string;
  /** Set when revoked: whether this revocation changed the edge (false: it was already gone, a resumed batch). */
  changed?: boolean;
  revokedAt?: string;
  error?: string;
  exclusion?: { by: string; at: string; reason: string };
}

/** A page of a case's items, newest discovery last, in name order within it. */
export interface AccountItemPage {
  items: AccountItem[];
  /** Opaque; absent on the last page. */
  nextCursor?: string;
  total: number;
}

/**
 * Reads and staff edits of `case_items` outside the workflow (API, console, statement and notice rendering).
 * Exclusion is allowed only while the item is pending; it is audited by the caller.
 */
export interface AccountItemStore {
  page(
    caseId: string,
    options: { cursor?: string; limit: number; status?: AccountItemStatus },
  ): Promise<AccountItemPage>;
  counts(caseId: string): Promise<Record<AccountItemStatus, number>>;
  exclude(caseId: string, name: string, exclusion: { by: string; at: string; reason: string }): Promise<AccountItem>;
}
