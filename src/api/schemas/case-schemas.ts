import { z } from '@hono/zod-openapi';
import {
  AccountId,
  ActingRole,
  DomainName,
  Email,
  IsoInstant,
  OUTCOME_VALUES,
  Reasons,
  STAGE_VALUES,
  Text,
  TimeZone,
} from './common';

/** Request body of `POST /cases`. The requester is the authenticated principal, never a body field. */
export const OpenCaseBody = z
  .strictObject({
    account: z.strictObject({
      id: AccountId,
      name: Text(200),
      noticeContacts: z.array(Email).min(1, 'at least one notice contact').max(20),
    }),
    domains: z.strictObject({
      primary: DomainName,
      aliases: z.array(DomainName).max(50).default([]),
    }),
    services: z
      .array(z.enum(['dns', 'proxy']))
      .min(1)
      .max(2)
      .refine((s) => new Set(s).size === s.length, 'each service once'),
    category: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,62}$/, 'a policy category id (lower-case letters, digits, "_")')
      .openapi({ example: 'violent_extremism' }),
    summary: Text(5000),
    evidenceRefs: z.array(Text(2048)).max(100).default([]),
    cutoff: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('instant'), at: IsoInstant }),
      z.strictObject({
        kind: z.literal('local'),
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour'),
        timeZone: TimeZone,
        date: z.iso.date('YYYY-MM-DD').optional(),
      }),
    ]),
    urgency: z.enum(['standard', 'imminent']).default('standard'),
  })
  .openapi('OpenCaseRequest');

/** Query of `GET /cases`. */
export const ListCasesQuery = z
  .strictObject({
    stage: z.enum(STAGE_VALUES).optional(),
    outcome: z.enum(OUTCOME_VALUES).optional(),
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

const Actor = { role: ActingRole };

/** Body of each human action, by action name. Strict: unknown fields (including `principal`) are refused. */
export const ACTION_BODIES = {
  findings: z
    .strictObject({
      ...Actor,
      facts: Text(20_000),
      evidence: z.array(Text(2048)).max(100).default([]),
      reasons: Reasons,
    })
    .openapi('FindingsRequest'),
  'legal-decision': z
    .strictObject({
      ...Actor,
      decision: z.enum(['approve', 'reject']),
      reasons: Reasons,
      ground: z.enum(['illegal_content', 'incompatible_content']).optional(),
      groundExplanation: Text(2000).optional(),
    })
    .openapi('LegalDecisionRequest'),
  'second-approval': z
    .strictObject({ ...Actor, decision: z.enum(['approve', 'reject']), reasons: Reasons })
    .openapi('SecondApprovalRequest'),
  appeal: z.strictObject({ ...Actor, text: Text(20_000) }).openapi('AppealRequest'),
  'appeal-decision': z
    .strictObject({ ...Actor, outcome: z.enum(['upheld', 'denied']), reasons: Reasons })
    .openapi('AppealDecisionRequest'),
  hold: z
    .strictObject({
      ...Actor,
      kind: z.enum(['preservation', 'do_not_terminate', 'non_disclosure']),
      reference: Text(200),
      agencyContact: Text(500),
      expiresAt: IsoInstant,
      reasons: Reasons,
    })
    .openapi('PlaceHoldRequest'),
  'hold-release': z.strictObject({ ...Actor, reasons: Reasons }).openapi('ReleaseHoldRequest'),
  expedite: z.strictObject({ ...Actor, reasons: Reasons }).openapi('ExpediteRequest'),
  withdraw: z.strictObject({ ...Actor, reasons: Reasons }).openapi('WithdrawRequest'),
  alias: z.strictObject({ ...Actor, domain: DomainName, reasons: Reasons }).openapi('AddAliasRequest'),
  'retry-notice': z
    .strictObject({ ...Actor, contacts: z.array(Email).min(1).max(20).optional(), reasons: Reasons })
    .openapi('RetryNoticeRequest'),
  'retry-revocation': z.strictObject({ ...Actor, reasons: Reasons }).openapi('RetryRevocationRequest'),
  'end-monitoring': z.strictObject({ ...Actor, reasons: Reasons }).openapi('EndMonitoringRequest'),
} as const;

/** Query of `GET /transparency`: dates (a whole day; `to` inclusive) or instants (`to` exclusive). */
export const TransparencyQuery = z
  .strictObject({
    from: z.union([z.iso.date(), IsoInstant]).openapi({ example: '2026-01-01' }),
    to: z.union([z.iso.date(), IsoInstant]).openapi({ example: '2026-03-31' }),
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

/** Body of `POST /tokens`. */
export const CreateTokenBody = z
  .strictObject({
    principal: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._@-]{0,63}$/, 'lower-case letters, digits, ".", "_", "@", "-" (at most 64)'),
    roles: z
      .array(z.enum(['requester', 'investigator', 'legal', 'tns_lead', 'appeals', 'operator', 'admin']))
      .min(1)
      .max(7),
    label: z.string().max(100).optional(),
    expiresAt: IsoInstant.optional(),
  })
  .openapi('CreateTokenRequest');
