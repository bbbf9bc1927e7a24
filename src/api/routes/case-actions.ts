import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { FailureType } from '../../domain/failures';
import {
  apiRoles,
  CASE_ACTION_NAMES,
  CASE_ACTION_TABLE,
  type CaseActionInputs,
  type CaseActionName,
} from '../../domain/case/actions';
import type { CaseService } from '../../services/case/case-service';
import { ServiceFailure } from '../../services/case/service-error';
import { toCaseResponse } from '../case-response';
import type { ApiEnv } from '../api-env';
import { actingRole, rateLimit, type SecurityDeps } from '../auth';
import { actionBodySchema, pathIdsOf, type ActionBody } from '../schemas/action-bodies';
import { CaseId } from '../schemas/common';
import { CaseResponseSchema } from '../schemas/responses';
import { problemResponses, secureRoute, valid } from '../secure-route';

const ItemId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'an appeal or hold id such as appeal-1');

function paramsFor(action: CaseActionName) {
  const ids = Object.fromEntries(
    pathIdsOf(action).map((id) => [id, ItemId.openapi({ param: { name: id, in: 'path' } })]),
  );
  return z.strictObject({ caseId: CaseId, ...ids });
}

/** One action as `POST /cases/{caseId}<path>`, sent as the workflow's update. */
function actionRoute<A extends CaseActionName>(
  app: OpenAPIHono<ApiEnv>,
  deps: SecurityDeps & { cases: CaseService },
  name: A,
): void {
  const spec = CASE_ACTION_TABLE[name];
  const roles = apiRoles(spec);
  secureRoute(app, deps, {
    action: `case.${name}`,
    roles,
    route: createRoute({
      method: 'post',
      path: `/cases/{caseId}${spec.path}`,
      tags: ['case actions'],
      summary: spec.summary,
      description:
        'Sent as the workflow update; its validator checks the rule on the case as it stands (a refusal leaves no ' +
        'trace in the history). A requester (no staff role) may act only on a case it opened. ' +
        'The acting principal is the token holder.' +
        (spec.destructive ? ' Destructive: counts against the destructive-action rate limit.' : '') +
        ' An `Idempotency-Key` header makes a retried request apply once.',
      request: {
        params: paramsFor(name),
        headers: z.object({ 'idempotency-key': z.string().max(100).optional() }),
        body: { required: true, content: { 'application/json': { schema: actionBodySchema(name) } } },
      },
      responses: {
        200: {
          description: 'The case after the action',
          content: { 'application/json': { schema: CaseResponseSchema } },
        },
        ...problemResponses([404, 409, 413, 415]),
      },
    }),
    handler: async (c) => {
      const { caseId, ...ids } = valid<{ caseId: string } & Record<string, string>>(c, 'param');
      const { role: asked, ...body } = valid<ActionBody<A>>(c, 'json');
      const principal = c.get('principal')!;
      const role = actingRole(principal.roles, roles, asked);
      if (!role) {
        throw new ServiceFailure(
          FailureType.Forbidden,
          `role: principal ${principal.id} cannot act as "${asked}" here (its roles: ${principal.roles.join(', ')}; allowed: ${roles.join(', ')})`,
        );
      }
      if (spec.destructive) {
        const limited = await rateLimit(deps, c, 'destructive');
        if (limited) return limited;
      }
      // The body and path ids are the action's fields (the schemas are derived from them); the actor is the caller.
      const input = {
        ...body,
        ...ids,
        principal: { id: principal.id, roles: principal.roles },
        role,
      } as CaseActionInputs[A];
      const key = c.req.header('idempotency-key');
      const view = await deps.cases.act(caseId, name, input, key ? { idempotencyKey: key } : {});
      return c.json(toCaseResponse(view, principal), 200);
    },
  });
}

/** Every human action of the case workflow as `POST /cases/{caseId}/...`, each sent as the workflow's update. */
export function caseActionRoutes(app: OpenAPIHono<ApiEnv>, deps: SecurityDeps & { cases: CaseService }): void {
  for (const name of CASE_ACTION_NAMES) actionRoute(app, deps, name);
}
