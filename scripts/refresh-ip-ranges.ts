/**
 * Refreshes the dated IP-range snapshots in `data/fingerprints/ip-ranges/` from each provider's published list
 * (or its announced prefixes), then bumps the fingerprint database version so verdicts record which data they
 * used. All or nothing: every source is fetched and checked before any file is written, so a run without
 * network access (or with one bad source) fails with a message naming each failure and changes nothing.
 *
 *   npx tsx scripts/refresh-ip-ranges.ts [--dir data/fingerprints] [--only cloudflare,fastly]
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_FINGERPRINTS_DIR, type IpRangeSnapshot, loadIpRangeSnapshot } from '../src/config/fingerprints';
import { parseCidr } from '../src/domain/fingerprints/ip';

type Source = IpRangeSnapshot['sources'][number];

/** What one refresh did. */
export interface RefreshReport {
  updated: { file: string; before: number; after: number }[];
  unchanged: string[];
  skipped: { file: string; why: string }[];
  version: string | null;
}

/** Thrown when any source failed; nothing was written. */
export class RefreshFailed extends Error {
  override readonly name = 'RefreshFailed';
}

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));

/** Extracts CIDRs from one source's body, by its declared format. */
export function parseSource(format: Source['format'], body: string): string[] {
  const json = (): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  switch (format) {
    case 'lines':
      return lines(body);
    case 'csv-first-column':
      return lines(body).map((l) => l.split(',')[0]?.trim() ?? '');
    case 'fastly': {
      const j = json();
      return [...strings(j.addresses), ...strings(j.ipv6_addresses)];
    }
    case 'cloudfront': {
      const j = json();
      return [...strings(j.CLOUDFRONT_GLOBAL_IP_LIST), ...strings(j.CLOUDFRONT_REGIONAL_EDGE_IP_LIST)];
    }
    case 'google': {
      const prefixes = (json().prefixes ?? []) as { ipv4Prefix?: string; ipv6Prefix?: string }[];
      return prefixes.map((p) => p.ipv4Prefix ?? p.ipv6Prefix ?? '');
    }
    case 'imperva': {
      const j = json();
      return [...strings(j.ipRanges), ...strings(j.ipv6Ranges)];
    }
    case 'ripestat': {
      const data = (json().data ?? {}) as { prefixes?: { prefix?: string }[] };
      return (data.prefixes ?? []).map((p) => p.prefix ?? '');
    }
    case 'manual':
      return [];
  }
}

async function fetchSource(source: Source, doFetch: typeof fetch, timeoutMs: number): Promise<string[]> {
  let response: Response;
  try {
    response = await doFetch(source.url, { method: source.method ?? 'GET', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `${source.url}: cannot reach it (${cause?.code ?? cause?.message ?? (error as Error).message}); are we offline?`,
      { cause: error },
    );
  }
  if (!response.ok) throw new Error(`${source.url}: HTTP ${response.status}`);
  const ranges = parseSource(source.format, await response.text());
  const bad = ranges.filter((r) => parseCidr(r) === null);
  if (bad.length > 0) throw new Error(`${source.url}: ${bad.length} entries are not CIDRs (first: "${bad[0]}")`);
  if (ranges.length === 0) throw new Error(`${source.url}: the list is empty`);
  return ranges;
}

function writeJsonAtomic(file: string, value: unknown): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, file);
}

/** Refreshes the snapshots (all or nothing) and returns what changed. */
export async function refreshIpRanges(
  options: { dir?: string; only?: string[]; fetch?: typeof fetch; now?: () => Date; timeoutMs?: number } = {},
): Promise<RefreshReport> {
  const dir = options.dir ?? DEFAULT_FINGERPRINTS_DIR;
  const rangesDir = path.join(dir, 'ip-ranges');
  const doFetch = options.fetch ?? fetch;
  const today = (options.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const files = readdirSync(rangesDir)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => !options.only || options.only.includes(f.replace(/\.json$/, '')))
    .sort();
  const report: RefreshReport = { updated: [], unchanged: [], skipped: [], version: null };
  const failures: string[] = [];
  const planned: { file: string; snapshot: IpRangeSnapshot; ranges: string[] }[] = [];
  for (const file of files) {
    const snapshot = loadIpRangeSnapshot(path.join(rangesDir, file));
    const sources = snapshot.sources.filter((s) => s.format !== 'manual');
    if (sources.length === 0) {
      report.skipped.push({ file, why: 'published only in documentation (format "manual"): update by hand' });
      continue;
    }
    const results = await Promise.allSettled(sources.map((s) => fetchSource(s, doFetch, options.timeoutMs ?? 20_000)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [`${file}: ${(r.reason as Error).message}`] : []));
    if (errors.length > 0) failures.push(...errors);
    else
      planned.push({
        file,
        snapshot,
        ranges: [...new Set(results.flatMap((r) => (r.status === 'fulfilled' ? r.value : [])))].sort(),
      });
  }
  if (failures.length > 0)
    throw new RefreshFailed(`IP ranges not refreshed; nothing was changed.\n  ${failures.join('\n  ')}`);
  for (const { file, snapshot, ranges } of planned) {
    if (JSON.stringify([...snapshot.ranges].sort()) === JSON.stringify(ranges)) {
      report.unchanged.push(file);
      continue;
    }
    writeJsonAtomic(path.join(rangesDir, file), { ...snapshot, snapshotDate: today, ranges });
    report.updated.push({ file, before: snapshot.ranges.length, after: ranges.length });
  }
  if (report.updated.length > 0) {
    const providersFile = path.join(dir, 'providers.json');
    const db = JSON.parse(readFileSync(providersFile, 'utf8')) as { version: string };
    const [date, n] = db.version.split('.');
    db.version = date === today ? `${today}.${Number(n ?? 0) + 1}` : `${today}.1`;
    writeJsonAtomic(providersFile, db);
    report.version = db.version;
  }
  return report;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = arg('--only')
    ?.split(',')
    .map((s) => s.trim());
  const report = await refreshIpRanges({ dir: arg('--dir'), only });
  for (const u of report.updated) console.log(`updated ${u.file}: ${u.before} -> ${u.after} ranges`);
  for (const f of report.unchanged) console.log(`unchanged ${f}`);
  for (const s of report.skipped) console.log(`skipped ${s.file}: ${s.why}`);
  console.log(report.version ? `fingerprint database version is now ${report.version}` : 'no change; version kept');
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
