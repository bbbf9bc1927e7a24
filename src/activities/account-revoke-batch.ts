import type { EdgeProviders, ZoneData } from '../adapters/edge/provider';
import type { Database } from '../db/database';
import type { ServiceKind } from '../domain/case-types';
import type { AccountItemKind, AccountRevocationProgress, RevokeAccountBatchInput } from './account-contract';
import { hostPicture, saveBatchSnapshots, zonePicture, type BatchItem, type Picture } from './account-pictures';

/**
 * One batch of an account revocation. The rows are the truth: a batch takes the first pending items in name
 * order, pictures and snapshots them, revokes them one by one (the proxy's in one change where it can), and marks
 * each row as soon as its change is made. A worker killed mid-batch leaves rows still pending; the retry takes
 * them again, and an item whose earlier attempt had already snapshotted it and is gone now is marked done
 * (`changed: false`) without a second call to the edge. An item the edge refuses is marked failed and the batch
 * goes on; an unreachable provider fails the batch (retried, resuming from the rows) on the first attempts, and
 * fails only the item from {@link FAIL_ITEMS_FROM_ATTEMPT} on, so one broken zone cannot hold the case forever.
 */

/** Attempt from which a transient provider error fails the item instead of the batch. */
export const FAIL_ITEMS_FROM_ATTEMPT = 3;

/** What a batch needs; `heartbeat` and `attempt` come from the activity context. */
export interface RevokeBatchDeps {
  db: Database;
  providers: EdgeProviders;
  now: () => string;
  heartbeat: (progress: AccountRevocationProgress) => void;
  attempt: number;
  extraPublicSuffixes: readonly string[];
  /** Zone exports in flight at once (deletions go one at a time). */
  concurrency: number;
}

type Outcome = { status: 'done'; changed: boolean } | { status: 'absent' } | { status: 'failed'; error: string };

const KIND_OF_SERVICE: Record<ServiceKind, AccountItemKind> = { dns: 'zone', proxy: 'proxy_host' };

