import { createHash } from 'node:crypto';
import type { EdgeProviders, ProxyRoute, ZoneData } from '../adapters/edge/provider';
import type { Database } from '../db/database';
import type { ServiceKind } from '../domain/case-types';
import { isPublicSuffix } from '../domain/footprint/public-suffixes';
import type { AccountItemKind } from './account-contract';
import { saveSnapshot, SNAPSHOT_FORMAT } from './edge-snapshots';

/**
 * The "before" pictures of a revocation batch: what each item is on the edge right now (its zone export, or the
 * route serving the hostname), checked against the case's accounts, and stored as ordinary edge snapshots (one
 * per batch and account), so the existing `restoreSnapshot` puts an account's names back after an upheld appeal.
 * Restore an account case's snapshots newest first: a route shared by hostnames of two batches then ends as the
 * older (fuller) picture.
 */

/** A pending row the batch works on. */
export interface BatchItem {
  name: string;
  kind: AccountItemKind;
  accountId: string;
  /** The snapshot an earlier attempt took of this item (set: that attempt may already have revoked it). */
  snapshotId: string | null;
}

/** What the edge has for an item now. `gone`: nothing; `refused`: there, but not ours to revoke (why). */
export type Picture =
  { state: 'live'; zone?: ZoneData; route?: ProxyRoute } | { state: 'gone' } | { state: 'refused'; reason: string };

/** The picture of a zone item from a zone export (null when the provider has no such zone). */
export function zonePicture(
  item: BatchItem,
  zone: ZoneData | null,
  accounts: ReadonlySet<string>,
  extraPublicSuffixes: readonly string[],
): Picture {
  if (isPublicSuffix(item.name, extraPublicSuffixes)) {
    return { state: 'refused', reason: `${item.name} is a public suffix: an account case never revokes it` };
  }
  if (!zone) return { state: 'gone' };
  if (zone.account === null || !accounts.has(zone.account)) {
    return {
      state: 'refused',
      reason: `zone ${item.name} now belongs to ${zone.account ?? 'nobody on record'}, not to the case's accounts`,
    };
  }
  return { state: 'live', zone };
}

/** The picture of a proxied hostname from one route listing. */
export function hostPicture(item: BatchItem, routes: readonly ProxyRoute[], accounts: ReadonlySet<string>): Picture {
  const serving = routes.filter((r) => r.hosts.includes(item.name));
  if (serving.length === 0) return { state: 'gone' };
  const ours = serving.find((r) => r.account !== null && accounts.has(r.account));
  if (!ours) {
    return {
      state: 'refused',
      reason: `${item.name} is now served by a route of ${serving[0]?.account ?? 'nobody on record'}, not of the case's accounts`,
    };
  }
  return { state: 'live', route: ours };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * Stores the live pictures, one snapshot per account in the batch (idempotent per batch content: a retried batch
 * over the same names lands on the same row), and returns the snapshot id of every item pictured.
 */
export async function saveBatchSnapshots(
  deps: { db: Database; providers: EdgeProviders; now: () => string },
  caseId: string,
  services: ServiceKind[],
  live: { item: BatchItem; picture: Extract<Picture, { state: 'live' }> }[],
): Promise<Map<BatchItem, string>> {
  const byAccount = new Map<string, typeof live>();
  for (const entry of live) {
    byAccount.set(entry.item.accountId, [...(byAccount.get(entry.item.accountId) ?? []), entry]);
  }
  const ids = new Map<BatchItem, string>();
  for (const [accountId, entries] of byAccount) {
    const names = entries.map((e) => `${e.item.kind} ${e.item.name}`);
    const zones = entries.flatMap((e) => (e.picture.zone ? [e.picture.zone] : []));
    const routes = [
      ...new Map(entries.flatMap((e) => (e.picture.route ? [[e.picture.route.id, e.picture.route]] : []))).values(),
    ];
    const stored = await saveSnapshot(deps.db, `account-batch:${caseId}:${accountId}:${sha(names.join('\n'))}`, {
      format: SNAPSHOT_FORMAT,
      caseId,
      accountId,
      takenAt: deps.now(),
      services,
      domains: [...new Set(entries.map((e) => e.item.name))],
      dnsProvider: deps.providers.dns.id,
      proxyProvider: deps.providers.proxy.id,
      plan: entries.map((e) => ({
        domain: e.item.name,
        zones: e.picture.zone ? [e.picture.zone.name] : [],
        routes: e.picture.route ? [{ routeId: e.picture.route.id, host: e.item.name }] : [],
      })),
      notOnEdge: [],
      zones,
      routes,
    });
    for (const e of entries) ids.set(e.item, stored.id);
  }
  return ids;
}
