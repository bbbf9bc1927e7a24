/**
 * The provider fingerprint database as the classifier sees it, and the verdict it produces. The JSON file
 * (`data/fingerprints/providers.json`) is validated into these types at the edge (`src/config/fingerprints.ts`);
 * nothing here parses or reads files.
 */

/** What a provider does for a domain: answers its DNS, fronts it (proxy/CDN), or hosts the origin. */
export type ProviderRole = 'dns' | 'proxy_cdn' | 'hosting';

/** The kinds of signal an observation can offer (`asn`: the autonomous system an address is routed to). */
export type SignalKind = 'nameserver' | 'soa' | 'cname' | 'ip' | 'asn' | 'header' | 'cookie';

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
  /** The source's id in {@link FingerprintDatabase.sources} (`cdncheck`, `ipverse:AS24940`, `hand-written`). */
  id?: string;
}

/** One source the database was built from: what it is, where it lives, how old it is and under which licence. */
export interface SourceInfo {
  title: string;
  url: string;
  /** When the data was published or retrieved (`2026-08`, `2026-12-05`). */
  date: string;
  licence: string;
  kind: 'dataset' | 'published-list' | 'asn-announcements' | 'hand-written' | 'configuration';
}

/** One provider's signatures. Globs use `*` for any run of characters (`*.ns.cloudflare.com`). */
export interface ProviderFingerprint {
  id: string;
  name: string;
  /** Other names analysts use (`AWS`, `Incapsula`). */
  aliases?: string[];
  roles: ProviderRole[];
  /** The provider this one is a service of (CloudFront of AWS): where both claim an address equally, this one is
   * the more specific answer, not a conflict. */
  partOf?: string;
  /** Autonomous systems the provider's addresses are routed to. */
  asns?: number[];
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
  /** Which sources list each signal value, keyed `kind:value` (`ip:3.5.140.0/22`, `nameserver:*.ns.cloudflare.com`,
   * `asn:16509`); the evidence of a match names them. */
  provenance?: Record<string, string[]>;
}

/** The whole database, with the version every verdict records. */
export interface FingerprintDatabase {
  version: string;
  providers: ProviderFingerprint[];
  /** The sources the entries cite, by id. */
  sources?: Record<string, SourceInfo>;
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
  /** The sources that list the matched signature. */
  sources?: string[];
  /** Other providers listing the same address equally specifically: the address alone cannot tell them apart. */
  contestedWith?: string[];
  /** Why the match counts less than its kind would (a less specific range, a tie broken by other evidence). */
  note?: string;
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
  /** The provider's display name, when a provider is named. */
  providerName?: string;
  role: ProviderRole | null;
  /** 0..1: the combined weight of the evidence for `provider`, lowered when another provider is close. */
  confidence: number;
  ambiguous: boolean;
  /** When ambiguous: every provider it could be, `provider` first. */
  candidates?: string[];
  roles: Partial<Record<ProviderRole, RoleAttribution>>;
  evidence: Evidence[];
  /** Why, in one line, for people reading the case. */
  reason: string;
  databaseVersion: string;
}
