/**
 * Exit codes of `terminus`, so scripts can tell failures apart without parsing messages. Stable: documented in
 * `terminus --help`.
 */
export const ExitCode = {
  Ok: 0,
  /** Something unexpected in the CLI itself. */
  Failure: 1,
  /** Bad input: a usage error, or the API refused the request as invalid (400, 413, 415, 422). */
  BadInput: 2,
  /** The case (or route) does not exist (404). */
  NotFound: 3,
  /** Conflicts with the case as it stands: second open case, wrong stage, already decided (409). */
  Conflict: 4,
  /** Not authenticated (401) or not allowed: role, four-eyes rule, per-case access (403). */
  Forbidden: 5,
  /** Rate limit reached (429); retry after the time printed. */
  RateLimited: 6,
  /** The server failed or is unreachable (5xx, connection refused). */
  ServerFailure: 7,
  /** A wait (`case wait`) ran out of time. */
  Timeout: 8,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code for an HTTP status. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 404) return ExitCode.NotFound;
  if (status === 409) return ExitCode.Conflict;
  if (status === 401 || status === 403) return ExitCode.Forbidden;
  if (status === 429) return ExitCode.RateLimited;
  if (status >= 500) return ExitCode.ServerFailure;
  if (status >= 400) return ExitCode.BadInput;
  return ExitCode.Ok;
}

/** A failure that ends the command with a given exit code and a message for stderr. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** The API's problem document, printed as is with `--json`. */
    readonly problem?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The help text listing the exit codes. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  2  bad input (usage error, or the API refused the request as invalid)
  3  not found
  4  conflict (a case is already open for the account, wrong stage, already decided)
  5  not authenticated or forbidden (role, four-eyes rule, per-case access)
  6  rate limited (retry later)
  7  server failure or API unreachable
  8  timed out waiting
  1  unexpected error in the CLI`;
