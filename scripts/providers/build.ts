import { createHash } from 'node:crypto';
import { globToRegExp } from '../../src/domain/fingerprints/compile';
import { parseCidr } from '../../src/domain/fingerprints/ip';
import type { FingerprintDatabaseFile } from '../../src/config/fingerprints';
import { aggregateCidrs } from './aggregate';
import type { Catalog, CatalogProvider, HandWrittenClaim } from './catalog';
import type { AsnPrefixes, CdncheckTables, Manifest } from './sources';

/**
 * Builds the fingerprint database from the catalog and the local source files, deterministically: the same inputs
 * give the same bytes (no clock is read; the version is the newest source date and a hash of the content).
 * Every range set, suffix, nameserver, header, cookie and ASN names the source it came from.
 */

/** Everything the build reads. */
export interface BuildInputs {
  catalog: Catalog;
  manifest: Manifest;
  cdncheck: CdncheckTables;
  asnFiles: Map<number, AsnPrefixes>;
  /** Published lists saved by the last online refresh, by provider id. */
  published: Map<string, string[]>;
}

type ProviderEntry = FingerprintDatabaseFile['providers'][number];
type Sources = FingerprintDatabaseFile['sources'];

const handSource = (claim: HandWrittenClaim): string => `hand-written:${claim.evidence}`;

function listOf(tables: CdncheckTables, list: string): string[] {
  const [table, ...rest] = list.split('/');
  const found = tables[table as keyof CdncheckTables]?.[rest.join('/')];
  if (!found) throw new Error(`catalog names cdncheck list "${list}", which the cdncheck file does not have`);
  return found;
}

class Signals<K> {
  private readonly items = new Map<K, string[]>();
  add(key: K, source: string): void {
    const known = this.items.get(key) ?? [];
    if (!known.includes(source)) known.push(source);
    this.items.set(key, known);
  }
  entries(): [K, string[]][] {
    return [...this.items.entries()];
  }
}

function checkClaims(p: CatalogProvider, claim: HandWrittenClaim): void {
  for (const ns of claim.nameservers ?? [])
    if (!globToRegExp(ns.glob).test(ns.example))
      throw new Error(`${p.id}: example "${ns.example}" does not match ${ns.glob}`);
  for (const h of claim.headers ?? [])
    if (h.pattern !== undefined && !new RegExp(h.pattern, 'i').test(h.example))
      throw new Error(`${p.id}: header example "${h.example}" does not match /${h.pattern}/`);
  for (const r of claim.ipRanges ?? []) if (parseCidr(r) === null) throw new Error(`${p.id}: "${r}" is not a CIDR`);
}

function buildProvider(p: CatalogProvider, inputs: BuildInputs, sources: Sources): ProviderEntry {
  const { manifest, cdncheck, asnFiles } = inputs;
  const hand = p.handWritten ?? [];
  hand.forEach((claim) => checkClaims(p, claim));
  const ipRanges: ProviderEntry['ipRanges'] = [];
  const suffixes = new Signals<string>();
  for (const use of p.cdncheck ?? []) {
    const values = listOf(cdncheck, use.list);
    const source = `cdncheck:${use.list}`;
    sources.cdncheck = {
      title: manifest.cdncheck.title,
      url: manifest.cdncheck.url,
      date: manifest.cdncheck.date,
      licence: manifest.cdncheck.licence,
      kind: 'dataset',
    };
    if (use.list.startsWith('common/')) {
      for (const v of values.map((s) => s.toLowerCase()))
        if ((!use.only || use.only.includes(v)) && !use.drop?.[v]) suffixes.add(v, source);
    } else ipRanges.push({ source, ranges: aggregateCidrs(values) });
  }
  const asns = new Signals<number>();
  for (const asn of p.ipverse ?? []) {
    if (!asnFiles.has(asn))
      throw new Error(`${p.id}: catalog names ipverse AS${asn}, but ipverse/AS${asn}.txt is missing`);
    asns.add(asn, `ipverse:AS${asn}`);
  }
  for (const claim of hand) for (const asn of claim.asns ?? []) asns.add(asn, handSource(claim));
  for (const [asn] of asns.entries()) {
    const file = asnFiles.get(asn);
    if (!file) continue;
    const source = `ipverse:AS${asn}`;
    asns.add(asn, source);
    const commit = file.commit ? `blob/${file.commit}` : 'tree/master';
    sources[source] = {
      title: `ipverse/asn-ip: prefixes announced by ${file.title}`,
      url: `https://github.com/ipverse/asn-ip/${commit}/as/${asn}/ipv4-aggregated.txt`,
      date: file.retrieved ?? manifest.ipverse.date,
      licence: manifest.ipverse.licence,
      kind: 'asn-announcements',
    };
    ipRanges.push({ source, ranges: aggregateCidrs(file.prefixes) });
  }
  const published = inputs.published.get(p.id);
  const pub = manifest.published[p.id];
  if (published && pub) {
    const source = `published:${p.id}`;
    sources[source] = {
      title: `${p.name}'s published address list`,
      url: pub.urls[0] ?? manifest.handWritten.url,
      date: pub.date,
      licence: "published by the provider for anyone to use (its site's terms)",
      kind: 'published-list',
    };
    ipRanges.push({ source, ranges: aggregateCidrs(published) });
  }
  const nameservers = new Map<string, { example: string; sources: string[] }>();
  const headers = new Map<string, ProviderEntry['headers'][number]>();
  const cookies = new Signals<string>();
  for (const claim of hand) {
    const source = handSource(claim);
    if (claim.nameservers || claim.headers || claim.cookies || claim.cnameSuffixes || claim.ipRanges || claim.asns)
      sources['hand-written'] = {
        title: manifest.handWritten.title,
        url: manifest.handWritten.url,
        date: manifest.handWritten.date,
        licence: manifest.handWritten.licence,
        kind: 'hand-written',
      };
    for (const ns of claim.nameservers ?? []) {
      const known = nameservers.get(ns.glob);
      nameservers.set(ns.glob, { example: known?.example ?? ns.example, sources: [...(known?.sources ?? []), source] });
    }
    for (const s of claim.cnameSuffixes ?? []) suffixes.add(s.toLowerCase(), source);
    for (const h of claim.headers ?? []) {
      const key = `${h.name}|${h.pattern ?? ''}`;
      const known = headers.get(key);
      headers.set(key, { ...h, ...(known ? {} : {}), sources: [...(known?.sources ?? []), source] });
    }
    for (const c of claim.cookies ?? []) cookies.add(c, source);
    if (claim.ipRanges?.length) ipRanges.push({ source, ranges: aggregateCidrs(claim.ipRanges) });
  }
  const evidence = [
    ...hand.map((c) => ({ url: c.evidence, note: c.note })),
    ...(p.cdncheck ?? []).map((u) => ({
      url: manifest.cdncheck.url,
      note: `cdncheck list ${u.list}${u.only ? ` (only ${u.only.join(', ')})` : ''}${
        u.drop
          ? `; dropped: ${Object.entries(u.drop)
              .map(([v, why]) => `${v} (${why})`)
              .join('; ')}`
          : ''
      }`,
    })),
  ];
  for (const [asn] of asns.entries()) {
    const src = sources[`ipverse:AS${asn}`];
    if (src) evidence.push({ url: src.url, note: `prefixes announced by AS${asn}` });
  }
  if (published && pub) evidence.push(...pub.urls.map((url) => ({ url, note: "the provider's published list" })));
  return {
    id: p.id,
    name: p.name,
    aliases: p.aliases ?? [],
    roles: p.roles,
    ...(p.partOf ? { partOf: p.partOf } : {}),
    ...(p.operator ? { operator: p.operator } : {}),
    asns: asns.entries().map(([asn, from]) => ({ asn, sources: from })),
    nameservers: [...nameservers.entries()].map(([glob, v]) => ({ glob, example: v.example, sources: v.sources })),
    cnameSuffixes: suffixes.entries().map(([suffix, from]) => ({ suffix, sources: from })),
    ipRanges: ipRanges.filter((set) => set.ranges.length > 0),
    headers: [...headers.values()],
    cookies: cookies.entries().map(([glob, from]) => ({ glob, sources: from })),
    evidence,
  };
}

