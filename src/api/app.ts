import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { DEFAULT_API_CONFIG, type ApiConfig } from '../config/api';
import type { AccountItemStore } from '../domain/case/account-items';
import type { PolicyDocument } from '../domain/policy/policy-types';
import type { AppLogger } from '../platform/logger';
import { AuditLog } from '../services/access/audit-log';
import { CachedCaseService } from '../services/case/case-read-cache';
import { TemporalCaseService, type CaseService } from '../services/case/case-service';
import { RateLimiter } from '../services/access/rate-limiter';
import { toServiceFailure } from '../services/case/service-error';
import type { ApiEnv } from './api-env';
import { auditRefusals, authenticate, type SecurityDeps } from './auth';
import { httpExceptionProblem, problem, validationProblem } from './problem';
import { caseActionRoutes } from './routes/case-actions';
import { caseItemRoutes } from './routes/case-items';
import { caseRoutes } from './routes/cases';
import { docsRoutes } from './routes/docs';
import { deepHealthRoute, healthRoutes, type HealthDeps } from './routes/health';
import { principalRoutes } from './routes/principals';
import { accessRoutes } from './routes/tokens';
import { reportRoutes } from './routes/reports';
import { sandboxRoutes, type SandboxControl } from './routes/sandbox';

/** Everything the HTTP API needs; built once at the edge (the dev stack or a deployment's entry point). */
export interface ApiDeps extends HealthDeps {
  /** The policy document, for early refusal of unknown categories (the worker checks again). */
  policy?: PolicyDocument;
  config?: Partial<ApiConfig>;
  logger?: Pick<AppLogger, 'error' | 'warn'>;
  /** The case service; by default the Temporal-backed one over `client`. */
  cases?: CaseService;
  /** Clock for rate-limit windows. */
  now?: () => number;
  /** `case_items` of account cases (`GET /cases/{caseId}/items`); absent, account cases list no items. */
  items?: AccountItemStore;
  /** The embedded stack's simulated internet: adds the admin-only `/sandbox` routes (never in a deployment). */
  sandbox?: SandboxControl;
}

/** The Temporal-backed case service, its reads behind the short-lived cache unless `readCacheMs` is 0. */
export function defaultCaseService(
  deps: Pick<ApiDeps, 'client' | 'db' | 'taskQueue' | 'policy'>,
  config: ApiConfig,
): CaseService {
  const service = new TemporalCaseService({
    client: deps.client,
    db: deps.db,
    taskQueue: deps.taskQueue,
    timeoutMs: config.temporalTimeoutMs,
    openWaitMs: config.openWaitMs,
    transparencyMaxOpenCases: config.transparencyMaxOpenCases,
    ...(deps.policy ? { cutoffRules: deps.policy.cutoff } : {}),
  });
  return config.readCacheMs > 0
    ? new CachedCaseService(service, { ttlMs: config.readCacheMs, maxEntries: READ_CACHE_ENTRIES })
    : service;
}

/** Views and list pages kept at most by the read cache (a view is a few kB). */
const READ_CACHE_ENTRIES = 5000;

/** The HTTP API as a Hono app, so tests call it in-process (`app.request(...)`) and servers mount it. */
export function createApiApp(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  const config: ApiConfig = { ...DEFAULT_API_CONFIG, ...deps.config };
  const cases = deps.cases ?? defaultCaseService(deps, config);
  const audit = new AuditLog(deps.db);
  const security: SecurityDeps = {
    db: deps.db,
    audit,
    limiter: new RateLimiter(deps.db, deps.now),
    config,
    ...(deps.logger ? { logger: deps.logger } : {}),
  };

  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => (result.success ? undefined : validationProblem(c, result.target, result.error)),
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from `terminus token create` (tmn_...)',
  });

  app.onError((err, c) => {
    if (err instanceof HTTPException) return httpExceptionProblem(c, err);
    const failure = toServiceFailure(err);
    if (failure.type === 'Internal') deps.logger?.error({ err, path: c.req.path }, 'API request failed');
    return problem(c, failure.type, failure.message, failure.details);
  });
  app.notFound((c) => problem(c, 'NotFound', `no route ${c.req.method} ${c.req.path.slice(0, 200)}`));

  app.use('*', auditRefusals(security));
  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    if (!c.req.path.startsWith('/docs')) c.header('cache-control', 'no-store');
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c: Context<ApiEnv>) =>
        httpExceptionProblem(
          c,
          new HTTPException(413, { message: `the request body is larger than ${config.maxBodyBytes} bytes` }),
        ),
    }),
  );
  app.route('/', healthRoutes(deps));
  docsRoutes(app);
  app.use('*', authenticate(security));
  caseRoutes(app, { ...security, cases, ...(deps.policy ? { policy: deps.policy } : {}) });
  caseActionRoutes(app, { ...security, cases });
  caseItemRoutes(app, { ...security, cases, ...(deps.items ? { items: deps.items } : {}) });
  reportRoutes(app, { ...security, cases });
  accessRoutes(app, security);
  principalRoutes(app, security);
  deepHealthRoute(app, {
    ...security,
    client: deps.client,
    taskQueue: deps.taskQueue,
    deepTimeoutMs: deps.deepTimeoutMs,
  });
  if (deps.sandbox) sandboxRoutes(app, { ...security, sandbox: deps.sandbox });
  return app;
}
