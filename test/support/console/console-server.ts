import type { Client } from '@temporalio/client';
import type { BrowserContext } from 'playwright-core';
import { createApiApp } from '../../../src/api/app';
import { startApiServer } from '../../../src/api/server';
import { loadConsoleConfig } from '../../../src/config/oidc';
import { loadPolicy } from '../../../src/config/policy';
import { createConsoleApp } from '../../../src/console/console-app';
import { withConsole } from '../../../src/console/serve';
import { SESSION_COOKIE } from '../../../src/console/session-guard';
import { SessionStore } from '../../../src/console/session-store';
import type { Role } from '../../../src/domain/case-types';
import { AuditLog } from '../../../src/services/access/audit-log';
import { bootstrapPrincipal } from '../../../src/services/access/principal-store';
import { createToken } from '../../../src/services/access/token-store';
import { startTestDatabase, type TestDatabase } from '../database';
import { RulesCaseService } from './rules-case-service';

/** The staff of the console's browser tests, one per role that acts on cases (and the requester, for the API). */
export const STAFF = {
  rita: ['requester'],
  ivan: ['investigator'],
  lena: ['legal'],
  tom: ['tns_lead'],
  ada: ['appeals'],
  otto: ['operator'],
  root: ['admin'],
} satisfies Record<string, Role[]>;

export type StaffMember = keyof typeof STAFF;

/** The API and the console on one loopback server (as `npm start` serves them) over one {@link RulesCaseService}. */
export interface ConsoleServer {
  apiUrl: string;
  consoleUrl: string;
  cases: RulesCaseService;
  db: TestDatabase['db'];
  /** A call to the HTTP API with a staff member's bearer token; throws on a non-2xx answer. */
  api(as: StaffMember, method: string, path: string, body?: unknown): Promise<unknown>;
  /** Puts a signed-in console session of `who` into the browser context (sign-in itself is tested elsewhere). */
  signInAs(context: BrowserContext, who: StaffMember): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the API with the console mounted beside it on a port of its own, with a fresh database, an active principal
 * and a token per staff member. The identity provider is never contacted: sessions are opened in the session store,
 * as the sign-in callback opens them.
 */
export async function startConsoleServer(options: { liveIntervalMs?: number } = {}): Promise<ConsoleServer> {
  const database = await startTestDatabase();
  const { db } = database;
  const cases = new RulesCaseService();
  const tokens = {} as Record<StaffMember, string>;
  for (const [who, roles] of Object.entries(STAFF) as [StaffMember, Role[]][]) {
    await bootstrapPrincipal(db, { id: who, person: `${who}@test.invalid`, roles }, 'database');
    tokens[who] = (await createToken(db, { principal: who, roles, createdBy: 'test' })).token;
  }
  // The console needs its own URL, known once the server listens: the server asks for it per request.
  const mounted: { app?: ReturnType<typeof createConsoleApp> } = {};
  const api = createApiApp({
    client: undefined as unknown as Client,
    db,
    taskQueue: 'unused',
    policy: loadPolicy(),
    cases,
  });
  const server = await startApiServer(
    withConsole(api, () => mounted.app),
    '127.0.0.1',
    0,
  );
  const consoleUrl = `${server.url}/console`;
  mounted.app = createConsoleApp({
    db,
    cases,
    audit: new AuditLog(db),
    config: loadConsoleConfig({
      OIDC_ISSUER: 'http://127.0.0.1:9/never-contacted',
      OIDC_CLIENT_ID: 'terminus-console',
      TERMINUS_CONSOLE_URL: consoleUrl,
    })!,
    destructiveRate: { limit: 100, windowMs: 3_600_000 },
    ...(options.liveIntervalMs ? { liveIntervalMs: options.liveIntervalMs } : {}),
  });
  const sessions = new SessionStore(db);
  return {
    apiUrl: server.url,
    consoleUrl,
    cases,
    db,
    async api(as, method, path, body) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens[as]}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} as ${as}: ${res.status} ${text}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
    async signInAs(context, who) {
      const id = await sessions.open(who, STAFF[who], 3_600_000);
      await context.addCookies([
        { name: SESSION_COOKIE, value: id, domain: '127.0.0.1', path: '/console', httpOnly: true, sameSite: 'Lax' },
      ]);
    },
    async stop() {
      await server.stop();
      await database.stop();
    },
  };
}
