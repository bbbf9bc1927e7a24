import type { AuthenticatedPrincipal } from '../services/access/token-store';

/** Per-request values the API's middleware sets for handlers and the audit log. */
export interface ApiEnv {
  Variables: {
    principal?: AuthenticatedPrincipal;
    /** The short reason of a refusal or failure, recorded in the audit log. */
    problemDetail?: string;
    /** What the request acts on (a case ID), recorded in the audit log. */
    auditTarget?: string;
    /** Whether this request already has its audit row (so the refusal catch-all does not write a second). */
    audited?: boolean;
  };
}
