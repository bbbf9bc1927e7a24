import { z } from '@hono/zod-openapi';
import { CaseResponseSchema } from './case-response';

export { CaseResponseSchema };

/** Response schemas for the OpenAPI document. Outputs are described, not re-validated (the workflow owns them). */

export const ProblemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ in: z.string(), field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem document (application/problem+json)' });

export const OpenedCaseSchema = z
  .object({ caseId: z.string(), runId: z.string(), view: CaseResponseSchema.optional() })
  .openapi('OpenedCase');

export const CaseSummarySchema = z
  .object({
    caseId: z.string(),
    caseRef: z.string().optional().openapi({
      description:
        "The run ID the case began with (a case ID is reused once a case ended); always in a requester's list",
    }),
    runId: z.string(),
    status: z.string(),
    stage: z.string().nullable(),
    outcome: z.string().nullable(),
    category: z.string().nullable(),
    account: z.string().nullable(),
    domains: z.array(z.string()),
    provider: z.string().nullable(),
    cutoffAt: z.string().nullable(),
    runStartedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('CaseSummary');

export const CaseListSchema = z
  .object({ cases: z.array(CaseSummarySchema), nextCursor: z.string().optional() })
  .openapi('CaseList');

export const CaseRecordSchema = z
  .object({
    archived: z.boolean(),
    asOf: z.string(),
    record: z.looseObject({ schema: z.string(), recordId: z.string() }),
  })
  .openapi('CaseRecordResponse');

export const DsaStatementSchema = z
  .looseObject({
    decision_ground: z.string(),
    category: z.string(),
    puid: z.string(),
    decision_facts: z.string(),
    application_date: z.string(),
  })
  .openapi('DsaStatement', { description: 'EU DSA transparency database statement of reasons (submission format)' });

export const StatementBatchSchema = z
  .object({
    statements: z.array(DsaStatementSchema).max(100),
    skipped: z.array(z.object({ caseId: z.string(), reason: z.string() })),
  })
  .openapi('StatementBatch');

export const TransparencySchema = z
  .looseObject({
    period: z.object({ from: z.string(), to: z.string() }),
    decisions: z.looseObject({}),
    noticePeriods: z.looseObject({}),
    appeals: z.looseObject({}),
    holds: z.looseObject({}),
    reappearance: z.looseObject({}),
  })
  .openapi('TransparencyReport');

export const CreatedTokenSchema = z
  .object({
    token: z.string(),
    tokenId: z.string(),
    principal: z.string(),
    roles: z.array(z.string()),
    expiresAt: z.string().nullable(),
  })
  .openapi('CreatedToken');

export const WhoAmISchema = z.object({ principal: z.string(), roles: z.array(z.string()) }).openapi('WhoAmI');

export const AuditEntriesSchema = z
  .object({
    entries: z.array(z.looseObject({ id: z.string(), at: z.string(), action: z.string(), result: z.string() })),
  })
  .openapi('AuditEntries');

export const PrincipalSchema = z
  .object({
    id: z.string(),
    person: z.string(),
    displayName: z.string(),
    roles: z.array(z.string()),
    status: z.enum(['proposed', 'active', 'disabled']),
    proposedBy: z.string(),
    activatedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Principal');

export const PrincipalChangeSchema = z
  .object({
    principal: PrincipalSchema,
    enrolmentCode: z.string().optional().openapi({
      description: 'Shown once; hand it to the person yourself (the other code comes from the other admin)',
    }),
  })
  .openapi('PrincipalChange');

export const PrincipalListSchema = z.object({ principals: z.array(PrincipalSchema) }).openapi('PrincipalList');
