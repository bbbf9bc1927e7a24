import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { FailureType } from '../../domain/failures';
import type { CaseService } from '../../services/case/case-service';
import { ServiceFailure } from '../../services/case/service-error';
import { harmonisedCsv } from '../../services/case/transparency-harmonised';
import type { ApiEnv } from '../api-env';
import type { SecurityDeps } from '../auth';
import { StatementBatchBody, TransparencyQuery } from '../schemas/case-schemas';
import { STAFF_ROLES } from '../../domain/vocabularies';
import { StatementBatchSchema, TransparencySchema } from '../schemas/responses';
import { problemResponses, secureRoute, valid } from '../secure-route';

const DAY_MS = 86_400_000;
/** A report reads every case of the period: bounded so one request cannot scan years of archive. */
export const MAX_TRANSPARENCY_DAYS = 731;

/** `[from, to)` from the query: a date is a whole UTC day and `to` as a date includes that day. */
export function transparencyRange(q: { from: string; to: string }): { from: string; to: string } {
  const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
  const from = Date.parse(isDate(q.from) ? `${q.from}T00:00:00Z` : q.from);
  const to = Date.parse(isDate(q.to) ? `${q.to}T00:00:00Z` : q.to) + (isDate(q.to) ? DAY_MS : 0);
  if (!(from < to)) throw new ServiceFailure(FailureType.InvalidInput, 'to: must be after from');
  if (to - from > MAX_TRANSPARENCY_DAYS * DAY_MS) {
    throw new ServiceFailure(FailureType.InvalidInput, `to: a period spans at most ${MAX_TRANSPARENCY_DAYS} days`);
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** DSA statement batches and transparency figures. */
export function reportRoutes(app: OpenAPIHono<ApiEnv>, deps: SecurityDeps & { cases: CaseService }): void {
  secureRoute(app, deps, {
    action: 'statements.batch',
    roles: ['legal', 'tns_lead', 'operator', 'admin'],
    route: createRoute({
      method: 'post',
      path: '/statements/batch',
      tags: ['records'],
      summary: 'Statements of reasons of up to 100 cases, for one DSA transparency-database submission',
      description:
        'Each `puid` appears once. Cases without a statement (not ended, rejected, withdrawn) are listed in `skipped`; when none of the cases has one the answer is 409 (the database takes 1 to 100 statements per call).',
      request: { body: { required: true, content: { 'application/json': { schema: StatementBatchBody } } } },
      responses: {
        200: { description: 'The batch', content: { 'application/json': { schema: StatementBatchSchema } } },
        ...problemResponses([409, 413, 415]),
      },
    }),
    handler: async (c) => {
      const { caseIds } = valid<z.infer<typeof StatementBatchBody>>(c, 'json');
      return c.json(await deps.cases.statements(caseIds), 200);
    },
  });

  secureRoute(app, deps, {
    action: 'transparency.report',
    roles: [...STAFF_ROLES],
    route: createRoute({
      method: 'get',
      path: '/transparency',
      tags: ['records'],
      summary: 'Transparency figures over a period',
      description:
        'Counts by category and outcome, notice periods, appeals and reversals, holds, time to reappearance and where, ' +
        "and (`harmonised`) the figures of the Commission's harmonised templates: own-initiative restrictions by " +
        'category and type, notices by source and orders by Member State with the median time to action, complaints ' +
        'with outcomes and median decision time, the use of automated means; ' +
        'from the case archive and, for open cases, Temporal visibility and the case query. Dates are whole UTC days ' +
        '(`to` included); instants give an exact `[from, to)`.',
      request: { query: TransparencyQuery },
      responses: {
        200: {
          description: 'The figures (JSON), or with `format=csv` the harmonised template figures as CSV',
          content: {
            'application/json': { schema: TransparencySchema },
            'text/csv': { schema: { type: 'string' } },
          },
        },
      },
    }),
    handler: async (c) => {
      const query = valid<z.infer<typeof TransparencyQuery>>(c, 'query');
      const report = await deps.cases.transparency(transparencyRange(query));
      if (query.format === 'csv') {
        return c.body(harmonisedCsv(report.harmonised, report.period), 200, {
          'content-type': 'text/csv; charset=utf-8',
        });
      }
      return c.json(report, 200);
    },
  });
}
