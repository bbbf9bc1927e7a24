import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AuditLog } from '../../services/access/audit-log';
import { checkMayMint, createToken } from '../../services/access/token-store';
import type { ApiEnv } from '../api-env';
import { rateLimit, type SecurityDeps } from '../auth';
import { CreateTokenBody } from '../schemas/principal-schemas';
import { ROLES } from '../../domain/vocabularies';
import { AuditEntriesSchema, CreatedTokenSchema, WhoAmISchema } from '../schemas/responses';
import { problemResponses, secureRoute, valid } from '../secure-route';

const AuditQuery = z.strictObject({
  principal: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._@-]{0,63}$/, 'a principal id')
    .optional(),
  target: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Tokens (each principal its own; an admin those of principals that neither approve nor administer), the
 * caller's identity, and the audit log (admin). */
export function accessRoutes(app: OpenAPIHono<ApiEnv>, deps: SecurityDeps & { audit: AuditLog }): void {
  secureRoute(app, deps, {
    action: 'token.create',
    roles: [...ROLES],
    route: createRoute({
      method: 'post',
      path: '/tokens',
      tags: ['access'],
      summary: 'Create a bearer token (shown once; stored hashed)',
      description:
        'For yourself (any role), granting roles you hold; an admin may also mint for an active principal holding no `admin`, `legal` or `tns_lead` role. Tokens of those are minted by their own principal (the first one by `POST /enrol`).',
      request: { body: { required: true, content: { 'application/json': { schema: CreateTokenBody } } } },
      responses: {
        201: { description: 'The new token', content: { 'application/json': { schema: CreatedTokenSchema } } },
        ...problemResponses([404, 409, 413, 415]),
      },
    }),
    handler: async (c) => {
      const body = valid<z.infer<typeof CreateTokenBody>>(c, 'json');
      const limited = await rateLimit(deps, c, 'destructive');
      if (limited) return limited;
      const caller = c.get('principal')!;
      const principal = body.principal ?? caller.id;
      c.set('auditTarget', `principal:${principal}`);
      const roles = await checkMayMint(deps.db, caller, principal, body.roles);
      const created = await createToken(deps.db, {
        principal,
        ...(roles ? { roles } : {}),
        ...(body.label ? { label: body.label } : {}),
        ...(body.expiresAt ? { expiresAt: body.expiresAt } : {}),
        createdBy: caller.id,
      });
      c.header('cache-control', 'no-store');
      return c.json(created, 201);
    },
  });

  secureRoute(app, deps, {
    action: 'whoami',
    roles: [...ROLES],
    route: createRoute({
      method: 'get',
      path: '/whoami',
      tags: ['access'],
      summary: 'The principal and roles of the bearer token',
      responses: { 200: { description: 'Who you are', content: { 'application/json': { schema: WhoAmISchema } } } },
    }),
    handler: async (c) => {
      const p = c.get('principal')!;
      return Promise.resolve(c.json({ principal: p.id, roles: p.roles }, 200));
    },
  });

  secureRoute(app, deps, {
    action: 'audit.read',
    roles: ['admin'],
    route: createRoute({
      method: 'get',
      path: '/audit',
      tags: ['access'],
      summary: 'Latest audit log entries (who, what, when, from where, result)',
      request: { query: AuditQuery },
      responses: {
        200: { description: 'Entries, newest first', content: { 'application/json': { schema: AuditEntriesSchema } } },
      },
    }),
    handler: async (c) => {
      const q = valid<z.infer<typeof AuditQuery>>(c, 'query');
      const entries = await deps.audit.recent({
        limit: q.limit,
        ...(q.principal ? { principalId: q.principal } : {}),
        ...(q.target ? { target: q.target } : {}),
      });
      return c.json({ entries }, 200);
    },
  });
}
