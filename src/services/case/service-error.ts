import { FailureType } from '../../domain/failures';

/**
 * Why a service call failed, as a type the API maps to an HTTP status and the CLI to an exit code. The case
 * workflow's failure types (`FailureType`) pass through unchanged; the rest belong to the edge (authentication,
 * rate limits, an unreachable or slow Temporal).
 */
export type ServiceFailureType = FailureType | 'Unauthorized' | 'RateLimited' | 'Unavailable' | 'Timeout' | 'Internal';

/** A failure the API answers with a problem document; `details` are safe to show the caller. */
export class ServiceFailure extends Error {
  override readonly name = 'ServiceFailure';
  constructor(
    readonly type: ServiceFailureType,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const KNOWN_TYPES = new Set<string>(Object.values(FailureType));

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  type?: unknown;
  code?: unknown;
  cause?: unknown;
  workflowId?: unknown;
}

const asErrorLike = (err: unknown): ErrorLike => (err && typeof err === 'object' ? err : {});
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The error's `name` (empty when it has none): the client's errors are told apart by name, never `instanceof`. */
export function errorName(err: unknown): string {
  return text(asErrorLike(err).name);
}

/**
 * A case view query that got no answer from the case: the server refused it because the workflow is no longer
 * open (`queryRejectCondition`), or the workflow has no such query (not a case). "Still opening" is the case's own
 * answer, not one of these.
 */
export function isUnansweredQuery(err: unknown): boolean {
  const name = errorName(err);
  if (name === 'QueryRejectedError') return true;
  return name === 'QueryNotRegisteredError' && !/still opening/.test(text(asErrorLike(err).message));
}

/** The first error in the cause chain with a known failure `type` (an ApplicationFailure from the workflow). */
function typedCause(err: unknown): { type: FailureType; message: string } | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 8; depth++) {
    const e = asErrorLike(current);
    if (typeof e.type === 'string' && KNOWN_TYPES.has(e.type)) {
      return { type: e.type as FailureType, message: text(e.message) };
    }
    current = e.cause;
  }
  return undefined;
}

function isDeadline(err: unknown): boolean {
  for (let e = asErrorLike(err), depth = 0; depth < 8; e = asErrorLike(e.cause), depth++) {
    if (e.code === 4 || /DEADLINE_EXCEEDED/.test(text(e.message))) return true;
    if (!e.cause) break;
  }
  return false;
}

function isResourceExhausted(err: unknown): boolean {
  for (let e = asErrorLike(err), depth = 0; depth < 8; e = asErrorLike(e.cause), depth++) {
    if (e.code === 8 || /RESOURCE_EXHAUSTED/.test(text(e.message))) return true;
    if (!e.cause) break;
  }
  return false;
}

function isUnavailable(err: unknown): boolean {
  for (let e = asErrorLike(err), depth = 0; depth < 8; e = asErrorLike(e.cause), depth++) {
    if (e.code === 14 || /UNAVAILABLE|ECONNREFUSED|connect/.test(text(e.message))) return true;
    if (!e.cause) break;
  }
  return false;
}

/**
 * Translates whatever the Temporal client threw into a {@link ServiceFailure}: the one place that knows the
 * client's error names (matched by `name`, never `instanceof`). Update validators refuse with an
 * ApplicationFailure whose `type` is a {@link FailureType}; that type is kept, so the workflow's own words reach
 * the caller.
 */
export function toServiceFailure(err: unknown, context: { caseId?: string } = {}): ServiceFailure {
  const e = asErrorLike(err);
  const name = text(e.name);
  if (name === 'ServiceFailure') return err as ServiceFailure;
  if (name === 'WorkflowExecutionAlreadyStartedError') {
    return new ServiceFailure(
      FailureType.Conflict,
      `a case is already open for this account (${text(e.workflowId) || context.caseId || 'case'}); one case per account at a time`,
      { caseId: text(e.workflowId) || context.caseId },
    );
  }
  if (name === 'WorkflowNotFoundError') {
    return new ServiceFailure(FailureType.NotFound, `no case ${context.caseId ?? ''}`.trim());
  }
  const typed = typedCause(err);
  if (
    typed &&
    (name === 'WorkflowUpdateFailedError' || name === 'WorkflowFailedError' || name === 'ApplicationFailure')
  ) {
    return new ServiceFailure(typed.type, typed.message);
  }
  if (name === 'QueryNotRegisteredError' && /still opening/.test(text(e.message))) {
    return new ServiceFailure(FailureType.Conflict, 'the case is still opening; try again in a moment');
  }
  if (isResourceExhausted(err)) {
    // Temporal's own limits (updates in flight on one workflow, namespace rate): the caller should slow down.
    return new ServiceFailure('RateLimited', 'Temporal is refusing more requests for now; try again shortly');
  }
  if (name === 'WorkflowUpdateRPCTimeoutOrCancelledError' || isDeadline(err)) {
    return new ServiceFailure('Timeout', 'Temporal did not answer in time (is a worker running?)');
  }
  if (isUnavailable(err)) return new ServiceFailure('Unavailable', 'Temporal is unreachable');
  if (typed) return new ServiceFailure(typed.type, typed.message);
  return new ServiceFailure('Internal', 'unexpected failure talking to Temporal', { error: name || 'Error' });
}
