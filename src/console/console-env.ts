import type { RateLimit } from '../config/api';
import type { ConsoleConfig } from '../config/oidc';
import type { Database } from '../db/database';
import type { AppLogger } from '../platform/logger';
import type { AuditLog } from '../services/access/audit-log';
import type { RateLimiter } from '../services/access/rate-limiter';
import type { CaseService } from '../services/case/case-service';
import type { ConsoleOidc } from './oidc-client';
import type { ConsoleSession, SessionStore } from './session-store';
import type { WatchReader } from './watch-reader';

/** What the console needs; the API server builds it once and mounts the console beside the API. */
export interface ConsoleDeps {
  db: Database;
  /** The same case service the API uses, so the same authorisation and rules apply. */
  cases: CaseService;
  audit: AuditLog;
  config: ConsoleConfig;
  /** The API's limit on destructive actions per principal; the console counts against the same bucket. */
  destructiveRate: RateLimit;
  logger?: Pick<AppLogger, 'error' | 'warn'>;
  /** Reads what each watch recorded (provider history and the evidence behind each verdict); absent: the chain only. */
  watches?: WatchReader;
  /** How often an open page asks whether it changed (default 5 s; tests ask more often). */
  liveIntervalMs?: number;
}

/** {@link ConsoleDeps} with the pieces the console builds for itself. */
export interface ConsoleContext extends ConsoleDeps {
  sessions: SessionStore;
  oidc: ConsoleOidc;
  limiter: RateLimiter;
}

/** Per-request values of the console's Hono app. */
export interface ConsoleEnv {
  Variables: { session: ConsoleSession };
}
