import { z } from 'zod';
import { ROLES, type Role } from '../domain/vocabularies';
import { formatZodError } from './zod-errors';

/**
 * How the reviewer console signs staff in: any OpenID Connect provider, by issuer URL and client credentials, with
 * roles read from a claim (a list of role names) and/or mapped from groups. Parsed once at the edge.
 */
export interface ConsoleConfig {
  /** The issuer; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only, no client authentication at the token endpoint). */
  clientSecret?: string;
  /** Where the console is reached from browsers (`.../console`); the redirect URI is `<publicUrl>/auth/callback`. */
  publicUrl: string;
  /** The claim naming the principal (default `sub`). */
  principalClaim: string;
  /** The claim holding role names (a list or a space-separated string); unknown names are ignored. */
  rolesClaim: string;
  /** The claim holding group names, mapped to roles through {@link groupRoles}. */
  groupsClaim: string;
  groupRoles: Record<string, Role[]>;
  /** How long a console session lasts after sign-in. */
  sessionTtlMs: number;
  /** The Temporal Web UI (for links from a case to its workflow); absent: no link. */
  temporalUiUrl?: string;
  namespace: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const url = (what: string) =>
  z
    .string()
    .url(`${what}: a URL`)
    .refine((v) => {
      const u = new URL(v);
      return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
    }, `${what}: https, or http on loopback only`);

/** `group=role[+role],group2=role`: which groups grant which roles. */
const groupRolesSchema = z.string().transform((v, ctx) => {
  const out: Record<string, Role[]> = {};
  for (const pair of v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [group, roles] = pair.split('=');
    const names = (roles ?? '').split('+').map((r) => r.trim());
    const bad = names.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (!group?.trim() || !names.length || bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair.slice(0, 80)}": group=role[+role] with roles among ${ROLES.join(', ')}`,
      });
      return z.NEVER;
    }
    out[group.trim()] = names as Role[];
  }
  return out;
});

const EnvSchema = z.object({
  OIDC_ISSUER: url('OIDC_ISSUER'),
  OIDC_CLIENT_ID: z.string().min(1).max(200),
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  OIDC_PRINCIPAL_CLAIM: z.string().min(1).max(100).default('sub'),
  OIDC_ROLES_CLAIM: z.string().min(1).max(100).default('roles'),
  OIDC_GROUPS_CLAIM: z.string().min(1).max(100).default('groups'),
  OIDC_GROUP_ROLES: groupRolesSchema.default({}),
  TERMINUS_CONSOLE_URL: url('TERMINUS_CONSOLE_URL'),
  TERMINUS_CONSOLE_SESSION_HOURS: z.coerce.number().min(0.01).max(72).default(8),
  TERMINUS_TEMPORAL_UI_URL: url('TERMINUS_TEMPORAL_UI_URL').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
});

/**
 * The console's configuration, or undefined when `OIDC_ISSUER` is unset (no console: bearer tokens only).
 * `defaults` fills what the embedded stack knows (its own provider, the API's address); the environment wins.
 * Errors name every bad variable at once.
 */
export function loadConsoleConfig(
  env: NodeJS.ProcessEnv = process.env,
  defaults: Record<string, string | undefined> = {},
): ConsoleConfig | undefined {
  const merged = { ...defaults, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
  if (!merged.OIDC_ISSUER) return undefined;
  const parsed = EnvSchema.safeParse(merged);
  if (!parsed.success) throw new Error(`invalid console configuration: ${formatZodError(parsed.error)}`);
  const e = parsed.data;
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    ...(e.OIDC_CLIENT_SECRET ? { clientSecret: e.OIDC_CLIENT_SECRET } : {}),
    publicUrl: e.TERMINUS_CONSOLE_URL.replace(/\/+$/, ''),
    principalClaim: e.OIDC_PRINCIPAL_CLAIM,
    rolesClaim: e.OIDC_ROLES_CLAIM,
    groupsClaim: e.OIDC_GROUPS_CLAIM,
    groupRoles: e.OIDC_GROUP_ROLES,
    sessionTtlMs: Math.round(e.TERMINUS_CONSOLE_SESSION_HOURS * 3_600_000),
    ...(e.TERMINUS_TEMPORAL_UI_URL ? { temporalUiUrl: e.TERMINUS_TEMPORAL_UI_URL.replace(/\/+$/, '') } : {}),
    namespace: e.TEMPORAL_NAMESPACE,
  };
}

/** The embedded identity provider's port (`TERMINUS_OIDC_PORT`; 0, the default, picks a free one). */
export function devOidcPort(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = z.coerce.number().int().min(0).max(65_535).default(0).safeParse(env.TERMINUS_OIDC_PORT);
  if (!parsed.success) throw new Error(`invalid configuration: TERMINUS_OIDC_PORT: a port number (0 picks a free one)`);
  return parsed.data;
}
