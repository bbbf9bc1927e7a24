import { parseCidr } from '../../src/domain/fingerprints/ip';
import type { FingerprintDatabaseFile } from '../../src/config/fingerprints';
import { formatIp } from './aggregate';
import type { BuildInputs } from './build';

/**
 * A sample of real signals to measure the classifier against, drawn from the source files (not from the built
 * database): random addresses inside each provider's prefixes as the source publishes them (before aggregation),
 * random host names under each CNAME suffix, the documented example of each nameserver, header and cookie, each
 * ASN. Negative samples come from providers the database does not load (cdncheck lists kept out as controls),
 * documentation ranges, unrelated names and generic headers alone: all must come back unknown.
 */

/** One observation and what it should be classified as (`null`: unknown). */
export interface SampleItem {
  /** The JSON line `terminus classify` reads. */
  line: Record<string, unknown>;
  expected: string | null;
  kind: 'ip' | 'cname' | 'nameserver' | 'header' | 'cookie' | 'asn';
  /** The source the signal was drawn from. */
  from: string;
}

/** Deterministic PRNG (mulberry32), so the sample is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random address inside the CIDR (avoiding the network and broadcast addresses of IPv4 blocks > 2). */
export function addressIn(cidr: string, random: () => number): string {
  const c = parseCidr(cidr);
  if (!c) throw new Error(`not a CIDR: ${cidr}`);
  const bits = c.version === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - c.prefix);
  let offset = 0n;
  for (let i = 0; i < 4; i++) offset = (offset << 32n) | BigInt(Math.floor(random() * 2 ** 32));
  offset %= size;
  if (c.version === 4 && size > 2n) offset = 1n + (offset % (size - 2n));
  return formatIp(c.network + offset, c.version);
}

