import type { EdgeProviders } from '../adapters/edge/provider';
import type { Database } from '../db/database';
import { canonicalProviderName } from '../domain/footprint/domain-name';
import type { AccountItemKind, DiscoverAccountItemsInput, DiscoverAccountItemsResult } from './account-contract';
import { countAccountItems, FOUND_RANK } from './account-items-store';

/**
 * Finding an account's names on the edge: one zone listing and one route listing for all the accounts (never one
 * call per zone: at 10,000 zones the listings are two requests), and one insert of every name, where a name the
 * case already has (pending, done or excluded) stays as it is.
 */

/** A name the edge records as owned by one of the case's accounts. */
export interface OwnedName {
  name: string;
  kind: AccountItemKind;
  accountId: string;
}

/** Every zone and proxied hostname the accounts own on the edge, each (name, kind) once, in name order. */
export async function listAccountNames(providers: EdgeProviders, accountIds: readonly string[]): Promise<OwnedName[]> {
  const accounts = new Set(accountIds);
  const [zones, routes] = await Promise.all([providers.dns.listZones(), providers.proxy.listRoutes()]);
  const found = new Map<string, OwnedName>();
  for (const z of zones) {
    if (z.account !== null && accounts.has(z.account)) {
      const name = canonicalProviderName(z.name);
      found.set(`zone ${name}`, { name, kind: 'zone', accountId: z.account });
    }
  }
  for (const r of routes) {
    if (r.account === null || !accounts.has(r.account)) continue;
    for (const host of r.hosts) {
      const name = canonicalProviderName(host);
      found.set(`proxy_host ${name}`, { name, kind: 'proxy_host', accountId: r.account });
    }
  }
  return [...found.values()].sort((a, b) =>
    a.name === b.name ? a.kind.localeCompare(b.kind) : a.name < b.name ? -1 : 1,
  );
}

const INSERT_CHUNK = 5000;

/** Records the names a discovery found; returns the ones that were new to the case. */
export async function recordDiscovered(
  db: Database,
  input: Pick<DiscoverAccountItemsInput, 'caseId' | 'phase'>,
  names: readonly OwnedName[],
  at: string,
): Promise<OwnedName[]> {
  const added: OwnedName[] = [];
  for (let from = 0; from < names.length; from += INSERT_CHUNK) {
    const chunk = names.slice(from, from + INSERT_CHUNK);
    const rows = await db.query<{ name: string; kind: AccountItemKind; account_id: string }>(
      `INSERT INTO case_items (case_id, name, kind, account_id, found_by, found_rank, found_at)
       SELECT $1, n, k, a, $5, $6, $7 FROM unnest($2::text[], $3::text[], $4::text[]) AS t(n, k, a)
       ON CONFLICT (case_id, name, kind) DO NOTHING RETURNING name, kind, account_id`,
      [
        input.caseId,
        chunk.map((n) => n.name),
        chunk.map((n) => n.kind),
        chunk.map((n) => n.accountId),
        input.phase,
        FOUND_RANK[input.phase],
        at,
      ],
    );
    added.push(...rows.map((r) => ({ name: r.name, kind: r.kind, accountId: r.account_id })));
  }
  return added;
}

/** The discovery's answer: totals of the case after it, and a sample of what it added (for the timeline). */
export async function discoveryResult(
  db: Database,
  caseId: string,
  added: readonly OwnedName[],
  at: string,
): Promise<DiscoverAccountItemsResult> {
  const counts = await countAccountItems(db, caseId);
  return {
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    added: added.length,
    addedSample: [...new Set(added.map((a) => a.name))].sort().slice(0, 20),
    excluded: counts.excluded,
    at,
  };
}
