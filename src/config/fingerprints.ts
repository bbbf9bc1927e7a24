import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { compileFingerprints, OURS_PROVIDER_ID, provenanceKey } from '../domain/fingerprints/compile';
import { parseCidr } from '../domain/fingerprints/ip';
import type { FingerprintDatabase, HeaderSignature, ProviderFingerprint } from '../domain/fingerprints/types';
import { formatZodError } from './zod-errors';

/**
 * Loads the provider fingerprint database and validates it before any verdict depends on it: a malformed
 * entry must stop the worker (or `terminus probe`) with a message naming the provider and field, never
 * surface months later as a wrong "moved to X" alert. Our own edge is appended from configuration.
 */

/** The shipped data folder (`providers.json`, built by `npm run refresh:providers` from data/provider-sources/). */
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

const sources = z.array(z.string().min(1)).min(1, 'every signal names its source');

const HeaderSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/i, 'a header name'),
  pattern: regex.optional(),
  generic: z.boolean().optional(),
  example: z.string().optional(),
  sources,
});

const ProviderSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"'),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)),
  roles: z.array(z.enum(['dns', 'proxy_cdn', 'hosting'])).min(1),
  partOf: z.string().optional(),
  operator: z.string().optional(),
  asns: z.array(z.strictObject({ asn: z.number().int().positive(), sources })),
  nameservers: z.array(z.strictObject({ glob: hostGlob, example: z.string().optional(), sources })),
  cnameSuffixes: z.array(
    z.strictObject({ suffix: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/i, 'a domain suffix'), sources }),
  ),
  ipRanges: z.array(z.strictObject({ source: z.string().min(1), ranges: z.array(cidr) })),
  headers: z.array(HeaderSchema),
  cookies: z.array(z.strictObject({ glob: z.string().regex(/^[A-Za-z0-9_*.-]+$/, 'a cookie name glob'), sources })),
  evidence: z
    .array(z.strictObject({ url: z.url(), note: z.string().optional() }))
    .min(1, 'every entry cites its source'),
});

const SourceSchema = z.strictObject({
  title: z.string().min(1),
  url: z.url(),
  date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'a date (YYYY-MM or YYYY-MM-DD)'),
  licence: z.string().min(1),
  kind: z.enum(['dataset', 'published-list', 'asn-announcements', 'hand-written', 'configuration']),
});

const DatabaseSchema = z.object({
  $comment: z.string().optional(),
  version: z.string().min(1),
  sources: z.record(z.string(), SourceSchema),
  providers: z.array(ProviderSchema).min(1),
});

/** The database file as written by the importer (`npm run refresh:providers`). */
export type FingerprintDatabaseFile = z.infer<typeof DatabaseSchema>;

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

/** The table entry a source id refers to: the id itself, else its family (`cdncheck:cloud/aws` -> `cdncheck`). */
export function sourceEntry<T>(table: Record<string, T>, id: string): T | undefined {
  return table[id] ?? table[id.slice(0, Math.max(0, id.indexOf(':')))];
}

type ProviderEntry = FingerprintDatabaseFile['providers'][number];

/** The database file as the classifier's types (no validation: for files this process built itself). */
export function databaseFromFile(file: FingerprintDatabaseFile): FingerprintDatabase {
  return { version: file.version, providers: file.providers.map(toFingerprint), sources: file.sources };
}

/** One file entry as the classifier's type: flat signal lists, and where each value came from. */
function toFingerprint(p: ProviderEntry): ProviderFingerprint {
  const provenance: Record<string, string[]> = {};
  const note = (key: string, from: string[]): void => {
    provenance[key] = [...new Set([...(provenance[key] ?? []), ...from])];
  };
  for (const a of p.asns) note(provenanceKey('asn', a.asn), a.sources);
  for (const n of p.nameservers) note(provenanceKey('nameserver', n.glob), n.sources);
  for (const c of p.cnameSuffixes) note(provenanceKey('cname', c.suffix.toLowerCase()), c.sources);
  for (const set of p.ipRanges) for (const r of set.ranges) note(provenanceKey('ip', r), [set.source]);
  const headers = p.headers.map(({ sources: from, example: _example, ...h }): HeaderSignature => {
    note(provenanceKey('header', `${h.name.toLowerCase()}${h.pattern !== undefined ? ` ~ /${h.pattern}/` : ''}`), from);
    return h;
  });
  for (const c of p.cookies) note(provenanceKey('cookie', c.glob), c.sources);
  return {
    id: p.id,
    name: p.name,
    aliases: p.aliases,
    roles: p.roles,
    ...(p.partOf ? { partOf: p.partOf } : {}),
    asns: p.asns.map((a) => a.asn),
    nameservers: p.nameservers.map((n) => n.glob),
    cnameSuffixes: p.cnameSuffixes.map((c) => c.suffix),
    ipRanges: [...new Set(p.ipRanges.flatMap((set) => set.ranges))],
    headers,
    cookies: p.cookies.map((c) => c.glob),
    source: p.evidence,
    provenance,
  };
}

/**
 * Reads `providers.json` (written by the importer), checks that every source a signal names is in the sources
 * table and every `partOf` names a provider, appends our edge (`ours`) and compiles the result once to prove
 * every pattern works. Throws {@link FingerprintDataError} naming every problem.
 */
export function loadFingerprintDatabase(
  options: { dir?: string; edge?: EdgeFingerprintConfig } = {},
): FingerprintDatabase {
  const dir = options.dir ?? DEFAULT_FINGERPRINTS_DIR;
  const file = path.join(dir, 'providers.json');
  const parsed = DatabaseSchema.safeParse(readJson(file));
  if (!parsed.success) fail(file, formatZodError(parsed.error));
  const { sources: table } = parsed.data;
  const ids = new Set<string>();
  parsed.data.providers.forEach((p, index) => {
    if (p.id === OURS_PROVIDER_ID)
      fail(file, `providers.${index}.id: "${OURS_PROVIDER_ID}" is reserved for our edge (configured)`);
    if (ids.has(p.id)) fail(file, `providers.${index}.id: duplicate id "${p.id}"`);
    ids.add(p.id);
    const cited = [
      ...p.asns.flatMap((a) => a.sources),
      ...p.nameservers.flatMap((n) => n.sources),
      ...p.cnameSuffixes.flatMap((c) => c.sources),
      ...p.ipRanges.map((r) => r.source),
      ...p.headers.flatMap((h) => h.sources),
      ...p.cookies.flatMap((c) => c.sources),
    ];
    const missing = cited.find((id) => sourceEntry(table, id) === undefined);
    if (missing !== undefined)
      fail(file, `providers.${index} (${p.id}): source "${missing}" is not in the sources table`);
  });
  parsed.data.providers.forEach((p, index) => {
    if (p.partOf !== undefined && !ids.has(p.partOf))
      fail(file, `providers.${index}.partOf: no provider "${p.partOf}"`);
  });
  const providers = parsed.data.providers.map(toFingerprint);
  if (options.edge) providers.push(edgeProvider(options.edge));
  const db: FingerprintDatabase = { version: parsed.data.version, providers, sources: table };
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
    source: [
      {
        url: 'https://terminus.invalid/configuration',
        note: 'TERMINUS_EDGE_* environment variables',
        id: 'configuration',
      },
    ],
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
