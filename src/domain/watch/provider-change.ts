/**
 * A confirmed change of where a domain is served: what the watch sends its case (the `providerChanged` signal) and
 * what the case keeps in its provider chain. Flap-safe: a change is confirmed by several observations first.
 */
export interface ProviderChange {
  domain: string;
  /** `ours`, `dark`, or a fingerprint database provider id (`unknown` when no provider matched). */
  state: string;
  provider: string | null;
  confidence: number;
  at: string;
}
