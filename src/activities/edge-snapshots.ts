import { createHash } from 'node:crypto';
import type { ProxyRoute, ZoneData } from '../adapters/edge/provider';
import { stableStringify } from '../adapters/edge/stable-json';
import type { Database, Queryable } from '../db/database';
import type { ServiceKind } from '../domain/case-types';
import type { DomainFootprint } from '../domain/footprint/footprint-plan';

/**
 * Footprint snapshots and completed edge operations in the app database. A snapshot's content is stored as the
 * exact text that was hashed, so its sha256 (kept in workflow history) can be checked at any later time, also
 * as evidence. Snapshots outlive their case when a preservation hold sets `retain_until`.
 */

/** Format tag of the stored JSON; a reader refuses anything else instead of guessing. */
export const SNAPSHOT_FORMAT = 'terminus.edge-snapshot/1';

/** The "before" picture: the plan (what each domain maps to) and full exports of every zone and route in it. */
export interface EdgeSnapshotContent {
  format: typeof SNAPSHOT_FORMAT;
  caseId: string;
  accountId: string;
  takenAt: string;
  services: ServiceKind[];
  domains: string[];
  dnsProvider: string;
  proxyProvider: string;
  plan: DomainFootprint[];
  notOnEdge: string[];
  zones: ZoneData[];
  routes: ProxyRoute[];
}

/** A stored snapshot row. */
export interface StoredSnapshot {
  id: string;
  sha256: string;
  takenAt: string;
  retainUntil: string | null;
  content: EdgeSnapshotContent;
}

interface SnapshotRow {
  id: string;
  sha256: string;
  content: string;
  taken_at: Date | string;
  retain_until: Date | string | null;
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();

function fromRow(row: SnapshotRow): StoredSnapshot {
  const content = JSON.parse(row.content) as EdgeSnapshotContent;
  if (content.format !== SNAPSHOT_FORMAT)
    throw new Error(`snapshot ${row.id} has unknown format ${String(content.format)}`);
  return {
    id: row.id,
    sha256: row.sha256,
    takenAt: iso(row.taken_at),
    retainUntil: row.retain_until ? iso(row.retain_until) : null,
    content,
  };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The id a snapshot gets from its idempotency key: a retried snapshot lands on the same row. */
export function snapshotIdFor(idempotencyKey: string): string {
  return `snap_${sha256(idempotencyKey).slice(0, 24)}`;
}

/** The snapshot already taken under this idempotency key, if any. */
export async function findSnapshotByKey(db: Queryable, idempotencyKey: string): Promise<StoredSnapshot | null> {
  const rows = await db.query<SnapshotRow>(
    'SELECT id, sha256, content, taken_at, retain_until FROM edge_snapshots WHERE idempotency_key = $1',
    [idempotencyKey],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** A snapshot by id, or null. */
export async function getSnapshot(db: Queryable, id: string): Promise<StoredSnapshot | null> {
  const rows = await db.query<SnapshotRow>(
    'SELECT id, sha256, content, taken_at, retain_until FROM edge_snapshots WHERE id = $1',
    [id],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Stores a snapshot once per idempotency key; a concurrent duplicate returns the first one stored. */
export async function saveSnapshot(
  db: Queryable,
  idempotencyKey: string,
  content: EdgeSnapshotContent,
): Promise<StoredSnapshot> {
  const text = stableStringify(content);
  await db.query(
    `INSERT INTO edge_snapshots (id, idempotency_key, case_id, account_id, sha256, content, taken_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [
      snapshotIdFor(idempotencyKey),
      idempotencyKey,
      content.caseId,
      content.accountId,
      sha256(text),
      text,
      content.takenAt,
    ],
  );
  const stored = await findSnapshotByKey(db, idempotencyKey);
  if (!stored) throw new Error(`snapshot for ${idempotencyKey} was not stored`);
  return stored;
}

/** Recomputes the hash of the stored text: true when the snapshot is exactly what was recorded. */
export async function verifySnapshotIntegrity(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query<{ sha256: string; content: string }>(
    'SELECT sha256, content FROM edge_snapshots WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row !== undefined && sha256(row.content) === row.sha256;
}

/**
 * Keeps a snapshot at least until `until` (a preservation hold). Only ever extends: a shorter hold arriving later
 * never shortens a longer one. Returns the retention now in force, or null when the snapshot does not exist.
 */
export async function retainSnapshot(db: Queryable, id: string, until: string): Promise<string | null> {
  const rows = await db.query<{ retain_until: Date | string }>(
    `UPDATE edge_snapshots SET retain_until = GREATEST(COALESCE(retain_until, $2::timestamptz), $2::timestamptz)
     WHERE id = $1 RETURNING retain_until`,
    [id, until],
  );
  return rows[0] ? iso(rows[0].retain_until) : null;
}

/** The stored result of a finished operation, or null. */
export async function findOperation<T>(db: Queryable, idempotencyKey: string): Promise<T | null> {
  const rows = await db.query<{ result: T }>('SELECT result FROM edge_operations WHERE idempotency_key = $1', [
    idempotencyKey,
  ]);
  return rows[0] ? rows[0].result : null;
}

/** Records a finished operation once; returns the first result recorded under the key. */
export async function recordOperation<T>(
  db: Database,
  idempotencyKey: string,
  caseId: string,
  operation: string,
  result: T,
): Promise<T> {
  await db.query(
    `INSERT INTO edge_operations (idempotency_key, case_id, operation, result) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [idempotencyKey, caseId, operation, JSON.stringify(result)],
  );
  return (await findOperation<T>(db, idempotencyKey)) ?? result;
}
