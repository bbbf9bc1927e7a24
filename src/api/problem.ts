import type { Context } from 'hono';
import { type HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { FailureType } from '../domain/failures';
import type { ServiceFailureType } from '../services/case/service-error';
import type { ApiEnv } from './api-env';

/** One field-level problem: where (`body`, `query`, `path`), which field, what is wrong. */
export interface FieldError {
  in: string;
  field: string;
  message: string;
}

/** An RFC 9457 problem document, as every error of the API is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/**
 * HTTP status and title per failure type: the ONE place where workflow, update and service failures become
 * statuses. `FailureType` values come from the case workflow's validators and activities (src/domain/failures.ts).
 */
export const FAILURE_STATUS: Record<ServiceFailureType, { status: ContentfulStatusCode; title: string }> = {
  [FailureType.InvalidInput]: { status: 400, title: 'Invalid input' },
  [FailureType.InvalidCutoff]: { status: 422, title: 'Invalid cutoff' },
  [FailureType.InvalidConfiguration]: { status: 500, title: 'Server misconfigured' },
  [FailureType.NotFound]: { status: 404, title: 'Not found' },
  [FailureType.Conflict]: { status: 409, title: 'Conflict' },
  [FailureType.Forbidden]: { status: 403, title: 'Forbidden' },
  [FailureType.MailRejected]: { status: 502, title: 'Mail server refused the message' },
  [FailureType.ProviderRejected]: { status: 502, title: 'Edge provider refused the change' },
  [FailureType.FootprintViolation]: { status: 409, title: "Change outside the customer's footprint" },
  [FailureType.VerificationFailed]: { status: 502, title: 'Revocation not verified' },
  [FailureType.DsaRejected]: { status: 502, title: 'The DSA Transparency Database refused the statement' },
  Unauthorized: { status: 401, title: 'Unauthorized' },
  RateLimited: { status: 429, title: 'Too many requests' },
  Unavailable: { status: 503, title: 'Service unavailable' },
  Timeout: { status: 504, title: 'Upstream timeout' },
  Internal: { status: 500, title: 'Internal error' },
};

const slug = (type: string) => type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** The problem `type` URI for a failure type (stable; documented in the OpenAPI document). */
export const problemType = (type: string): string => `https://terminus.invalid/problems/${slug(type)}`;

/** Answers with a problem document (`application/problem+json`) and notes the detail for the audit log. */
export function problem(
  c: Context<ApiEnv>,
  type: ServiceFailureType,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const { status, title } = FAILURE_STATUS[type];
  c.set('problemDetail', `${type}: ${detail}`);
  const body: Problem = { type: problemType(type), title, status, detail, ...extra };
  return c.newResponse(JSON.stringify(body), status, { 'content-type': 'application/problem+json', ...headers });
}

/** `a.b[2].c`, the way a person reads a JSON path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const name = String(key);
    return acc ? `${acc}.${name}` : name;
  }, '');
}

/** Turns zod issues into field errors, naming unknown fields one by one. */
export function fieldErrors(target: string, error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const at = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = at ? `${at}.${key}` : key;
        errors.push({ in: target, field: field.slice(0, 200), message: `unknown field "${field.slice(0, 200)}"` });
      }
    } else {
      errors.push({ in: target, field: at || '(root)', message: issue.message.slice(0, 500) });
    }
  }
  return errors.slice(0, 20);
}

/** A 400 for schema validation failures, naming each field. */
export function validationProblem(c: Context<ApiEnv>, target: string, error: z.ZodError): Response {
  const errors = fieldErrors(target === 'json' ? 'body' : target === 'param' ? 'path' : target, error);
  const detail = errors.map((e) => `${e.in} ${e.field}: ${e.message}`).join('; ');
  return problem(c, FailureType.InvalidInput, detail || 'invalid request', { errors });
}

/** Problems for errors Hono raises itself (malformed JSON, unsupported media type, body too large). */
export function httpExceptionProblem(c: Context<ApiEnv>, err: HTTPException): Response {
  const status = err.status;
  const title =
    status === 413
      ? 'Payload too large'
      : status === 415
        ? 'Unsupported media type'
        : status === 400
          ? 'Bad request'
          : 'Error';
  const detail =
    status === 400 && /JSON/i.test(err.message)
      ? 'the request body is not valid JSON'
      : status === 415
        ? 'send the body as application/json'
        : err.message || title;
  c.set('problemDetail', `${status}: ${detail}`);
  const body: Problem = { type: problemType(title.replace(/ /g, '')), title, status, detail };
  return c.newResponse(JSON.stringify(body), status, {
    'content-type': 'application/problem+json',
  });
}