function pick<T>(items: T[], n: number, random: () => number): T[] {
  if (items.length <= n) return items;
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

const label = (random: () => number): string => `s${Math.floor(random() * 1e9).toString(36)}`;

/** The raw (unaggregated) prefixes each provider's sources publish, by source id. */
function rawRanges(inputs: BuildInputs, providerId: string): [string, string[]][] {
  const p = inputs.catalog.providers.find((x) => x.id === providerId);
  if (!p) return [];
  const out: [string, string[]][] = [];
  for (const use of p.cdncheck ?? []) {
    const [table, ...rest] = use.list.split('/');
    if (table === 'common') continue;
    out.push([`cdncheck:${use.list}`, inputs.cdncheck[table as 'cdn' | 'waf' | 'cloud'][rest.join('/')] ?? []]);
  }
  const asns = [...(p.ipverse ?? []), ...(p.handWritten ?? []).flatMap((h) => h.asns ?? [])];
  for (const asn of new Set(asns)) {
    const file = inputs.asnFiles.get(asn);
    if (file) out.push([`ipverse:AS${asn}`, file.prefixes]);
  }
  const published = inputs.published.get(p.id);
  if (published) out.push([`published:${p.id}`, published]);
  for (const h of p.handWritten ?? []) if (h.ipRanges?.length) out.push([`hand-written:${h.evidence}`, h.ipRanges]);
  return out;
}

/** Draws the sample: up to `perSource` addresses from each IP source of each provider, every other signal once. */
export function drawSample(
  inputs: BuildInputs,
  db: FingerprintDatabaseFile,
  options: { seed?: number; perSource?: number } = {},
): SampleItem[] {
  const random = prng(options.seed ?? 17);
  const perSource = options.perSource ?? 40;
  const items: SampleItem[] = [];
  for (const p of db.providers) {
    for (const [from, ranges] of rawRanges(inputs, p.id))
      for (const cidr of pick(ranges, perSource, random))
        items.push({ line: { ip: addressIn(cidr, random) }, expected: p.id, kind: 'ip', from });
    for (const c of p.cnameSuffixes)
      items.push({
        line: { cname: `${label(random)}.${c.suffix}` },
        expected: p.id,
        kind: 'cname',
        from: c.sources.join(' '),
      });
    for (const n of p.nameservers) {
      items.push({ line: { ns: [n.example ?? ''] }, expected: p.id, kind: 'nameserver', from: n.sources.join(' ') });
      items.push({
        line: { ns: [n.glob.replace(/\*/g, label(random))] },
        expected: p.id,
        kind: 'nameserver',
        from: n.sources.join(' '),
      });
    }
    for (const h of p.headers)
      items.push({
        line: { headers: { [h.name]: h.example ?? 'x' } },
        expected: h.generic ? null : p.id,
        kind: 'header',
        from: h.sources.join(' '),
      });
    for (const c of p.cookies)
      items.push({
        line: { cookies: [c.glob.replace(/\*/g, '123')] },
        expected: p.id,
        kind: 'cookie',
        from: c.sources.join(' '),
      });
    for (const a of p.asns)
      items.push({ line: { asn: a.asn }, expected: p.id, kind: 'asn', from: a.sources.join(' ') });
  }
  return [...items, ...negatives(inputs, random, perSource)];
}

/** Signals of providers the database does not know, and signals that identify nobody. */
function negatives(inputs: BuildInputs, random: () => number, perSource: number): SampleItem[] {
  const items: SampleItem[] = [];
  const controls = inputs.catalog.notLoaded.filter((n) => !/overlap|inside/i.test(n.why)).map((n) => n.list);
  for (const list of controls) {
    const [table, ...rest] = list.split('/');
    if (table === 'common') continue;
    const ranges = inputs.cdncheck[table as 'cdn' | 'waf' | 'cloud'][rest.join('/')] ?? [];
    for (const cidr of pick(ranges, perSource, random))
      items.push({
        line: { ip: addressIn(cidr, random) },
        expected: null,
        kind: 'ip',
        from: `cdncheck:${list} (not loaded)`,
      });
  }
  for (const cidr of ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'])
    for (let i = 0; i < 10; i++)
      items.push({
        line: { ip: addressIn(cidr, random) },
        expected: null,
        kind: 'ip',
        from: `documentation range ${cidr}`,
      });
  for (const name of ['www.example.com', 'cdn.example.net', 'static.example.org', 'origin.invalid'])
    items.push({ line: { cname: name }, expected: null, kind: 'cname', from: 'reserved names (RFC 2606)' });
  for (const headers of [{ server: 'nginx' }, { server: 'Apache/2.4.62 (Debian)' }, { 'x-powered-by': 'PHP/8.3' }])
    items.push({ line: { headers }, expected: null, kind: 'header', from: 'common web server headers' });
  return items;
}

/** How one answer compares to the expectation. `overlap`: another provider's source lists the address more
 * precisely (the more specific listing wins by rule); `ambiguous`: the expected provider among the candidates. */
export type Outcome = 'right' | 'ambiguous' | 'overlap' | 'unknown' | 'wrong';

/** Scores one verdict line of `terminus classify`. */
export function scoreItem(
  item: SampleItem,
  verdict: {
    verdict?: string;
    provider?: string | null;
    candidates?: { id: string }[];
    evidence?: { provider: string; generic: boolean; note?: string }[];
  },
  partOf: (id: string) => string | undefined,
): Outcome {
  const named = verdict.verdict === 'unknown' ? null : (verdict.provider ?? null);
  if (item.expected === null) return named === null ? 'right' : 'wrong';
  if (named === null) return 'unknown';
  if (verdict.verdict === 'ambiguous')
    return verdict.candidates?.some((c) => c.id === item.expected) ? 'ambiguous' : 'wrong';
  if (named === item.expected || partOf(named) === item.expected) return 'right';
  const overruled = verdict.evidence?.some(
    (e) => e.provider === item.expected && e.generic && e.note?.startsWith('less specific'),
  );
  return item.kind === 'ip' && overruled ? 'overlap' : 'wrong';
}
