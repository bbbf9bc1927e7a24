import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  activatePrincipal,
  disablePrincipal,
  enrolPrincipal,
  listPrincipals,
  proposePrincipal,
} from '../../services/access/principal-store';
import { createToken } from '../../services/access/token-store';
import { toServiceFailure } from '../../services/case/service-error';
import type { ApiEnv } from '../api-env';
import { rateLimit, remoteAddress, takeRate, type SecurityDeps } from '../auth';
import { FAILURE_STATUS } from '../problem';
import { CreatePrincipalBody, EnrolBody, PrincipalIdParams } from '../schemas/principal-schemas';
import { CreatedTokenSchema, PrincipalChangeSchema, PrincipalListSchema, PrincipalSchema } from '../schemas/responses';
import { problemResponses, secureRoute, valid } from '../secure-route';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

/** Enrolment attempts per caller address: a person enrols once; codes are 192 random bits, so this only sheds load. */
const ENROL_RATE = { bucket: 'enrol', limit: { limit: 10, windowMs: 3_600_000 }, what: 'enrolment attempts' };

/**
 * Principals, created through the audited path only (issue 15): an admin creates one; one holding `admin`,
 * `legal` or `tns_lead` is only proposed, a different admin activates it, and the person claims its first token
 * at `POST /enrol` with the two codes the admins handed over. Disabling revokes every token at once.
 */
export function principalRoutes(app: OpenAPIHono<ApiEnv>, deps: SecurityDeps): void {
  secureRoute(app, deps, {
    action: 'principal.create',
    roles: ['admin'],
    route: createRoute({
      method: 'post',
      path: '/principals',
      tags: ['access'],
      summary: 'Create a principal (one per person); with an approving or admin role, propose it',
      description:
        'A principal without `admin`, `legal` or `tns_lead` is active at once. With one of them it is `proposed`: a different admin activates it, and the answer carries the first of the two enrolment codes. `admin` is never held with `legal` or `tns_lead`.',
      request: { body: { required: true, content: { 'application/json': { schema: CreatePrincipalBody } } } },
      responses: { 201: json(PrincipalChangeSchema, 'The principal'), ...problemResponses([409, 413, 415]) },
    }),
    handler: async (c) => {
      const body = valid<z.infer<typeof CreatePrincipalBody>>(c, 'json');
      c.set('auditTarget', `principal:${body.id}`);
      const limited = await rateLimit(deps, c, 'destructive');
      if (limited) return limited;
      const change = await proposePrincipal(deps.db, body, c.get('principal')!.id);
      c.header('cache-control', 'no-store');
      return c.json(change, 201);
    },
  });

  secureRoute(app, deps, {
    action: 'principal.list',
    roles: ['admin'],
    route: createRoute({
      method: 'get',
      path: '/principals',
      tags: ['access'],
      summary: 'Every principal with its person, roles and status',
      responses: { 200: json(PrincipalListSchema, 'The principals') },
    }),
    handler: async (c) => c.json({ principals: await listPrincipals(deps.db) }, 200),
  });

  secureRoute(app, deps, {
    action: 'principal.activate',
    roles: ['admin'],
    route: createRoute({
      method: 'post',
      path: '/principals/{principalId}/activate',
      tags: ['access'],
      summary: 'Activate a proposed principal (a different admin than the one who proposed it)',
      description: 'The answer carries the second enrolment code; hand it to the person yourself.',
      request: { params: PrincipalIdParams },
      responses: { 200: json(PrincipalChangeSchema, 'The principal, active'), ...problemResponses([404, 409]) },
    }),
    handler: async (c) => {
      const { principalId } = valid<z.infer<typeof PrincipalIdParams>>(c, 'param');
      c.set('auditTarget', `principal:${principalId}`);
      const limited = await rateLimit(deps, c, 'destructive');
      if (limited) return limited;
      c.header('cache-control', 'no-store');
      return c.json(await activatePrincipal(deps.db, principalId, c.get('principal')!.id), 200);
    },
  });

  secureRoute(app, deps, {
    action: 'principal.disable',
    roles: ['admin'],
    route: createRoute({
      method: 'post',
      path: '/principals/{principalId}/disable',
      tags: ['access'],
      summary: 'Disable a principal and revoke all its tokens',
      request: { params: PrincipalIdParams },
      responses: { 200: json(PrincipalSchema, 'The principal, disabled'), ...problemResponses([404, 409]) },
    }),
    handler: async (c) => {
      const { principalId } = valid<z.infer<typeof PrincipalIdParams>>(c, 'param');
      c.set('auditTarget', `principal:${principalId}`);
      return c.json(await disablePrincipal(deps.db, principalId, c.get('principal')!.id), 200);
    },
  });

  enrolRoute(app, deps);
}

/** `POST /enrol`: no token (the person has none yet); audited like every action, rate limited per address. */
function enrolRoute(app: OpenAPIHono<ApiEnv>, deps: SecurityDeps): void {
  const route = createRoute({
    method: 'post',
    path: '/enrol',
    tags: ['access'],
    summary: "Claim an activated principal's first token with the two enrolment codes",
    description: 'Each pair of codes works once. Audit action: `principal.enrol`.',
    request: { body: { required: true, content: { 'application/json': { schema: EnrolBody } } } },
    responses: {
      201: json(CreatedTokenSchema, 'The token, shown once'),
      ...problemResponses([400, 401, 413, 415, 429]),
    },
  });
  app.openapi(route, (async (c: Context<ApiEnv>) => {
    const body = valid<z.infer<typeof EnrolBody>>(c, 'json');
    c.set('auditTarget', `principal:${body.principal}`);
    const audit = (status: number) =>
      deps.audit.write({
        principalId: null,
        roles: [],
        action: 'principal.enrol',
        method: c.req.method,
        path: c.req.path,
        target: `principal:${body.principal}`,
        remoteAddr: remoteAddress(c),
        result: status < 400 ? 'ok' : status === 400 ? 'rejected' : 'denied',
        status,
        ...(status >= 400 ? { detail: c.get('problemDetail') } : {}),
      });
    c.set('audited', true);
    const limited = await takeRate(deps, c, { ...ENROL_RATE, key: `addr:${remoteAddress(c)}` });
    if (limited) {
      await audit(429);
      return limited;
    }
    const created = await deps.db
      .transaction(async (tx) => {
        const roles = await enrolPrincipal(tx, body.principal, body.codes);
        return createToken(tx, { principal: body.principal, roles, createdBy: 'enrolment', ...label(body.label) });
      })
      .catch(async (err: unknown) => {
        c.set('problemDetail', (err as Error).message);
        await audit(FAILURE_STATUS[toServiceFailure(err).type].status);
        throw err;
      });
    await audit(201);
    c.header('cache-control', 'no-store');
    return c.json(created, 201);
  }) as never);
}

const label = (l: string | undefined) => (l ? { label: l } : {});