/** Runs `fn` over `items` with at most `limit` in flight; the first error stops new work and is rethrown. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        stopped = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function progressCounts(db: Database, caseId: string, kinds: AccountItemKind[]) {
  const rows = await db.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM case_items WHERE case_id = $1 AND kind = ANY($2::text[]) GROUP BY status',
    [caseId, kinds],
  );
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { done: n('done') + n('absent'), failed: n('failed'), remaining: n('pending') };
}

/** Revokes one batch (see the module comment); the progress counts `done` as revoked or found gone. */
export async function revokeBatch(
  deps: RevokeBatchDeps,
  input: RevokeAccountBatchInput,
): Promise<AccountRevocationProgress> {
  const { db, providers } = deps;
  const kinds = [...new Set(input.services.map((s) => KIND_OF_SERVICE[s]))];
  const accounts = new Set(input.accountIds);
  const rows = await db.query<{ name: string; kind: AccountItemKind; account_id: string; snapshot_id: string | null }>(
    `SELECT name, kind, account_id, snapshot_id FROM case_items
     WHERE case_id = $1 AND status = 'pending' AND kind = ANY($2::text[]) ORDER BY name, kind LIMIT $3`,
    [input.caseId, kinds, input.batchSize],
  );
  const items: BatchItem[] = rows.map((r) => ({
    name: r.name,
    kind: r.kind,
    accountId: r.account_id,
    snapshotId: r.snapshot_id,
  }));
  const progress: AccountRevocationProgress = {
    ...(await progressCounts(db, input.caseId, kinds)),
    revokedInBatch: 0,
    failedSample: [],
    at: deps.now(),
  };
  if (items.length === 0) return progress;

  /** An edge error: the item's outcome, or rethrown so the whole batch is retried (see the module comment). */
  const edgeError = (err: unknown): Outcome => {
    const e = err as Error & { nonRetryable?: boolean };
    if (e.name === 'ProviderUnavailable' && deps.attempt < FAIL_ITEMS_FROM_ATTEMPT) throw err;
    return { status: 'failed', error: e.message };
  };
  const settle = async (item: BatchItem, outcome: Outcome) => {
    const done = outcome.status === 'done';
    const updated = await db.query(
      `UPDATE case_items SET status = $4, changed = $5, revoked_at = $6, error = $7
       WHERE case_id = $1 AND name = $2 AND kind = $3 AND status = 'pending' RETURNING name`,
      [
        input.caseId,
        item.name,
        item.kind,
        outcome.status,
        done ? outcome.changed : null,
        done ? deps.now() : null,
        outcome.status === 'failed' ? outcome.error : null,
      ],
    );
    if (updated.length === 0) return; // excluded or settled meanwhile: nothing to count
    progress.remaining--;
    if (outcome.status === 'failed') {
      progress.failed++;
      if (progress.failedSample.length < 20) progress.failedSample.push({ name: item.name, error: outcome.error });
    } else {
      progress.done++;
      progress.revokedInBatch++;
    }
    progress.at = deps.now();
    deps.heartbeat({ ...progress, failedSample: [...progress.failedSample] });
  };

  // The before-pictures: one export per zone, one route listing for all the hostnames.
  const pictures = new Map<BatchItem, Picture | Outcome>();
  await forEachLimited(
    items.filter((i) => i.kind === 'zone'),
    deps.concurrency,
    async (item) => {
      let zone: ZoneData | null;
      try {
        zone = await providers.dns.getZone(item.name);
      } catch (err) {
        pictures.set(item, edgeError(err));
        return;
      }
      pictures.set(item, zonePicture(item, zone, accounts, deps.extraPublicSuffixes));
    },
  );
  const hosts = items.filter((i) => i.kind === 'proxy_host');
  if (hosts.length > 0) {
    try {
      const routes = await providers.proxy.listRoutes();
      for (const item of hosts) pictures.set(item, hostPicture(item, routes, accounts));
    } catch (err) {
      const outcome = edgeError(err);
      for (const item of hosts) pictures.set(item, outcome);
    }
  }
  const live = items.flatMap((item) => {
    const p = pictures.get(item);
    return p && 'state' in p && p.state === 'live' ? [{ item, picture: p }] : [];
  });
  const snapshotIds = await saveBatchSnapshots(deps, input.caseId, input.services, live);
  for (const [item, snapshotId] of snapshotIds) {
    await db.query('UPDATE case_items SET snapshot_id = $4 WHERE case_id = $1 AND name = $2 AND kind = $3', [
      input.caseId,
      item.name,
      item.kind,
      snapshotId,
    ]);
  }

  deps.heartbeat({ ...progress, at: deps.now() });

  // Items that need no edge call: refused, unreadable, or gone (revoked by an earlier attempt when it had a picture).
  for (const item of items) {
    const p = pictures.get(item);
    if (!p || !('state' in p)) await settle(item, p ?? { status: 'failed', error: 'no picture taken' });
    else if (p.state === 'refused') await settle(item, { status: 'failed', error: p.reason });
    else if (p.state === 'gone')
      await settle(item, item.snapshotId ? { status: 'done', changed: false } : { status: 'absent' });
  }

  // Deletions one at a time: PowerDNS on SQLite answers 500 to concurrent writes, and a kill loses at most one.
  await forEachLimited(
    live.filter((l) => l.item.kind === 'zone'),
    1,
    async ({ item }) => {
      let outcome: Outcome;
      try {
        outcome = { status: 'done', changed: await providers.dns.deleteZone(item.name) };
      } catch (err) {
        outcome = edgeError(err);
      }
      await settle(item, outcome);
    },
  );
  await removeLiveHosts(
    providers,
    live.filter((l) => l.item.kind === 'proxy_host'),
    edgeError,
    settle,
  );
  return { ...progress, at: deps.now() };
}

async function removeLiveHosts(
  providers: EdgeProviders,
  live: { item: BatchItem; picture: Extract<Picture, { state: 'live' }> }[],
  edgeError: (err: unknown) => Outcome,
  settle: (item: BatchItem, outcome: Outcome) => Promise<void>,
): Promise<void> {
  const pairs = live.map((l) => ({ routeId: l.picture.route!.id, host: l.item.name }));
  if (pairs.length === 0) return;
  if (providers.proxy.removeHosts) {
    let outcomes: Outcome[];
    try {
      const removed = await providers.proxy.removeHosts(pairs);
      outcomes = removed.map((changed) => ({ status: 'done', changed }));
    } catch (err) {
      outcomes = pairs.map(() => edgeError(err));
    }
    for (const [i, l] of live.entries()) await settle(l.item, outcomes[i] ?? { status: 'failed', error: 'no answer' });
    return;
  }
  for (const [i, l] of live.entries()) {
    let outcome: Outcome;
    try {
      outcome = { status: 'done', changed: await providers.proxy.removeHost(pairs[i]!.routeId, pairs[i]!.host) };
    } catch (err) {
      outcome = edgeError(err);
    }
    await settle(l.item, outcome);
  }
}