function checkUnique(providers: ProviderEntry[]): void {
  const owners = new Map<string, string>();
  const claim = (key: string, id: string, what: string): void => {
    const other = owners.get(key);
    if (other && other !== id)
      throw new Error(`${what} is claimed by both ${other} and ${id}: drop it from one (catalog.json) with the reason`);
    owners.set(key, id);
  };
  for (const p of providers) {
    for (const c of p.cnameSuffixes) claim(`cname:${c.suffix}`, p.id, `CNAME suffix ${c.suffix}`);
    for (const a of p.asns) claim(`asn:${a.asn}`, p.id, `AS${a.asn}`);
  }
}

function checkCoverage(inputs: BuildInputs): void {
  const mapped = new Set(inputs.catalog.providers.flatMap((p) => (p.cdncheck ?? []).map((u) => u.list)));
  const skipped = new Set(inputs.catalog.notLoaded.map((n) => n.list));
  const all = (['cdn', 'waf', 'cloud', 'common'] as const).flatMap((t) =>
    Object.keys(inputs.cdncheck[t]).map((k) => `${t}/${k}`),
  );
  const unmapped = all.filter((l) => !mapped.has(l) && !skipped.has(l));
  if (unmapped.length > 0)
    throw new Error(
      `cdncheck lists neither mapped to a provider nor listed under notLoaded in catalog.json: ${unmapped.join(', ')}`,
    );
}

/** The database file's content. Throws naming the first inconsistency (unmapped list, doubly claimed suffix). */
export function buildDatabase(inputs: BuildInputs): FingerprintDatabaseFile {
  checkCoverage(inputs);
  const sources: Sources = {};
  const providers = inputs.catalog.providers.map((p) => buildProvider(p, inputs, sources));
  checkUnique(providers);
  const ids = new Set(providers.map((p) => p.id));
  for (const p of providers)
    if (p.partOf && !ids.has(p.partOf)) throw new Error(`${p.id}: partOf "${p.partOf}" is not a provider`);
  const sortedSources = Object.fromEntries(Object.entries(sources).sort(([a], [b]) => a.localeCompare(b)));
  const content = JSON.stringify({ sources: sortedSources, providers });
  const newest =
    Object.values(sortedSources)
      .map((s) => s.date)
      .sort()
      .at(-1) ?? '0000-00-00';
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 8);
  return {
    $comment:
      "Generated by `npm run refresh:providers` from data/provider-sources/ (catalog.json and the source files); do not edit by hand. Every signal names its sources; the sources table gives each one's origin, date and licence.",
    version: `${newest}.${hash}`,
    sources: sortedSources,
    providers,
  };
}
