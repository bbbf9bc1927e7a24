/** Why a cutoff request cannot be resolved; the activity turns it into a non-retryable `InvalidCutoff`. */
export type CutoffErrorCode =
  | 'unknown_zone'
  | 'malformed_time'
  | 'malformed_date'
  | 'malformed_instant'
  | 'nonexistent_local_time'
  | 'invalid_options';

/** A cutoff request that can never resolve: retrying will not help, the input must change. */
export class CutoffError extends Error {
  override readonly name = 'CutoffError';
  constructor(
    readonly code: CutoffErrorCode,
    message: string,
  ) {
    super(message);
  }
}
