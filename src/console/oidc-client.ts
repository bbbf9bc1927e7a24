import type * as Oidc from 'openid-client';
import type { ConsoleConfig } from '../config/oidc';
import { ROLES, type Role } from '../domain/vocabularies';
import type { PendingSignIn } from './session-store';

/** Who signed in, as the console uses it: the principal id and the terminus roles its claims grant. */
export interface SignedInIdentity {
  principalId: string;
  roles: Role[];
  /** The provider's ID token: the hint that ends the provider's session at sign-out. */
  idToken?: string;
}

/** Principal ids the console accepts: the same shape as the API's (plain, short, no spaces or markup). */
const PRINCIPAL_ID = /^[A-Za-z0-9._:@-]{1,200}$/;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

// openid-client is ESM-only: loaded on first sign-in (so every other importer, jest included, never loads it).
let library: Promise<typeof Oidc> | undefined;
const load = (): Promise<typeof Oidc> => (library ??= import('openid-client'));

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
}

/** The terminus roles a set of claims grants: the roles claim (known names only) and the group mapping. */
export function rolesFromClaims(claims: Record<string, unknown>, config: ConsoleConfig): Role[] {
  const roles = new Set<Role>();
  for (const name of listOf(claims[config.rolesClaim])) {
    if ((ROLES as readonly string[]).includes(name)) roles.add(name as Role);
  }
  for (const group of listOf(claims[config.groupsClaim])) for (const r of config.groupRoles[group] ?? []) roles.add(r);
  return ROLES.filter((r) => roles.has(r));
}

/**
 * The console as an OpenID Connect relying party (openid-client): authorisation code flow with PKCE, state and
 * nonce, against the configured issuer (discovered once, again after a failure).
 */
export class ConsoleOidc {
  private configuration?: Promise<Oidc.Configuration>;

  constructor(private readonly config: ConsoleConfig) {}

  /** Where the provider sends the browser back. */
  get redirectUri(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }

  private discover(): Promise<Oidc.Configuration> {
    this.configuration ??= load()
      .then((oidc) => {
        const issuer = new URL(this.config.issuer);
        const auth = this.config.clientSecret ? oidc.ClientSecretPost(this.config.clientSecret) : oidc.None();
        const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
        return oidc.discovery(issuer, this.config.clientId, undefined, auth, {
          ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        });
      })
      .catch((err: unknown) => {
        this.configuration = undefined;
        throw new Error(`the identity provider ${this.config.issuer} cannot be reached: ${String(err)}`);
      });
    return this.configuration;
  }

  /** Starts a sign-in: the provider's authorisation URL and what to keep until it answers. */
  async begin(returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const [oidc, configuration] = await Promise.all([load(), this.discover()]);
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile roles',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Completes a sign-in from the provider's answer (the callback's query string): exchanges the code with the
   * PKCE verifier, checks state and nonce and the ID token, and reads the identity. Roles absent from the ID token
   * are looked up at the userinfo endpoint.
   */
  async complete(query: string, pending: PendingSignIn): Promise<SignedInIdentity> {
    const [oidc, configuration] = await Promise.all([load(), this.discover()]);
    const tokens = await oidc.authorizationCodeGrant(configuration, new URL(`${this.redirectUri}${query}`), {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    let claims: Record<string, unknown> = { ...tokens.claims() };
    const hasRoles = claims[this.config.rolesClaim] !== undefined || claims[this.config.groupsClaim] !== undefined;
    if (!hasRoles && configuration.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims };
    }
    const principalId = claims[this.config.principalClaim];
    if (typeof principalId !== 'string' || !PRINCIPAL_ID.test(principalId)) {
      throw new Error(
        `the identity provider's "${this.config.principalClaim}" claim is not a usable principal id (letters, digits, . _ : @ -)`,
      );
    }
    return {
      principalId,
      roles: rolesFromClaims(claims, this.config),
      ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
    };
  }

  /**
   * Where to send the browser so that the provider ends its session too (RP-initiated logout: its
   * `end_session_endpoint` with the ID token as hint, coming back to `returnTo`), or undefined when the provider
   * offers no such endpoint (or cannot be reached: the console's own session is over either way).
   */
  async endSessionUrl(returnTo: string, idToken?: string): Promise<string | undefined> {
    try {
      const [oidc, configuration] = await Promise.all([load(), this.discover()]);
      if (!configuration.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(configuration, {
        post_logout_redirect_uri: returnTo,
        ...(idToken ? { id_token_hint: idToken } : {}),
      }).href;
    } catch {
      return undefined;
    }
  }
}
