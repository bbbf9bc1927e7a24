/**
 * The one list of failure types. Permanent failures are thrown as non-retryable `ApplicationFailure`s with
 * one of these as `type`; activities' retry policies name them in `nonRetryableErrorTypes`, the case workflow
 * branches on them, and the API maps them to HTTP statuses in one place. Match on these strings (`failure.type`
 * or `error.name`), never with `instanceof`: workflow, activity and test code live in different realms.
 */
export const FailureType = {
  /** Input that can never succeed (bad domain, unknown category, malformed payload). */
  InvalidInput: 'InvalidInput',
  /** Configuration or policy that cannot be loaded; fix the deployment, retrying will not help. */
  InvalidConfiguration: 'InvalidConfiguration',
  /** A thing the request names does not exist (case, snapshot, zone). */
  NotFound: 'NotFound',
  /** The request conflicts with current state (a second open case for an account). */
  Conflict: 'Conflict',
  /** The acting principal may not do this (role, four-eyes rule). */
  Forbidden: 'Forbidden',
  /** A local time that does not exist or a zone that is unknown. */
  InvalidCutoff: 'InvalidCutoff',
  /** The mail server refused the message permanently (5xx, authentication, envelope). */
  MailRejected: 'MailRejected',
  /** An edge provider refused the change permanently (4xx other than not-found). */
  ProviderRejected: 'ProviderRejected',
  /** The change would touch something outside the customer's footprint (another customer's zone). */
  FootprintViolation: 'FootprintViolation',
  /** Revocation was applied but an outside check still sees the service. */
  VerificationFailed: 'VerificationFailed',
  /** The EU DSA Transparency Database refused a statement (422, with its field errors): a person must look. */
  DsaRejected: 'DsaRejected',
} as const;

/** One of {@link FailureType}'s values. */
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Every type that must not be retried; used in activity retry policies. */
export const NON_RETRYABLE_FAILURE_TYPES: readonly FailureType[] = Object.values(FailureType);
