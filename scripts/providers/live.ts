import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCidr } from '../../src/domain/fingerprints/ip';
import { type LiveFormat, readCatalog } from './catalog';
import { writeJsonAtomic } from './import';
import { dataLines, readManifest } from './sources';

/**
 * The online half of the refresh: fetches the maintained sources into data/provider-sources/ (cdncheck's
 * tables, ipverse's announced prefixes for every ASN in the catalog, each provider's own published list). A
 * short reachability check first: offline, nothing is touched. A source that fails while online keeps its
 * committed copy (and its older date), and the report says so.
 */

/** What the online refresh did. */
export interface LiveReport {
  /** Set (with the reason) when the network is unreachable: nothing was changed. */
  offline?: string;
  updated: string[];
  kept: { source: string; why: string }[];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Extracts CIDRs (or bare addresses, as /32 or /128) from one published list's body. */
export function parsePublished(format: LiveFormat, body: string): string[] {
  const json = (): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;
  const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
  switch (format) {
    case 'lines':
      return dataLines(body);
    case 'csv-first-column':
      return dataLines(body).map((l) => l.split(',')[0]?.trim() ?? '');
    case 'fastly':
      return [...strings(json().addresses), ...strings(json().ipv6_addresses)];
    case 'cloudfront':
      return [...strings(json().CLOUDFRONT_GLOBAL_IP_LIST), ...strings(json().CLOUDFRONT_REGIONAL_EDGE_IP_LIST)];
    case 'google':
      return records(json().prefixes).map((p) => text(p.ipv4Prefix ?? p.ipv6Prefix));
    case 'aws': {
      const j = json();
      return [
        ...records(j.prefixes).map((p) => text(p.ip_prefix)),
        ...records(j.ipv6_prefixes).map((p) => text(p.ipv6_prefix)),
      ];
    }
    case 'oracle':
      return records(json().regions).flatMap((r) => records(r.cidrs).map((c) => text(c.cidr)));
    case 'imperva':
      return [...strings(json().ipRanges), ...strings(json().ipv6Ranges)];
    case 'gcore':
      return [...strings(json().addresses), ...strings(json().addresses_v6)];
    case 'json-ip-array':
      return strings(JSON.parse(body)).map((ip) =>
        ip.includes('/') ? ip : ip.includes(':') ? `${ip}/128` : `${ip}/32`,
      );
  }
}

async function get(url: string, doFetch: typeof fetch, timeoutMs: number, method = 'GET'): Promise<string> {
  const response = await doFetch(url, { method, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

const reason = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).message;
};

/** Fetches every live source; writes what arrived intact. */
export async function refreshLiveSources(options: {
  sourcesDir: string;
  fetch?: typeof fetch;
  now?: () => Date;
  probeTimeoutMs?: number;
  timeoutMs?: number;
  log?: (message: string) => void;
}): Promise<LiveReport> {
  const doFetch = options.fetch ?? fetch;
  const dir = options.sourcesDir;
  const today = (options.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const manifest = readManifest(dir);
  const catalog = readCatalog(dir);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const cdncheckUrl = manifest.cdncheck.live ?? manifest.cdncheck.url;
  try {
    await doFetch(new URL(cdncheckUrl).origin, {
      method: 'HEAD',
      signal: AbortSignal.timeout(options.probeTimeoutMs ?? 4_000),
    });
  } catch (error) {
    return { offline: `${new URL(cdncheckUrl).host} is unreachable (${reason(error)})`, updated: [], kept: [] };
  }
  const report: LiveReport = { updated: [], kept: [] };
  const writes: (() => void)[] = [];
  const attempt = async (source: string, job: () => Promise<() => void>): Promise<void> => {
    try {
      writes.push(await job());
      report.updated.push(source);
    } catch (error) {
      report.kept.push({ source, why: reason(error) });
    }
  };
  const checked = (cidrs: string[], what: string): string[] => {
    const bad = cidrs.find((c) => parseCidr(c) === null);
    if (bad !== undefined) throw new Error(`${what}: "${bad}" is not a CIDR`);
    if (cidrs.length === 0) throw new Error(`${what}: the list is empty`);
    return cidrs;
  };
  await attempt('cdncheck', async () => {
    const body = await get(cdncheckUrl, doFetch, timeoutMs);
    const json = JSON.parse(body) as Record<string, unknown>;
    if (!json.cdn || !json.cloud || !json.common) throw new Error('not a cdncheck sources_data.json');
    return () => {
      writeFileSync(path.join(dir, manifest.cdncheck.file ?? 'cdncheck-sources_data.json'), body);
      manifest.cdncheck = {
        ...manifest.cdncheck,
        date: today,
        url: 'https://github.com/projectdiscovery/cdncheck/blob/main/sources_data.json',
      };
    };
  });
  const asns = [
    ...new Set(
      catalog.providers.flatMap((p) => [...(p.ipverse ?? []), ...(p.handWritten ?? []).flatMap((h) => h.asns ?? [])]),
    ),
  ].sort((a, b) => a - b);
  const template =
    manifest.ipverse.live ?? 'https://raw.githubusercontent.com/ipverse/asn-ip/master/as/{asn}/ipv4-aggregated.txt';
  for (const asn of asns) {
    const owner = catalog.providers.find((p) =>
      [...(p.ipverse ?? []), ...(p.handWritten ?? []).flatMap((h) => h.asns ?? [])].includes(asn),
    );
    await attempt(`ipverse:AS${asn}`, async () => {
      const url = template.replace('{asn}', String(asn));
      const prefixes = checked(dataLines(await get(url, doFetch, timeoutMs)), url);
      const text = [
        `# AS${asn} (${owner?.name ?? 'unknown'})`,
        `# ${owner?.name ?? ''}`,
        `# source: ${url}`,
        `# retrieved: ${today}`,
        ...prefixes,
        '',
      ].join('\n');
      return () => {
        mkdirSync(path.join(dir, 'ipverse'), { recursive: true });
        writeFileSync(path.join(dir, 'ipverse', `AS${asn}.txt`), text);
      };
    });
  }
  for (const p of catalog.providers.filter((x) => x.live?.length)) {
    await attempt(`published:${p.id}`, async () => {
      const lists = await Promise.all(
        (p.live ?? []).map(async (l) =>
          checked(parsePublished(l.format, await get(l.url, doFetch, timeoutMs, l.method)), l.url),
        ),
      );
      const urls = (p.live ?? []).map((l) => l.url);
      const text = [
        ...urls.map((u) => `# source: ${u}`),
        `# retrieved: ${today}`,
        ...[...new Set(lists.flat())].sort(),
        '',
      ].join('\n');
      return () => {
        mkdirSync(path.join(dir, 'published'), { recursive: true });
        writeFileSync(path.join(dir, 'published', `${p.id}.txt`), text);
        manifest.published[p.id] = { date: today, urls };
      };
    });
  }
  for (const write of writes) write();
  writeJsonAtomic(path.join(dir, 'sources.json'), manifest);
  for (const k of report.kept) options.log?.(`kept the committed copy of ${k.source}: ${k.why}`);
  options.log?.(`fetched ${report.updated.length} sources, kept ${report.kept.length}`);
  return report;
}
