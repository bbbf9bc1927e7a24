import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { AccountItemStore } from '../../domain/case/account-items';
import { ROLES } from '../../domain/vocabularies';
import { canAccessCase, noSuchCase } from '../../services/access/case-access';
import type { CaseService } from '../../services/case/case-service';
import { toCaseResponse } from '../case-response';
import type { ApiEnv } from '../api-env';
import type { SecurityDeps } from '../auth';
import { CaseIdParams } from '../schemas/common';
import { ItemPageSchema, ItemsQuery, ListPageQuery } from '../schemas/item-schemas';
import { CaseResponseSchema } from '../schemas/responses';
import { problemResponses, secureRoute, valid } from '../secure-route';

/** What the paged case lists need: the case service (access and the view) and, for account items, the store. */
export interface CaseItemRouteDeps extends SecurityDeps {
  cases: CaseService;
  /** The app database's `case_items` (account cases); absent, the items route answers an empty list. */
  items?: AccountItemStore;
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const ALL_ROLES = [...ROLES];
const EMPTY_COUNTS = { pending: 0, done: 0, failed: 0, excluded: 0, absent: 0 };

/** A page of a list the case view holds (bounded in the state, paged so a client never needs it whole). */
function pageOf<T>(
  list: T[],
  cursor: string | undefined,
  limit: number,
): { items: T[]; nextCursor?: string; total: number } {
  const start = Math.min(Number(cursor ?? 0), list.length);
  const items = list.slice(start, start + limit);
  const next = start + items.length;
  return { items, total: list.length, ...(next < list.length ? { nextCursor: String(next) } : {}) };
}

/**
 * Paged lists of a case: the items of an account case (`GET /cases/{caseId}/items`: thousands of zones, from the
 * database, keyset-paged by the store) and the timeline and evidence of any case (from the view). The caller must be
 * allowed to see the case, as for the view itself.
 */
export function caseItemRoutes(app: OpenAPIHono<ApiEnv>, deps: CaseItemRouteDeps): void {
  secureRoute(app, deps, {
    action: 'case.items',
    roles: ALL_ROLES,
    route: createRoute({
      method: 'get',
      path: '/cases/{caseId}/items',
      tags: ['cases'],
      summary: "An account case's zones and proxied hostnames, paged (status filter), with the counts per status",
      request: { params: CaseIdParams, query: ItemsQuery },
      responses: { 200: json(ItemPageSchema, 'A page of items'), ...problemResponses([404, 409]) },
    }),
    handler: async (c) => {
      const { caseId } = valid<{ caseId: string }>(c, 'param');
      const q = valid<z.infer<typeof ItemsQuery>>(c, 'query');
      const view = await deps.cases.view(caseId);
      if (!canAccessCase(c.get('principal')!, view)) throw noSuchCase(caseId);
      if (!deps.items) return c.json({ items: [], total: 0, counts: EMPTY_COUNTS }, 200);
      const page = await deps.items.page(caseId, {
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.status ? { status: q.status } : {}),
      });
      return c.json({ ...page, counts: await deps.items.counts(caseId) }, 200);
    },
  });

  for (const list of ['timeline', 'evidence'] as const) {
    const Entry = CaseResponseSchema.shape[list].element;
    secureRoute(app, deps, {
      action: `case.${list}`,
      roles: ALL_ROLES,
      route: createRoute({
        method: 'get',
        path: `/cases/{caseId}/${list}`,
        tags: ['cases'],
        summary: `The case's ${list}, paged (oldest first)`,
        request: { params: CaseIdParams, query: ListPageQuery },
        responses: {
          200: json(ItemPageSchema.pick({ nextCursor: true, total: true }).extend({ items: Entry.array() }), `A page`),
          ...problemResponses([404, 409]),
        },
      }),
      handler: async (c) => {
        const { caseId } = valid<{ caseId: string }>(c, 'param');
        const q = valid<z.infer<typeof ListPageQuery>>(c, 'query');
        const principal = c.get('principal')!;
        const view = await deps.cases.view(caseId);
        if (!canAccessCase(principal, view)) throw noSuchCase(caseId);
        const shown = toCaseResponse(view, principal);
        return c.json(pageOf<unknown>(shown[list], q.cursor, q.limit), 200);
      },
    });
  }
}
