import { z } from '@hono/zod-openapi';
import { ACCOUNT_ITEM_KINDS, ACCOUNT_ITEM_STATUSES } from '../../domain/case/account-items';
import { CASE_BOUNDS } from '../../domain/case/case-bounds';
import { AccountId, Text } from './common';

/** The largest page of items one response carries (the item store's own ceiling). */
export const MAX_ITEMS_PAGE = 500;

/** The cursor of a paged list: opaque, URL-safe, bounded. */
const Cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,1000}$/, 'the nextCursor of the previous page, unchanged')
  .openapi({ description: 'nextCursor of the previous page' });

/** Query of `GET /cases/{caseId}/items`. */
export const ItemsQuery = z
  .strictObject({
    cursor: Cursor.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_ITEMS_PAGE).default(100),
    status: z.enum(ACCOUNT_ITEM_STATUSES).optional(),
  })
  .openapi('ItemsQuery');

/** One item of an account case (a row of `case_items`). */
export const AccountItemSchema = z
  .object({
    name: z.string(),
    kind: z.enum(ACCOUNT_ITEM_KINDS),
    accountId: z.string(),
    status: z.enum(ACCOUNT_ITEM_STATUSES),
    foundBy: z.enum(['intake', 'pre_revocation']),
    foundAt: z.string(),
    changed: z.boolean().optional(),
    revokedAt: z.string().optional(),
    error: z.string().optional(),
    exclusion: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
  })
  .openapi('AccountItem');

/** A page of items with the counts of the whole case. */
export const ItemPageSchema = z
  .object({
    items: z.array(AccountItemSchema),
    nextCursor: z.string().optional().openapi({ description: 'Absent on the last page' }),
    total: z.number().int().openapi({ description: 'Items matching the filter' }),
    counts: z.record(z.enum(ACCOUNT_ITEM_STATUSES), z.number().int()),
  })
  .openapi('ItemPage');

/** Query of the paged lists of a case view (timeline, evidence): an offset into the list, newest last. */
export const ListPageQuery = z
  .strictObject({
    cursor: z
      .string()
      .regex(/^\d{1,6}$/, 'the nextCursor of the previous page, unchanged')
      .optional()
      .openapi({ description: 'nextCursor of the previous page' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .openapi('ListPageQuery');

/** A linked account at intake: same operator, with what links it. */
export const LinkedAccountBody = z.strictObject({
  id: AccountId,
  reason: Text(CASE_BOUNDS.linkedAccountReason.chars),
  evidenceRefs: z
    .array(Text(CASE_BOUNDS.evidenceRef, 'one'))
    .min(1, 'at least one reference to what links the accounts')
    .max(CASE_BOUNDS.linkedAccountRefs),
});

/** The account part of the case view: counts and bounded lists, never the names. */
export const AccountItemsSchema = z
  .object({
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    excluded: z.number().int(),
    remaining: z.number().int(),
    lateAdded: z.number().int().openapi({ description: 'Found by the pre-revocation discovery' }),
    sample: z.array(z.string()).openapi({ description: 'The first names found (page the rest)' }),
    exclusions: z.array(z.object({ name: z.string(), by: z.string(), at: z.string(), reason: z.string() })),
    discoveries: z.array(
      z.object({ phase: z.enum(['intake', 'pre_revocation']), at: z.string(), total: z.number(), added: z.number() }),
    ),
    batchSize: z.number().int(),
    batches: z.number().int(),
    revocationStartedAt: z.string().optional(),
  })
  .openapi('AccountItems', { description: 'Account cases: discovery and revocation progress' });
