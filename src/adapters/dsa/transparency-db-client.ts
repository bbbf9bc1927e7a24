import type { DsaStatement } from '../../domain/dsa/dsa-statement';
import type { DsaFieldErrors } from '../../domain/dsa/dsa-validate';

/**
 * The EU DSA Transparency Database's statement API as terminus uses it: the multi-statement submission
 * (`POST /api/v1/statements`, 1 to 100 per call) and the existing-puid check
 * (`GET /api/v1/statement/existing-puid/{puid}`: 302 found, 404 not found), with the platform's bearer token.
 * Answers are classified here once: what a retry can fix (network, 429, 5xx) is a plain error; what it cannot is
 * a named error the activity turns into a permanent failure.
 */
export interface TransparencyDatabase {
  /** Whether a statement with this puid is already in the database. */
  hasPuid(puid: string): Promise<boolean>;
  /** Submits the statements; resolves with the database's ids (uuid per puid) on 201. */
  submit(statements: DsaStatement[]): Promise<{ created: { puid: string; uuid?: string }[] }>;
}

/** The database refused the request (422): `errors` are its field errors (per `statement_<i>` in a batch). */
export class DsaRejectedError extends Error {
  override readonly name = 'DsaRejectedError';
  constructor(
    message: string,
    readonly errors: Record<string, DsaFieldErrors | string[]>,
    readonly duplicatePuid: boolean,
  ) {
    super(message);
  }
}

/** The token is wrong or lacks the right (401/403): configuration, not a retry, fixes it. */
export class DsaUnauthorizedError extends Error {
  override readonly name = 'DsaUnauthorizedError';
}

/** Options of {@link createTransparencyDatabase}. */
export interface TransparencyDatabaseOptions {
  baseUrl: string;
  token: string;
  /** Per-request timeout; the activity's own timeout bounds the whole attempt. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const PUID_NOT_UNIQUE = /not unique/i;

/** Whether the only complaint is that the puid is already taken (per statement in a batch, or at the top). */
function duplicateOnly(errors: Record<string, DsaFieldErrors | string[]>): boolean {
  const fields = Object.entries(errors).flatMap(([k, v]) => (Array.isArray(v) ? [[k, v] as const] : Object.entries(v)));
  return (
    fields.length > 0 && fields.every(([f, msgs]) => f === 'puid' && msgs.every((m) => PUID_NOT_UNIQUE.test(String(m))))
  );
}

/** An HTTP client of the database. */
export function createTransparencyDatabase(options: TransparencyDatabaseOptions): TransparencyDatabase {
  const doFetch = options.fetch ?? fetch;
  const request = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    let res: Response;
    try {
      res = await doFetch(`${options.baseUrl}${path}`, {
        method,
        redirect: 'manual',
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new Error(`DSA Transparency Database unreachable (${method} ${path}): ${(err as Error).message}`, {
        cause: err,
      });
    }
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = { message: text.slice(0, 500) };
    }
    if (res.status === 401 || res.status === 403) {
      throw new DsaUnauthorizedError(
        `DSA Transparency Database refused the token (${res.status} on ${method} ${path})`,
      );
    }
    if (res.status === 429 || res.status >= 500) {
      throw new Error(`DSA Transparency Database answered ${res.status} on ${method} ${path}; retrying`);
    }
    return { status: res.status, json };
  };
  return {
    async hasPuid(puid) {
      const { status } = await request('GET', `/api/v1/statement/existing-puid/${encodeURIComponent(puid)}`);
      if (status === 302 || status === 200) return true;
      if (status === 404) return false;
      throw new Error(`DSA Transparency Database answered ${status} to the existing-puid check`);
    },
    async submit(statements) {
      const { status, json } = await request('POST', '/api/v1/statements', { statements });
      const body = (json ?? {}) as {
        statements?: { puid: string; uuid?: string }[];
        errors?: Record<string, DsaFieldErrors>;
        message?: string;
      };
      if (status === 201)
        return { created: (body.statements ?? []).map((s) => ({ puid: s.puid, ...(s.uuid ? { uuid: s.uuid } : {}) })) };
      if (status === 422 || status === 400) {
        const errors = body.errors ?? { request: [body.message ?? `status ${status}`] };
        throw new DsaRejectedError(
          `DSA Transparency Database refused the statement(s): ${JSON.stringify(errors).slice(0, 2000)}`,
          errors,
          duplicateOnly(errors),
        );
      }
      throw new Error(`DSA Transparency Database answered ${status} to the submission`);
    },
  };
}
