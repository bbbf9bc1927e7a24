/**
 * Content that can never make a valid message (unknown zone, missing appeal decision, a non-disclosure breach).
 * Matched by `name`; the notify activity turns it into a non-retryable InvalidInput failure, because resending
 * the same input can never succeed.
 */
export class NoticeInputError extends Error {
  override name = 'NoticeInputError';
}
