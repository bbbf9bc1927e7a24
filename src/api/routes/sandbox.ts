import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from '../api-env';
import { rateLimit, type SecurityDeps } from '../auth';
import { AccountId, DomainName } from '../schemas/common';
import { problemResponses, secureRoute, valid } from '../secure-route';

/** A provider of the sandbox internet, as the API shows it. */
export interface SandboxProvider {
  id: string;
  name: string;
  nameservers: string[];
}

/**
 * The embedded stack's simulated "rest of the internet", as the API may drive it. Only the embedded stack passes
 * one (its edge is the sandbox), so these routes never exist in a deployment. The stack implements it over the
 * sandbox tables it owns: callers (the demo, a person with the CLI or curl) go through authentication, the admin
 * role, rate limits and the audit log instead of writing into the stack's database from outside.
 */
export interface SandboxControl {
  providers: readonly SandboxProvider[];
  /** Puts `domain` (apex and `www`) on a competitor: its zone at their nameservers, its site behind their front. */
  moveToProvider(domain: string, providerId: string): Promise<SandboxProvider>;
  /** Puts the seeded demo customers back as seeded (on our edge, nowhere else), for another demo run. */
  resetDemoCustomers(): Promise<{ domains: string[] }>;
  /**
   * Puts an account of `zones` zones (each also a proxied hostname) on our edge, numbered from `start`; seeding
   * again makes the same zones exactly so again (a later `start` adds zones: "the customer added one").
   */
  seedAccount(accountId: string, zones: number, start: number): Promise<SeededSandboxAccount>;
}

/** What an account seed put on the sandbox edge. */
export interface SeededSandboxAccount {
  accountId: string;
  zones: number;
  first: string;
  last: string;
}

/** Largest account one request seeds (the account demo uses a few hundred; benches seed directly). */
export const MAX_SANDBOX_ACCOUNT_ZONES = 5000;

const ProviderSchema = z
  .object({ id: z.string(), name: z.string(), nameservers: z.array(z.string()) })
  .openapi('SandboxProvider');

/** `/sandbox/...`: the embedded stack's simulated internet (admin only; absent outside the embedded stack). */
export function sandboxRoutes(app: OpenAPIHono<ApiEnv>, deps: SecurityDeps & { sandbox: SandboxControl }): void {
  const ids = deps.sandbox.providers.map((p) => p.id);
  const MoveBody = z
    .strictObject({
      domain: DomainName,
      provider: z.enum(ids as [string, ...string[]]).openapi({ example: ids[0] }),
    })
    .openapi('SandboxMoveRequest');

  secureRoute(app, deps, {
    action: 'sandbox.providers',
    roles: ['admin', 'operator'],
    route: createRoute({
      method: 'get',
      path: '/sandbox/providers',
      tags: ['sandbox (embedded stack only)'],
      summary: 'Competitors a customer can move to in the sandbox internet',
      responses: {
        200: {
          description: 'The providers',
          content: { 'application/json': { schema: z.object({ providers: z.array(ProviderSchema) }) } },
        },
      },
    }),
    handler: (c) => Promise.resolve(c.json({ providers: deps.sandbox.providers.map((p) => ({ ...p })) }, 200)),
  });

  secureRoute(app, deps, {
    action: 'sandbox.move',
    roles: ['admin'],
    route: createRoute({
      method: 'post',
      path: '/sandbox/moves',
      tags: ['sandbox (embedded stack only)'],
      summary: 'Make a customer reappear on a competitor in the sandbox internet (what migration monitoring detects)',
      description:
        "Serves the domain and its `www` from the provider's nameservers and HTTP front, replacing any earlier move. " +
        'Our own edge is untouched: revocation is the case workflow’s job.',
      request: { body: { required: true, content: { 'application/json': { schema: MoveBody } } } },
      responses: {
        200: { description: 'Moved', content: { 'application/json': { schema: ProviderSchema } } },
        ...problemResponses([413, 415]),
      },
    }),
    handler: async (c) => {
      const body = valid<z.infer<typeof MoveBody>>(c, 'json');
      const limited = await rateLimit(deps, c, 'destructive');
      if (limited) return limited;
      c.set('auditTarget', `domain:${body.domain}`);
      const provider = await deps.sandbox.moveToProvider(body.domain, body.provider);
      return c.json({ ...provider }, 200);
    },
  });

  const SeedAccountBody = z
    .strictObject({
      accountId: AccountId,
      zones: z.number().int().min(1).max(MAX_SANDBOX_ACCOUNT_ZONES),
      start: z
        .number()
        .int()
        .min(0)
        .max(999_999 - MAX_SANDBOX_ACCOUNT_ZONES)
        .default(0),
    })
    .openapi('SandboxAccountRequest');
  const SeededSchema = z
    .object({ accountId: z.string(), zones: z.number().int(), first: z.string(), last: z.string() })
    .openapi('SandboxAccount');

  secureRoute(app, deps, {
    action: 'sandbox.account',
    roles: ['admin'],
    route: createRoute({
      method: 'post',
      path: '/sandbox/accounts',
      tags: ['sandbox (embedded stack only)'],
      summary: 'Put an account of many zones on our sandbox edge (each zone also a proxied hostname)',
      description:
        'Zones are named `<account>-NNNNNN.example` from `start`; seeding again makes them exactly so again. ' +
        'For the account demo: an account case discovers these zones and revokes them in batches.',
      request: { body: { required: true, content: { 'application/json': { schema: SeedAccountBody } } } },
      responses: {
        200: { description: 'Seeded', content: { 'application/json': { schema: SeededSchema } } },
        ...problemResponses([413, 415]),
      },
    }),
    handler: async (c) => {
      const body = valid<z.infer<typeof SeedAccountBody>>(c, 'json');
      const limited = await rateLimit(deps, c, 'destructive');
      if (limited) return limited;
      c.set('auditTarget', `account:${body.accountId}`);
      return c.json(await deps.sandbox.seedAccount(body.accountId, body.zones, body.start), 200);
    },
  });

  secureRoute(app, deps, {
    action: 'sandbox.reset',
    roles: ['admin'],
    route: createRoute({
      method: 'post',
      path: '/sandbox/reset',
      tags: ['sandbox (embedded stack only)'],
      summary: 'Put the seeded demo customers back on our edge and off every competitor (before another demo run)',
      responses: {
        200: {
          description: 'Reset',
          content: { 'application/json': { schema: z.object({ domains: z.array(z.string()) }) } },
        },
      },
    }),
    handler: async (c) => {
      const limited = await rateLimit(deps, c, 'destructive');
      if (limited) return limited;
      c.set('auditTarget', 'sandbox:demo-customers');
      return c.json(await deps.sandbox.resetDemoCustomers(), 200);
    },
  });
}
