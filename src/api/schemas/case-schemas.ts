import { z } from '@hono/zod-openapi';
import { OUTCOMES, SERVICE_KINDS, STAGES, URGENCIES } from '../../domain/vocabularies';
import { CASE_BOUNDS } from '../../domain/case/case-bounds';
import { CASE_SOURCE_KINDS, missingSourceFields } from '../../domain/case/case-source';
import { DSA_COUNTRIES } from '../../domain/dsa/dsa-schema';
import { AccountId, DomainName, Email, IsoInstant, Text, TimeZone } from './common';
import { LinkedAccountBody } from './item-schemas';
import { CASE_SCOPES } from '../../domain/case/account-case';

/** Where the case came from (DSA Art. 16 notice, trusted flagger, other notification, Art. 9 order, own initiative). */
export const CaseSourceBody = z
  .strictObject({
    kind: z.enum(CASE_SOURCE_KINDS),
    notifier: Text(500).optional().openapi({
      description: 'Who sent the notice (kept in the case; sent to the EU database only for a trusted flagger)',
    }),
    authority: Text(500).optional().openapi({ description: 'The authority that issued the order' }),
    country: z.enum(DSA_COUNTRIES).optional().openapi({ description: "The issuing authority's Member State" }),
    reference: Text(200).optional(),
    receivedAt: IsoInstant.optional().openapi({ description: 'When the notice or order reached us' }),
  })
  .superRefine((source, ctx) => {
    for (const field of missingSourceFields(source)) {
      ctx.addIssue({ code: 'custom', path: [field], message: `required for a ${source.kind} source` });
    }
  })
  .openapi('CaseSource', { description: 'Absent: own initiative' });

/** Request body of `POST /cases`. The requester is the authenticated principal, never a body field. */
export const OpenCaseBody = z
  .strictObject({
    account: z.strictObject({
      id: AccountId,
      name: Text(CASE_BOUNDS.accountName.chars),
      noticeContacts: z.array(Email).min(1, 'at least one notice contact').max(CASE_BOUNDS.noticeContacts),
      createdOn: z.iso.date('YYYY-MM-DD').optional().openapi({
        description: "When the account (or its oldest zone) was created: the DSA statement's content_date",
      }),
    }),
    domains: z.strictObject({
      primary: DomainName,
      aliases: z.array(DomainName).max(CASE_BOUNDS.aliases).default([]),
    }),
    services: z
      .array(z.enum(SERVICE_KINDS))
      .min(1)
      .max(2)
      .refine((s) => new Set(s).size === s.length, 'each service once'),
    category: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,62}$/, 'a policy category id (lower-case letters, digits, "_")')
      .openapi({ example: 'violent_extremism' }),
    summary: Text(CASE_BOUNDS.summary.chars),
    evidenceRefs: z.array(Text(CASE_BOUNDS.evidenceRef, 'one')).max(CASE_BOUNDS.evidenceRefs).default([]),
    cutoff: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('instant'), at: IsoInstant }),
      z.strictObject({
        kind: z.literal('local'),
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour'),
        timeZone: TimeZone,
        date: z.iso.date('YYYY-MM-DD').optional(),
      }),
    ]),
    urgency: z.enum(URGENCIES).default('standard'),
    source: CaseSourceBody.optional(),
    scope: z.enum(CASE_SCOPES).default('domain').openapi({
      description:
        '`account`: the case ends every zone and proxied hostname of the account (and linked accounts) on our edge, found by discovery',
    }),
    linkedAccounts: z
      .array(LinkedAccountBody)
      .max(CASE_BOUNDS.linkedAccounts)
      .optional()
      .openapi({ description: 'Account cases only: other accounts of the same operator, each with what links it' }),
  })
  .superRefine((body, ctx) => {
    if (body.linkedAccounts?.length && body.scope !== 'account') {
      ctx.addIssue({ code: 'custom', path: ['linkedAccounts'], message: 'only a case whose scope is "account"' });
    }
  })
  .openapi('OpenCaseRequest');

/** Query of `GET /cases`. */
export const ListCasesQuery = z
  .strictObject({
    stage: z.enum(STAGES).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    category: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,62}$/, 'a policy category id')
      .optional(),
    account: AccountId.optional(),
    domain: DomainName.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,4000}\.[A-Za-z0-9_-]{22}$/, 'the nextCursor of the previous page')
      .optional()
      .openapi({ description: 'nextCursor of the previous page' }),
  })
  .openapi('ListCasesQuery');

/** Query of `GET /transparency`: dates (a whole day; `to` inclusive) or instants (`to` exclusive). */
export const TransparencyQuery = z
  .strictObject({
    from: z.union([z.iso.date(), IsoInstant]).openapi({ example: '2026-01-01' }),
    to: z.union([z.iso.date(), IsoInstant]).openapi({ example: '2026-03-31' }),
    format: z.enum(['json', 'csv']).default('json').openapi({
      description: '`csv`: the harmonised template figures (Implementing Regulation (EU) 2024/2835) as CSV',
    }),
  })
  .openapi('TransparencyQuery');

/** Body of `POST /statements/batch`. */
export const StatementBatchBody = z
  .strictObject({
    caseIds: z
      .array(z.string().regex(/^case-[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a case ID'))
      .min(1)
      .max(100, 'at most 100 statements per batch (the DSA database limit)')
      .refine((ids) => new Set(ids).size === ids.length, 'each case once (puid must be unique in a batch)'),
  })
  .openapi('StatementBatchRequest');
