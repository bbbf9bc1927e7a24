import { activityInfo, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { EdgeProviders } from '../adapters/edge/provider';
import type { Database } from '../db/database';
import type { ServiceKind } from '../domain/case-types';
import { FailureType } from '../domain/failures';
import type {
  AccountActivities,
  DiscoverAccountItemsResult,
  DiscoveryPhase,
  RevokeAccountBatchInput,
} from './account-contract';
import { discoveryResult, listAccountNames, recordDiscovered } from './account-discovery';
import { accountSnapshotIds, excludeItem } from './account-items-store';
import { revokeBatch } from './account-revoke-batch';
import { findOperation, recordOperation } from './edge-snapshots';

/**
 * The account capability (issue 18): discover an account's names on the edge into `case_items`, exclude one,
 * revoke them in heartbeating batches, requeue failures. The names never pass through workflow history; every
 * activity is idempotent per name (see `account-revoke-batch.ts` for how a killed batch resumes).
 */

/** What the activities need; the same providers as the edge activities. */
export interface AccountActivityDeps {
  db: Database;
  providers: EdgeProviders;
  clock?: () => Date;
  /** Deployment-specific public suffixes: a zone named like one is never revoked. */
  extraPublicSuffixes?: readonly string[];
  /** Zone exports in flight at once within a batch (default 4). */
  concurrency?: number;
}

/** The largest batch: bounds one activity's run time, its snapshot row and its heartbeat interval. */
export const MAX_ACCOUNT_BATCH = 500;

const PHASES: readonly DiscoveryPhase[] = ['intake', 'pre_revocation'];
const SERVICES: readonly ServiceKind[] = ['dns', 'proxy'];

const invalid = (message: string) => ApplicationFailure.nonRetryable(message, FailureType.InvalidInput);

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} is required`);
  return value;
}

function requireAccounts(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((a) => typeof a !== 'string' || a.trim() === '')) {
    throw invalid(`accountIds must be a non-empty list of account ids; got ${JSON.stringify(value)}`);
  }
  return [...new Set(value as string[])];
}

function checkBatch(input: RevokeAccountBatchInput): RevokeAccountBatchInput {
  const services = input.services;
  if (!Array.isArray(services) || services.length === 0 || services.some((s) => !SERVICES.includes(s))) {
    throw invalid(`services must be a non-empty list of ${SERVICES.join(', ')}; got ${JSON.stringify(services)}`);
  }
  if (!Number.isInteger(input.batchSize) || input.batchSize < 1 || input.batchSize > MAX_ACCOUNT_BATCH) {
    throw invalid(`batchSize must be a whole number from 1 to ${MAX_ACCOUNT_BATCH}; got ${input.batchSize}`);
  }
  return {
    caseId: requireText(input.caseId, 'caseId'),
    accountIds: requireAccounts(input.accountIds),
    services: [...new Set(services)],
    batchSize: input.batchSize,
  };
}

/** Builds the account activities over the injected database and edge providers. */
export function createAccountActivities(deps: AccountActivityDeps): AccountActivities {
  const { db, providers } = deps;
  const now = () => (deps.clock ?? (() => new Date()))().toISOString();

  return {
    async discoverAccountItems(input) {
      const key = requireText(input.idempotencyKey, 'idempotencyKey');
      const done = await findOperation<DiscoverAccountItemsResult>(db, key);
      if (done) return done;
      const caseId = requireText(input.caseId, 'caseId');
      const accountIds = requireAccounts(input.accountIds);
      if (!PHASES.includes(input.phase)) throw invalid(`phase must be one of ${PHASES.join(', ')}`);
      const at = now();
      const names = await listAccountNames(providers, accountIds);
      const added = await recordDiscovered(db, { caseId, phase: input.phase }, names, at);
      const result = await discoveryResult(db, caseId, added, at);
      return recordOperation(db, key, caseId, `account-discovery:${input.phase}`, result);
    },

    async accountSnapshotIds(input) {
      return { snapshotIds: await accountSnapshotIds(db, requireText(input.caseId, 'caseId')) };
    },

    excludeAccountItem: (input) =>
      excludeItem(db, requireText(input.caseId, 'caseId'), requireText(input.name, 'name'), {
        by: requireText(input.by, 'by'),
        at: requireText(input.at, 'at'),
        reason: requireText(input.reason, 'reason'),
      }),

    async revokeAccountBatch(input) {
      return revokeBatch(
        {
          db,
          providers,
          now,
          heartbeat: (progress) => heartbeat(progress),
          attempt: activityInfo().attempt,
          extraPublicSuffixes: deps.extraPublicSuffixes ?? [],
          concurrency: deps.concurrency ?? 4,
        },
        checkBatch(input),
      );
    },

    async retryFailedAccountItems(input) {
      const rows = await db.query(
        `UPDATE case_items SET status = 'pending', error = NULL WHERE case_id = $1 AND status = 'failed' RETURNING name`,
        [requireText(input.caseId, 'caseId')],
      );
      return { requeued: rows.length };
    },
  };
}
