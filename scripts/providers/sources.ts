import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The source files the importer reads (data/provider-sources/): the cdncheck tables, one ipverse file per
 * autonomous system, and the providers' own published lists fetched by the last online refresh (published/).
 * Reading only: fetching lives in live.ts.
 */

/** data/provider-sources/ in the repository. */
export const DEFAULT_SOURCES_DIR = path.join(__dirname, '..', '..', 'data', 'provider-sources');

const SourceMeta = z.strictObject({
  title: z.string(),
  url: z.url(),
  date: z.string(),
  licence: z.string(),
  file: z.string().optional(),
  live: z.string().optional(),
});

/** sources.json: where each source family comes from, its date and licence (updated by an online refresh). */
export const ManifestSchema = z.strictObject({
  $comment: z.string().optional(),
  cdncheck: SourceMeta,
  ipverse: SourceMeta,
  handWritten: SourceMeta,
  published: z.record(z.string(), z.strictObject({ date: z.string(), urls: z.array(z.url()) })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** cdncheck's sources_data.json: `cdn`/`waf`/`cloud` provider -> CIDRs, `common` provider -> CNAME suffixes. */
export type CdncheckTables = Record<'cdn' | 'waf' | 'cloud' | 'common', Record<string, string[]>>;

/** One ipverse file: the ASN, its registered name, the upstream commit and its prefixes. */
export interface AsnPrefixes {
  asn: number;
  title: string;
  commit: string | null;
  retrieved: string | null;
  prefixes: string[];
}

/** Non-empty, non-comment lines. */
export const dataLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));

/** Reads sources.json. */
export function readManifest(dir: string): Manifest {
  return ManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'sources.json'), 'utf8')));
}

/** Reads the cdncheck tables. */
export function readCdncheck(dir: string, manifest: Manifest): CdncheckTables {
  const file = path.join(dir, manifest.cdncheck.file ?? 'cdncheck-sources_data.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Partial<CdncheckTables>;
  return { cdn: json.cdn ?? {}, waf: json.waf ?? {}, cloud: json.cloud ?? {}, common: json.common ?? {} };
}

/** Parses one ipverse file (`# AS24940 (HETZNER)`, `# Hetzner Online GmbH`, `# source: ... @commit`, prefixes). */
export function parseAsnFile(text: string): AsnPrefixes {
  const comments = text.split(/\r?\n/).filter((l) => l.startsWith('#'));
  const head = /^#\s*AS(\d+)\s*(.*)$/.exec(comments[0] ?? '');
  if (!head) throw new Error('not an ipverse file: the first line must be "# AS<number> (<name>)"');
  const org = comments[1]?.replace(/^#\s*/, '') ?? '';
  const commit = /@([0-9a-f]{7,40})/.exec(comments.find((l) => l.includes('source:')) ?? '')?.[1] ?? null;
  const retrieved = /retrieved:\s*(\d{4}-\d{2}-\d{2})/.exec(comments.join('\n'))?.[1] ?? null;
  return {
    asn: Number(head[1]),
    title: `AS${head[1]} ${head[2] ?? ''}${org ? ` ${org}` : ''}`.trim(),
    commit,
    retrieved,
    prefixes: dataLines(text),
  };
}

/** Every ipverse file in the folder, by ASN. */
export function readAsnFiles(dir: string): Map<number, AsnPrefixes> {
  const folder = path.join(dir, 'ipverse');
  const out = new Map<number, AsnPrefixes>();
  if (!existsSync(folder)) return out;
  for (const file of readdirSync(folder)
    .filter((f) => /^AS\d+\.txt$/.test(f))
    .sort()) {
    try {
      out.set(Number(file.slice(2, -4)), parseAsnFile(readFileSync(path.join(folder, file), 'utf8')));
    } catch (error) {
      throw new Error(`ipverse/${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  return out;
}

/** A provider's own published list as the last online refresh saved it (published/<id>.txt), or null. */
export function readPublished(dir: string, id: string): string[] | null {
  const file = path.join(dir, 'published', `${id}.txt`);
  return existsSync(file) ? dataLines(readFileSync(file, 'utf8')) : null;
}
