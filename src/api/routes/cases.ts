import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { CaseIntake } from '../../domain/case/case-state';
import { FailureType } from '../../domain/failures';
import type { PolicyDocument } from '../../domain/policy/policy-types';
import type { AuditLog } from '../../services/access/audit-log';
import { canAccessCase, isStaff, noSuchCase, redactState } from '../../services/access/case-access';
import { recordCaseOwner } from '../../services/access/case-owners';
import type { CaseService } from '../../services/case/case-service';
import { ServiceFailure } from '../../services/case/service-error';
import { toCaseResponse } from '../case-response';
import type { ApiEnv } from '../api-env';
import { rateLimit, type SecurityDeps } from '../auth';
import { ListCasesQuery, OpenCaseBody } from '../schemas/case-schemas';
import { ROLES } from '../../domain/vocabularies';
import { CaseIdParams } from '../schemas/common';
import {
  CaseListSchema,
  CaseRecordSchema,
  CaseResponseSchema,
  DsaStatementSchema,
  OpenedCaseSchema,
} from '../schemas/responses';
import { problemResponses, secureRoute, valid } from '../secure-route';

/** What the case routes need. */
export interface CaseRouteDeps extends SecurityDeps {
  cases: CaseService;
  audit: AuditLog;
  /** The policy document, to refuse an unknown category at once (the workflow checks again). */
  policy?: PolicyDocument;
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const ALL_ROLES = [...ROLES];
/** Who may open a case: whoever requests terminations, investigators, admins. */
export const OPEN_CASE_ROLES = ['requester', 'investigator', 'admin'] as const;

/** Opening, listing and reading cases. */
export function caseRoutes(app: OpenAPIHono<ApiEnv>, deps: CaseRouteDeps): void {
  secureRoute(app, deps, {
    action: 'case.open',
    roles: OPEN_CASE_ROLES,
    route: createRoute({
      method: 'post',
      path: '/cases',
      tags: ['cases'],
      summary: 'Open a termination case',
      description: 'Starts the case workflow (`case-<accountId>`). One open case per account: a second answers 409.',
      request: { body: { required: true, content: { 'application/json': { schema: OpenCaseBody } } } },
      responses: { 201: json(OpenedCaseSchema, 'Case opened'), ...problemResponses([409, 413, 415, 422]) },
    }),
    handler: async (c) => {
      const body = valid<z.infer<typeof OpenCaseBody>>(c, 'json');
      const principal = c.get('principal')!;
      if (deps.policy && !deps.policy.categories.some((cat) => cat.id === body.category)) {
        const known = deps.policy.categories.map((cat) => cat.id).join(', ');
        throw new ServiceFailure(
          FailureType.InvalidInput,
          `category: unknown policy category "${body.category}" (known: ${known})`,
        );
      }
      const limited = await rateLimit(deps, c, 'open');
      if (limited) return limited;
      const intake: CaseIntake = {
        account: body.account,
        domains: {
          primary: body.domains.primary,
          aliases: [...new Set(body.domains.aliases)].filter((d) => d !== body.domains.primary),
        },
        services: body.services,
        category: body.category,
        summary: body.summary,
        evidenceRefs: body.evidenceRefs,
        cutoff: body.cutoff,
        urgency: body.urgency,
        requestedBy: principal.id,
        ...(body.source ? { source: body.source } : {}),
        ...(body.scope === 'account'
          ? { scope: 'account' as const, ...(body.linkedAccounts ? { linkedAccounts: body.linkedAccounts } : {}) }
          : {}),
      };
      c.set('auditTarget', `case-${body.account.id}`);
      const opened = await deps.cases.open(intake);
      c.header('location', `/cases/${opened.caseId}`);
      return c.json({ ...opened, ...(opened.view ? { view: toCaseResponse(opened.view, principal) } : {}) }, 201);
    },
  });

  secureRoute(app, deps, {
    action: 'case.list',
    roles: ALL_ROLES,
    route: createRoute({
      method: 'get',
      path: '/cases',
      tags: ['cases'],
      summary: 'List and filter cases (Temporal visibility)',
      description:
        'Newest first. A principal holding only `requester` sees the cases it opened (the runs it opened: a case ID reused by a later case of someone else is not listed).',
      request: { query: ListCasesQuery },
      responses: { 200: json(CaseListSchema, 'A page of cases') },
    }),
    handler: async (c) => {
      const q = valid<z.infer<typeof ListCasesQuery>>(c, 'query');
      const principal = c.get('principal')!;
      const page = await deps.cases.list({
        ...(q.stage ? { stage: q.stage } : {}),
        ...(q.outcome ? { outcome: q.outcome } : {}),
        ...(q.category ? { category: q.category } : {}),
        ...(q.account ? { account: q.account } : {}),
        ...(q.domain ? { domain: q.domain } : {}),
        ...(isStaff(principal) ? {} : { requestedBy: principal.id }),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        limit: q.limit,
      });
      return c.json(page, 200);
    },
  });

  secureRoute(app, deps, {
    action: 'case.view',
    roles: ALL_ROLES,
    route: createRoute({
      method: 'get',
      path: '/cases/{caseId}',
      tags: ['cases'],
      summary: 'The case view (the workflow query; the archive once closed)',
      request: { params: CaseIdParams },
      responses: { 200: json(CaseResponseSchema, 'The case'), ...problemResponses([404, 409]) },
    }),
    handler: async (c) => {
      const { caseId } = valid<{ caseId: string }>(c, 'param');
      const principal = c.get('principal')!;
      const view = await deps.cases.view(caseId);
      if (!canAccessCase(principal, view)) throw noSuchCase(caseId);
      // A case opened before owners were recorded (a deployment upgraded past migration 501) joins its requester's
      // list once the requester reads it: the run read names them.
      if (!isStaff(principal)) await recordCaseOwner(deps.db, caseId, view.caseRef, principal.id);
      return c.json(toCaseResponse(view, principal), 200);
    },
  });

  secureRoute(app, deps, {
    action: 'case.record',
    roles: ALL_ROLES,
    route: createRoute({
      method: 'get',
      path: '/cases/{caseId}/record',
      tags: ['records'],
      summary: 'The case record (archived at close; provisional while open)',
      request: { params: CaseIdParams },
      responses: { 200: json(CaseRecordSchema, 'The record'), ...problemResponses([404, 409]) },
    }),
    handler: async (c) => {
      const { caseId } = valid<{ caseId: string }>(c, 'param');
      const principal = c.get('principal')!;
      const result = await deps.cases.record(caseId);
      if (!canAccessCase(principal, result.record.state)) throw noSuchCase(caseId);
      return c.json(
        { ...result, record: { ...result.record, state: redactState(result.record.state, principal) } },
        200,
      );
    },
  });

  secureRoute(app, deps, {
    action: 'case.statement',
    roles: ALL_ROLES,
    route: createRoute({
      method: 'get',
      path: '/cases/{caseId}/statement',
      tags: ['records'],
      summary: 'The statement of reasons in the EU DSA transparency-database format',
      description:
        'Exists once service ended; a rejected or withdrawn case answers 409. `puid` is the case ID and its run chain, escaped to the characters the database accepts (`[A-Za-z0-9_-]`).',
      request: { params: CaseIdParams },
      responses: { 200: json(DsaStatementSchema, 'The DSA statement'), ...problemResponses([404, 409]) },
    }),
    handler: async (c) => {
      const { caseId } = valid<{ caseId: string }>(c, 'param');
      const principal = c.get('principal')!;
      if (!isStaff(principal)) {
        const { record } = await deps.cases.record(caseId);
        if (!canAccessCase(principal, record.state)) throw noSuchCase(caseId);
      }
      return c.json(await deps.cases.statement(caseId), 200);
    },
  });
}
