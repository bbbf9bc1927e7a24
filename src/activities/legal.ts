import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../db/database';
import type { Hold, HoldKind } from '../domain/case-types';
import { FailureType } from '../domain/failures';

/** Input of `checkHoldRegistry`. `at` is the workflow's clock, so "active" means active at the case's time. */
export interface CheckHoldRegistryInput {
  accountId: string;
  domains: string[];
  at: string;
}

/** A hold as legal registers it (before or outside any case). */
export interface RegisterHoldInput {
  kind: HoldKind;
  reference: string;
  agencyContact: string;
  accountId?: string;
  domains?: string[];
  placedAt: string;
  expiresAt: string;
  placedBy: string;
}

/** Dependencies of the legal activities. */
export interface LegalDeps {
  db: Database;
}

interface HoldRow {
  id: string;
  kind: HoldKind;
  reference: string;
  agency_contact: string;
  placed_at: Date;
  expires_at: Date;
  placed_by: string;
  released_at: Date | null;
  released_by: string | null;
}

function toHold(row: HoldRow): Hold {
  const hold: Hold = {
    id: row.id,
    kind: row.kind,
    reference: row.reference,
    agencyContact: row.agency_contact,
    placedAt: row.placed_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    placedBy: row.placed_by,
  };
  if (row.released_at) hold.releasedAt = row.released_at.toISOString();
  if (row.released_by) hold.releasedBy = row.released_by;
  return hold;
}

/**
 * The law-enforcement hold registry (table `legal_holds`). Legal maintains it through the API; cases read it at
 * legal review. Registering is not an activity: it is legal's own act, outside any case.
 */
export function createHoldRegistry(db: Database) {
  return {
    /** Registers a hold for an account and/or domains; returns it with its new id. */
    async register(input: RegisterHoldInput): Promise<Hold> {
      if (!input.accountId && !input.domains?.length) {
        throw ApplicationFailure.nonRetryable(
          'a hold names an account or at least one domain',
          FailureType.InvalidInput,
        );
      }
      if (!(Date.parse(input.expiresAt) > Date.parse(input.placedAt))) {
        throw ApplicationFailure.nonRetryable('a hold must expire after it is placed', FailureType.InvalidInput);
      }
      const rows = await db.query<HoldRow>(
        `INSERT INTO legal_holds (id, kind, reference, agency_contact, account_id, domains, placed_at, expires_at, placed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          randomUUID(),
          input.kind,
          input.reference,
          input.agencyContact,
          input.accountId ?? null,
          (input.domains ?? []).map((d) => d.toLowerCase()),
          input.placedAt,
          input.expiresAt,
          input.placedBy,
        ],
      );
      return toHold(rows[0]!);
    },
    /** Releases a registered hold (kept as a record). */
    async release(id: string, releasedBy: string, at: string): Promise<Hold> {
      const rows = await db.query<HoldRow>(
        `UPDATE legal_holds SET released_at = $3, released_by = $2 WHERE id = $1 AND released_at IS NULL RETURNING *`,
        [id, releasedBy, at],
      );
      if (!rows[0]) throw ApplicationFailure.nonRetryable(`no unreleased hold ${id}`, FailureType.NotFound);
      return toHold(rows[0]);
    },
    /** Holds active at `at` for the account or any of the domains. */
    async active(input: CheckHoldRegistryInput): Promise<Hold[]> {
      const rows = await db.query<HoldRow>(
        `SELECT * FROM legal_holds
         WHERE released_at IS NULL AND expires_at > $3 AND placed_at <= $3
           AND (account_id = $1 OR domains && $2::text[])
         ORDER BY placed_at, id`,
        [input.accountId, input.domains.map((d) => d.toLowerCase()), input.at],
      );
      return rows.map(toHold);
    },
  };
}

/** Legal activities: what the case workflow asks of the registry. */
export function createLegalActivities({ db }: LegalDeps) {
  const registry = createHoldRegistry(db);
  return {
    /** Read-only, so retries are harmless. */
    async checkHoldRegistry(input: CheckHoldRegistryInput): Promise<Hold[]> {
      return registry.active(input);
    },
  };
}

/** The legal activities as workflows see them. */
export type LegalActivities = ReturnType<typeof createLegalActivities>;
