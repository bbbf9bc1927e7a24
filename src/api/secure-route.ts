import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Role } from '../domain/case-types';
import type { ApiEnv } from './api-env';
import { guard, type SecurityDeps } from './auth';
import { ProblemSchema } from './schemas/responses';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (the problem names each field)',
  401: 'Missing or invalid bearer token',
  403: 'The token lacks a role for this, or a case rule (four eyes) refuses it',
  404: 'No such case',
  409: 'Conflicts with the case as it stands (second open case, wrong stage, already decided)',
  413: 'Body too large',
  415: 'Body is not application/json',
  422: 'The cutoff cannot be resolved',
  429: 'Rate limit reached (see Retry-After)',
  503: 'Temporal or the database is unavailable',
  504: 'Temporal did not answer in time',
};

/** Problem responses for the OpenAPI document. */
export function problemResponses(codes: number[]): RouteConfig['responses'] {
  return Object.fromEntries(
    codes.map((code) => [
      code,
      {
        description: ERROR_DESCRIPTIONS[code] ?? 'Error',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}

/** A route with the roles that may call it and the name it has in the audit log. */
export interface SecureRouteSpec {
  route: RouteConfig;
  action: string;
  roles: readonly Role[];
  handler: (c: Context<ApiEnv>) => Promise<Response>;
}

/**
 * The only way routes are added to the API: each names the roles allowed (deny by default) and its audit action;
 * validation comes from the route's zod schemas (strict objects), and the OpenAPI document from the same
 * definition, so the document cannot drift from what is enforced.
 */
export function secureRoute(app: OpenAPIHono<ApiEnv>, deps: SecurityDeps, spec: SecureRouteSpec): void {
  const common = [400, 401, 403, 429, 503, 504];
  const route: RouteConfig = {
    ...spec.route,
    security: [{ bearerAuth: [] }],
    description:
      `${spec.route.description ?? ''}\n\nRoles: ${spec.roles.join(', ')}. Audit action: \`${spec.action}\`.`.trim(),
    responses: { ...problemResponses(common), ...spec.route.responses },
    middleware: [guard(deps, spec.action, spec.roles)],
  };
  app.openapi(route, spec.handler as never);
}

/** The validated input of a target (the route's validators ran before the handler). */
export function valid<T>(c: Context<ApiEnv>, target: 'json' | 'query' | 'param'): T {
  return (c.req.valid as (t: string) => unknown)(target) as T;
}
