import { randomUUID } from 'node:crypto';
import { CliError, ExitCode, exitCodeForStatus } from './exit-codes';

/** Where the API is and who calls it. */
export interface ApiTarget {
  baseUrl: string;
  token?: string;
}

/** Default API address: the embedded stack's (`npm start`). */
export const DEFAULT_API_URL = 'http://127.0.0.1:8787';

/**
 * The CLI's only way to the system: HTTP calls to the terminus API. It never reaches Temporal or the database
 * itself (one service layer, behind the API), so the API's authentication, roles, rate limits and audit log
 * apply to every command. Problems (application/problem+json) become {@link CliError}s with an exit code.
 */
export class ApiClient {
  constructor(private readonly target: ApiTarget) {}

  get baseUrl(): string {
    return this.target.baseUrl;
  }

  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; query?: Record<string, string | number | undefined>; idempotent?: boolean } = {},
  ): Promise<T> {
    const url = new URL(path, this.target.baseUrl.endsWith('/') ? this.target.baseUrl : `${this.target.baseUrl}/`);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.target.token) headers.authorization = `Bearer ${this.target.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    // One key per invocation: if the connection drops after the server acted, a re-sent request applies once.
    if (method === 'POST' && options.idempotent) headers['idempotency-key'] = randomUUID();
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (err) {
      let cause: unknown = err;
      let why = (err as Error).message;
      for (let i = 0; cause && i < 4; i++, cause = (cause as { cause?: unknown }).cause) {
        const c = cause as { code?: string; message?: string };
        why = c.code ?? c.message ?? why;
      }
      const reason = why;
      throw new CliError(`cannot reach the terminus API at ${this.target.baseUrl} (${reason})`, ExitCode.ServerFailure);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const problem = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
      const detail = typeof problem.detail === 'string' ? problem.detail : text.slice(0, 300) || res.statusText;
      const title = typeof problem.title === 'string' ? problem.title : `HTTP ${res.status}`;
      const retry = res.headers.get('retry-after');
      throw new CliError(
        `${title} (${res.status}): ${detail}${retry ? ` [retry after ${retry} s]` : ''}`,
        exitCodeForStatus(res.status),
        problem,
      );
    }
    return body as T;
  }
}
