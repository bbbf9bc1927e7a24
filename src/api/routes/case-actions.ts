import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { FailureType } from '../../domain/failures';
import { redactView } from '../../services/access/case-access';
import {
  CASE_ACTIONS,
  CASE_ACTION_NAMES,
  type CaseActionInputs,
  type CaseActionName,
} from '../../services/case/case-actions';
import type { CaseService } from '../../services/case/case-service';
import { ServiceFailure } from '../../services/case/service-error';
import type { Role } from '../../domain/case-types';
import type { ApiEnv } from '../api-env';
import { actingRole, rateLimit, type SecurityDeps } from '../auth';
import { ACTION_BODIES } from '../schemas/case-schemas';
import { CaseId } from '../schemas/common';
import { CaseViewSchema } from '../schemas/responses';
import { problemResponses, secureRoute, valid } from '../secure-route';

/** Where each action lives under `/cases/{caseId}`; appeal decisions and hold releases name their target. */
export const ACTION_PATHS: Record<CaseActionName, string> = {
  findings: '/findings',
  'legal-decision': '/legal-decision',
  'second-approval': '/second-approval',
  appeal: '/appeals',
  'appeal-decision': '/appeals/{appealId}/decision',
  hold: '/holds',
  'hold-release': '/holds/{holdId}/release',
  expedite: '/expedite',
  withdraw: '/withdraw',
  alias: '/aliases',
  'retry-notice': '/retry-notice',
  'retry-revocation': '/retry-revocation',
  'end-monitoring': '/end-monitoring',
};

const ItemId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'an appeal or hold id such as appeal-1');

function paramsFor(action: CaseActionName) {
  if (action === 'appeal-decision') {
    return z.strictObject({ caseId: CaseId, appealId: ItemId.openapi({ param: { name: 'appealId', in: 'path' } }) });
  }
  if (action === 'hold-release') {
    return z.strictObject({ caseId: CaseId, holdId: ItemId.openapi({ param: { name: 'holdId', in: 'path' } }) });
  }
  return z.strictObject({ caseId: CaseId });
}

/** Every human action of the case workflow as `POST /cases/{caseId}/...`, each sent as the workflow's update. */
export function caseActionRoutes(app: OpenAPIHono<ApiEnv>, deps: SecurityDeps & { cases: CaseService }): void {
  for (const action of CASE_ACTION_NAMES) {
    const spec = CASE_ACTIONS[action];
    secureRoute(app, deps, {
      action: `case.${action}`,
      roles: spec.roles,
      route: createRoute({
        method: 'post',
        path: `/cases/{caseId}${ACTION_PATHS[action]}`,
        tags: ['case actions'],
        summary: spec.summary,
        description:
          'Sent as the workflow update; its validator checks the rule on the case as it stands (a refusal leaves no ' +
          'trace in the history). A requester (no staff role) may act only on a case it opened. ' +
          'The acting principal is the token holder.' +
          (spec.destructive ? ' Destructive: counts against the destructive-action rate limit.' : '') +
          ' An `Idempotency-Key` header makes a retried request apply once.',
        request: {
          params: paramsFor(action),
          headers: z.object({ 'idempotency-key': z.string().max(100).optional() }),
          body: { required: true, content: { 'application/json': { schema: ACTION_BODIES[action] } } },
        },
        responses: {
          200: {
            description: 'The case after the action',
            content: { 'application/json': { schema: CaseViewSchema } },
          },
          ...problemResponses([404, 409, 413, 415]),
        },
      }),
      handler: async (c) => {
        const params = valid<{ caseId: string; appealId?: string; holdId?: string }>(c, 'param');
        const { role: asked, ...body } = valid<{ role?: Role } & Record<string, unknown>>(c, 'json');
        const principal = c.get('principal')!;
        const role = actingRole(principal.roles, spec.roles, asked);
        if (!role) {
          throw new ServiceFailure(
            FailureType.Forbidden,
            `role: principal ${principal.id} cannot act as "${asked}" here (its roles: ${principal.roles.join(', ')}; allowed: ${spec.roles.join(', ')})`,
          );
        }
        if (spec.destructive) {
          const limited = await rateLimit(deps, c, 'destructive');
          if (limited) return limited;
        }
        const input = {
          ...body,
          ...(params.appealId ? { appealId: params.appealId } : {}),
          ...(params.holdId ? { holdId: params.holdId } : {}),
          principal: { id: principal.id, roles: principal.roles },
          role,
        } as unknown as CaseActionInputs[typeof action];
        const key = c.req.header('idempotency-key');
        const view = await deps.cases.act(params.caseId, action, input, key ? { idempotencyKey: key } : {});
        return c.json(redactView(view, principal), 200);
      },
    });
  }
}
