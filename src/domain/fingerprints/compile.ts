import { parseCidr, type ParsedCidr } from './ip';
import { buildIpIndex, type IpIndex } from './ip-index';
import type { FingerprintDatabase, HeaderSignature, ProviderFingerprint, ProviderRole, SignalKind } from './types';

/** The id our own edge has in the database (it is configured, not shipped). */
export const OURS_PROVIDER_ID = 'ours';

/** A compiled signature: what it matches, whose it is, and which sources list it. */
export interface Owned {
  provider: string;
  sources: string[];
}

/** A provider with its patterns turned into matchers once, so classifying an observation is cheap. */
export interface CompiledProvider {
  fingerprint: ProviderFingerprint;
  /** The role non-DNS signals (CNAME, addresses, headers, cookies) speak for. */
  edgeRole: ProviderRole;
  nameservers: { glob: string; re: RegExp; sources: string[] }[];
  headers: { signature: HeaderSignature; text: string; re: RegExp | null; sources: string[] }[];
  cookies: { glob: string; re: RegExp; sources: string[] }[];
}

/** A database ready for {@link classify}: per-kind indexes over every provider. */
export interface CompiledFingerprints {
  version: string;
  providers: CompiledProvider[];
  byId: Map<string, CompiledProvider>;
  /** Every provider's address ranges, one sorted-interval index. */
  ipIndex: IpIndex;
  /** CNAME suffix -> the providers it names. */
  cnameSuffixes: Map<string, Owned[]>;
  /** Autonomous system number -> its providers. */
  asns: Map<number, Owned[]>;
  /** Lower-case header name -> the signatures on it. */
  headers: Map<string, { provider: CompiledProvider; index: number }[]>;
}

/** Turns a glob (`*` = any run of characters) into an anchored, case-insensitive expression. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Lower-case, no trailing dot: how every host name is compared. */
export function normalizeHost(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The provenance key of one signal value (see {@link ProviderFingerprint.provenance}). */
export const provenanceKey = (kind: SignalKind, value: string | number): string => `${kind}:${value}`;

function sourcesOf(fp: ProviderFingerprint, kind: SignalKind, value: string | number): string[] {
  return fp.provenance?.[provenanceKey(kind, value)] ?? [];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compileHeaders(fp: ProviderFingerprint): CompiledProvider['headers'] {
  return fp.headers.map((signature) => {
    let re: RegExp | null = null;
    if (signature.pattern !== undefined) {
      try {
        re = new RegExp(signature.pattern, 'i');
      } catch {
        throw new Error(`provider ${fp.id}: invalid header pattern "${signature.pattern}" for ${signature.name}`);
      }
    }
    const name = signature.name.toLowerCase();
    const text = `${name}${signature.pattern !== undefined ? ` ~ /${signature.pattern}/` : ''}`;
    return { signature: { ...signature, name }, text, re, sources: sourcesOf(fp, 'header', text) };
  });
}

/**
 * Compiles the database. Throws (naming the provider and the bad value) on a malformed CIDR or header pattern:
 * the config loader validates shape, this catches what only compiling reveals.
 */
export function compileFingerprints(db: FingerprintDatabase): CompiledFingerprints {
  const cidrs: { cidr: ParsedCidr; provider: string; sources: string[] }[] = [];
  const cnameSuffixes = new Map<string, Owned[]>();
  const asns = new Map<number, Owned[]>();
  const headers: CompiledFingerprints['headers'] = new Map();
  const providers = db.providers.map((fp): CompiledProvider => {
    for (const text of fp.ipRanges) {
      const cidr = parseCidr(text);
      if (cidr === null) throw new Error(`provider ${fp.id}: invalid IP range "${text}"`);
      cidrs.push({ cidr, provider: fp.id, sources: sourcesOf(fp, 'ip', text) });
    }
    for (const suffix of new Set(fp.cnameSuffixes.map(normalizeHost)))
      push(cnameSuffixes, suffix, { provider: fp.id, sources: sourcesOf(fp, 'cname', suffix) });
    for (const asn of new Set(fp.asns ?? [])) push(asns, asn, { provider: fp.id, sources: sourcesOf(fp, 'asn', asn) });
    const compiled: CompiledProvider = {
      fingerprint: fp,
      edgeRole: fp.roles.includes('proxy_cdn') ? 'proxy_cdn' : 'hosting',
      nameservers: fp.nameservers.map((glob) => ({
        glob,
        re: globToRegExp(normalizeHost(glob)),
        sources: sourcesOf(fp, 'nameserver', glob),
      })),
      headers: compileHeaders(fp),
      cookies: fp.cookies.map((glob) => ({ glob, re: globToRegExp(glob), sources: sourcesOf(fp, 'cookie', glob) })),
    };
    compiled.headers.forEach((h, index) => push(headers, h.signature.name, { provider: compiled, index }));
    return compiled;
  });
  return {
    version: db.version,
    providers,
    byId: new Map(providers.map((p) => [p.fingerprint.id, p])),
    ipIndex: buildIpIndex(cidrs),
    cnameSuffixes,
    asns,
    headers,
  };
}
