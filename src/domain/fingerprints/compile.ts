import { parseCidr, type ParsedCidr } from './ip';
import type { FingerprintDatabase, HeaderSignature, ProviderFingerprint, ProviderRole } from './types';

/** The id our own edge has in the database (it is configured, not shipped). */
export const OURS_PROVIDER_ID = 'ours';

/** A provider with its patterns turned into matchers once, so classifying an observation is cheap. */
export interface CompiledProvider {
  fingerprint: ProviderFingerprint;
  /** The role non-DNS signals (CNAME, addresses, headers, cookies) speak for. */
  edgeRole: ProviderRole;
  nameservers: { glob: string; re: RegExp }[];
  cnameSuffixes: string[];
  cidrs: ParsedCidr[];
  headers: { signature: HeaderSignature; text: string; re: RegExp | null }[];
  cookies: { glob: string; re: RegExp }[];
}

/** A database ready for {@link classify}. */
export interface CompiledFingerprints {
  version: string;
  providers: CompiledProvider[];
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

/**
 * Compiles the database. Throws (naming the provider and the bad value) on a malformed CIDR or header pattern:
 * the config loader validates shape, this catches what only compiling reveals.
 */
export function compileFingerprints(db: FingerprintDatabase): CompiledFingerprints {
  const providers = db.providers.map((fp): CompiledProvider => {
    const cidrs = fp.ipRanges.map((text) => {
      const cidr = parseCidr(text);
      if (cidr === null) throw new Error(`provider ${fp.id}: invalid IP range "${text}"`);
      return cidr;
    });
    const headers = fp.headers.map((signature) => {
      let re: RegExp | null = null;
      if (signature.pattern !== undefined) {
        try {
          re = new RegExp(signature.pattern, 'i');
        } catch {
          throw new Error(`provider ${fp.id}: invalid header pattern "${signature.pattern}" for ${signature.name}`);
        }
      }
      const text = `${signature.name.toLowerCase()}${signature.pattern !== undefined ? ` ~ /${signature.pattern}/` : ''}`;
      return { signature: { ...signature, name: signature.name.toLowerCase() }, text, re };
    });
    return {
      fingerprint: fp,
      edgeRole: fp.roles.includes('proxy_cdn') ? 'proxy_cdn' : 'hosting',
      nameservers: fp.nameservers.map((glob) => ({ glob, re: globToRegExp(normalizeHost(glob)) })),
      cnameSuffixes: fp.cnameSuffixes.map(normalizeHost),
      cidrs,
      headers,
      cookies: fp.cookies.map((glob) => ({ glob, re: globToRegExp(glob) })),
    };
  });
  return { version: db.version, providers };
}
