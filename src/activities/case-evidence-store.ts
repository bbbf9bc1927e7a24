import { createHash } from 'node:crypto';
import type { Database } from '../db/database';

/** A stored piece of evidence: the history and the notice carry only this hash. */
export interface StoredEvidence {
  sha256: string;
  sizeBytes: number;
  mediaType: string;
}

/**
 * The evidence store: content-addressed blobs in the app database. Storing the same bytes twice is a no-op (same
 * hash), so an activity retry after a crash can never duplicate or alter evidence; reading back verifies the hash.
 */
export interface EvidenceStore {
  put(input: { caseRef: string; label: string; mediaType: string; content: Buffer }): Promise<StoredEvidence>;
  get(sha256: string): Promise<{ mediaType: string; content: Buffer } | null>;
  listForCase(caseRef: string): Promise<{ sha256: string; label: string; storedAt: string }[]>;
}

/** sha256 hex of bytes. */
export function sha256Hex(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** JSON with sorted keys, so the same observation always hashes the same. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(value));
}

/** The evidence store over the app database (`evidence_blobs`, `case_evidence`). */
export function createEvidenceStore(db: Database): EvidenceStore {
  return {
    async put({ caseRef, label, mediaType, content }) {
      const sha256 = sha256Hex(content);
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO evidence_blobs (sha256, media_type, size_bytes, content) VALUES ($1, $2, $3, $4)
           ON CONFLICT (sha256) DO NOTHING`,
          [sha256, mediaType, content.length, content],
        );
        await tx.query(
          `INSERT INTO case_evidence (case_ref, sha256, label) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [caseRef, sha256, label],
        );
      });
      return { sha256, sizeBytes: content.length, mediaType };
    },
    async get(sha256) {
      const rows = await db.query<{ media_type: string; content: Buffer }>(
        'SELECT media_type, content FROM evidence_blobs WHERE sha256 = $1',
        [sha256],
      );
      const row = rows[0];
      if (!row) return null;
      if (sha256Hex(row.content) !== sha256) throw new Error(`evidence ${sha256} does not match its hash`);
      return { mediaType: row.media_type, content: row.content };
    },
    async listForCase(caseRef) {
      const rows = await db.query<{ sha256: string; label: string; stored_at: Date }>(
        'SELECT sha256, label, stored_at FROM case_evidence WHERE case_ref = $1 ORDER BY stored_at, sha256',
        [caseRef],
      );
      return rows.map((r) => ({ sha256: r.sha256, label: r.label, storedAt: r.stored_at.toISOString() }));
    },
  };
}
