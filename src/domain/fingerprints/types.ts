/**
 * The provider fingerprint database as the classifier sees it, and the verdict it produces. The JSON file
 * (`data/fingerprints/providers.json`) is validated into these types at the edge (`src/config/fingerprints.ts`);
 * nothing here parses or reads files.
 */

/** What a provider does for a domain: answers its DNS, fronts it (proxy/CDN), or hosts the origin. */
export type ProviderRole = 'dns' | 'proxy_cdn' | 'hosting';

/** The kinds of signal an observation can offer. */
export type SignalKind = 'nameserver' | 'soa' | 'cname' | 'ip' | 'header' | 'cookie';

/** A response header signature. `pattern` is a case-insensitive regular expression on the value; absent
 * means "the header is present". `generic` marks signatures that many stacks emit (`Via`, `X-Cache`): they
 * add to a provider already identified by something specific but never identify one alone. */
export interface HeaderSignature {
  name: string;
  pattern?: string;
  generic?: boolean;
}

/** Where a signature comes from, so every entry can be checked and refreshed. */
export interface SourceCitation {
  url: string;
  note?: string;
}

/** One provider's signatures. Globs use `*` for any run of characters (`*.ns.cloudflare.com`). */
export interface ProviderFingerprint {
  id: string;
  name: string;
  roles: ProviderRole[];
  /** Nameserver host globs (NS targets and the SOA primary). */
  nameservers: string[];
  /** Suffixes a CNAME target ends with (`cloudfront.net` matches `d1.cloudfront.net`). */
  cnameSuffixes: string[];
  /** CIDRs, IPv4 or IPv6 (inline ones and those merged from dated snapshots at load). */
  ipRanges: string[];
  headers: HeaderSignature[];
  /** Cookie name globs (`visid_incap_*`). */
  cookies: string[];
  source: SourceCitation[];
}

/** The whole database, with the version every verdict records. */
export interface FingerprintDatabase {
  version: string;
  providers: ProviderFingerprint[];
}

/** One matched signal: what was seen, which signature it matched, and how much it weighs. */
export interface Evidence {
  provider: string;
  role: ProviderRole;
  signal: SignalKind;
  /** What the observation showed (a nameserver, an address, `server: cloudflare`). */
  observed: string;
  /** The signature it matched (a glob, a CIDR, a header pattern). */
  matched: string;
  weight: number;
  generic: boolean;
}

/** The best provider for one role, with its combined score and the runner-up when close. */
export interface RoleAttribution {
  provider: string;
  score: number;
  ambiguousWith: string[];
}

/**
 * Where the domain is served now. `unknown` = the probes could not tell (SERVFAIL, timeouts): never a reason
 * to change state. `elsewhere` with provider `unknown` = served, but by nobody in the database.
 */
export type ServingState = 'ours' | 'dark' | 'elsewhere' | 'unknown';

/** The classifier's answer for one observation. */
export interface Verdict {
  state: ServingState;
  /** The provider visitors reach (front-most role found), `unknown` when served by nobody we know, null when
   * not served or not known. */
  provider: string | null;
  role: ProviderRole | null;
  /** 0..1: the combined weight of the evidence for `provider`, lowered when another provider is close. */
  confidence: number;
  ambiguous: boolean;
  roles: Partial<Record<ProviderRole, RoleAttribution>>;
  evidence: Evidence[];
  /** Why, in one line, for people reading the case. */
  reason: string;
  databaseVersion: string;
}
