import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { compileFingerprints, OURS_PROVIDER_ID } from '../domain/fingerprints/compile';
import { parseCidr } from '../domain/fingerprints/ip';
import type { FingerprintDatabase, HeaderSignature, ProviderFingerprint } from '../domain/fingerprints/types';
import { formatZodError } from './zod-errors';

/**
 * Loads the provider fingerprint database and validates it before any verdict depends on it: a malformed
 * entry must stop the worker (or `terminus probe`) with a message naming the provider and field, never
 * surface months later as a wrong "moved to X" alert. Our own edge is appended from configuration.
 */

/** The shipped data folder (`providers.json` + `ip-ranges/`). */
export const DEFAULT_FINGERPRINTS_DIR = path.join(__dirname, '..', '..', 'data', 'fingerprints');

/** The database cannot be used; `message` names the file and every problem found. */
export class FingerprintDataError extends Error {
  override readonly name = 'InvalidConfiguration';
}

/** How our own edge is recognised (so "still on our edge" is a verdict like any other). */
export interface EdgeFingerprintConfig {
  nameservers: string[];
  ipRanges: string[];
  cnameSuffixes: string[];
  headers: HeaderSignature[];
}

const cidr = z.string().refine((s) => parseCidr(s) !== null, 'not a valid IPv4/IPv6 CIDR');
const regex = z.string().refine((s) => {
  try {
    new RegExp(s, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
const hostGlob = z.string().regex(/^[a-z0-9*][a-z0-9*.-]*$/i, 'a host name glob (letters, digits, ".", "-", "*")');

const HeaderSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/i, 'a header name'),
  pattern: regex.optional(),
  generic: z.boolean().optional(),
});

const ProviderSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"'),
  name: z.string().min(1),
  roles: z.array(z.enum(['dns', 'proxy_cdn', 'hosting'])).min(1),
  nameservers: z.array(hostGlob),
  cnameSuffixes: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/i, 'a domain suffix')),
  ipRanges: z.array(cidr),
  ipRangeSnapshots: z.array(z.string().regex(/^[a-z0-9-]+$/, 'a snapshot file name without .json')),
  headers: z.array(HeaderSchema),
  cookies: z.array(z.string().regex(/^[A-Za-z0-9_*.-]+$/, 'a cookie name glob')),
  source: z.array(z.strictObject({ url: z.url(), note: z.string().optional() })).min(1, 'every entry cites its source'),
});

const DatabaseSchema = z.object({
  $comment: z.string().optional(),
  version: z.string().min(1),
  providers: z.array(ProviderSchema).min(1),
});

const SnapshotSchema = z.strictObject({
  provider: z.string(),
  snapshotDate: z.iso.date(),
  method: z.enum(['published-list', 'registry-allocation']),
  note: z.string().optional(),
  sources: z.array(
    z.strictObject({
      url: z.url(),
      format: z.enum(['lines', 'fastly', 'cloudfront', 'google', 'imperva', 'ripestat', 'csv-first-column', 'manual']),
      method: z.enum(['GET', 'POST']).optional(),
    }),
  ),
  ranges: z.array(cidr),
});

/** A dated snapshot of a provider's published address list. */
export type IpRangeSnapshot = z.infer<typeof SnapshotSchema>;

function fail(file: string, message: string): never {
  throw new FingerprintDataError(`${file}: ${message}`);
}

function readJson(file: string): unknown {
  if (!existsSync(file)) fail(file, 'file not found');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(file, `not valid JSON (${(error as Error).message})`);
  }
}

/** Reads and validates one snapshot file. */
export function loadIpRangeSnapshot(file: string): IpRangeSnapshot {
  const parsed = SnapshotSchema.safeParse(readJson(file));
  if (!parsed.success) fail(file, formatZodError(parsed.error));
  return parsed.data;
}

/**
 * Reads `providers.json`, merges each provider's snapshots, appends our edge (`ours`) and compiles the result
 * once to prove every pattern works. Throws {@link FingerprintDataError} naming every problem.
 */
export function loadFingerprintDatabase(
  options: { dir?: string; edge?: EdgeFingerprintConfig } = {},
): FingerprintDatabase {
  const dir = options.dir ?? DEFAULT_FINGERPRINTS_DIR;
  const file = path.join(dir, 'providers.json');
  const parsed = DatabaseSchema.safeParse(readJson(file));
  if (!parsed.success) fail(file, formatZodError(parsed.error));
  const seen = new Set<string>();
  const providers: ProviderFingerprint[] = parsed.data.providers.map((p, index) => {
    if (p.id === OURS_PROVIDER_ID)
      fail(file, `providers.${index}.id: "${OURS_PROVIDER_ID}" is reserved for our edge (configured)`);
    if (seen.has(p.id)) fail(file, `providers.${index}.id: duplicate id "${p.id}"`);
    seen.add(p.id);
    const fromSnapshots = p.ipRangeSnapshots.flatMap(
      (name) => loadIpRangeSnapshot(path.join(dir, 'ip-ranges', `${name}.json`)).ranges,
    );
    const { ipRangeSnapshots: _snapshots, ...rest } = p;
    return { ...rest, ipRanges: [...new Set([...p.ipRanges, ...fromSnapshots])] };
  });
  if (options.edge) providers.push(edgeProvider(options.edge));
  const db: FingerprintDatabase = { version: parsed.data.version, providers };
  try {
    compileFingerprints(db);
  } catch (error) {
    fail(file, (error as Error).message);
  }
  return db;
}

/** Our edge as a provider; with nothing configured it matches nothing (and says so in its source note). */
export function edgeProvider(edge: EdgeFingerprintConfig): ProviderFingerprint {
  return {
    id: OURS_PROVIDER_ID,
    name: 'Our edge',
    roles: ['dns', 'proxy_cdn'],
    nameservers: edge.nameservers,
    cnameSuffixes: edge.cnameSuffixes,
    ipRanges: edge.ipRanges,
    headers: edge.headers,
    cookies: [],
    source: [{ url: 'https://terminus.invalid/configuration', note: 'TERMINUS_EDGE_* environment variables' }],
  };
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/**
 * Our edge from the environment: `TERMINUS_EDGE_NAMESERVERS` (host globs), `TERMINUS_EDGE_IP_RANGES` (CIDRs),
 * `TERMINUS_EDGE_CNAME_SUFFIXES`, `TERMINUS_EDGE_HEADERS` (`name` or `name=regex`), all comma-separated.
 */
export function edgeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EdgeFingerprintConfig {
  const headers = list(env.TERMINUS_EDGE_HEADERS).map((item): HeaderSignature => {
    const eq = item.indexOf('=');
    return eq < 0
      ? { name: item.toLowerCase() }
      : { name: item.slice(0, eq).toLowerCase(), pattern: item.slice(eq + 1) };
  });
  const config = {
    nameservers: list(env.TERMINUS_EDGE_NAMESERVERS),
    ipRanges: list(env.TERMINUS_EDGE_IP_RANGES),
    cnameSuffixes: list(env.TERMINUS_EDGE_CNAME_SUFFIXES),
    headers,
  };
  const bad = config.ipRanges.find((r) => parseCidr(r) === null);
  if (bad !== undefined) throw new FingerprintDataError(`TERMINUS_EDGE_IP_RANGES: "${bad}" is not a valid CIDR`);
  return config;
}
