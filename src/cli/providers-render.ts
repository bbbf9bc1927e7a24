import type { FingerprintDatabase, SourceInfo } from '../domain/fingerprints';

/** One provider as `terminus providers` shows it. */
export interface ProviderSummary {
  id: string;
  name: string;
  aliases: string[];
  roles: string[];
  counts: { nameserver: number; cname: number; ip: number; asn: number; header: number; cookie: number };
  sources: { id: string; date: string; licence: string; kind: string }[];
}

/** Summaries of every provider, sources de-duplicated by family (`cdncheck`, `ipverse:AS24940`, `hand-written`). */
export function summarizeProviders(
  db: FingerprintDatabase,
  source: (id: string) => SourceInfo | undefined,
): ProviderSummary[] {
  return db.providers.map((p) => {
    const ids = new Set(Object.values(p.provenance ?? {}).flat());
    const families = new Map<string, ProviderSummary['sources'][number]>();
    for (const id of [...ids].sort()) {
      const info = source(id);
      const family = id.startsWith('hand-written:') || id.startsWith('cdncheck:') ? id.slice(0, id.indexOf(':')) : id;
      if (!families.has(family))
        families.set(family, {
          id: family,
          date: info?.date ?? '?',
          licence: info?.licence ?? '?',
          kind: info?.kind ?? '?',
        });
    }
    return {
      id: p.id,
      name: p.name,
      aliases: p.aliases ?? [],
      roles: p.roles,
      counts: {
        nameserver: p.nameservers.length,
        cname: p.cnameSuffixes.length,
        ip: p.ipRanges.length,
        asn: p.asns?.length ?? 0,
        header: p.headers.length,
        cookie: p.cookies.length,
      },
      sources: [...families.values()],
    };
  });
}

const pad = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

/** The table a person reads. */
export function renderProviders(version: string, rows: ProviderSummary[]): string {
  const head = `${pad('ID', 20)} ${pad('NAME', 34)} ${pad('NS', 3)} ${pad('CNAME', 5)} ${pad('IP', 6)} ${pad('ASN', 3)} ${pad('HDR', 3)} ${pad('COOKIE', 6)} SOURCES`;
  const lines = rows.map((r) => {
    const c = r.counts;
    const sources = r.sources.map((s) => `${s.id} (${s.date})`).join(', ');
    const aliases = r.aliases.length ? ` [${r.aliases.join(', ')}]` : '';
    return `${pad(r.id, 20)} ${pad(`${r.name}${aliases}`, 34)} ${pad(String(c.nameserver), 3)} ${pad(String(c.cname), 5)} ${pad(String(c.ip), 6)} ${pad(String(c.asn), 3)} ${pad(String(c.header), 3)} ${pad(String(c.cookie), 6)} ${sources}`;
  });
  return `${[head, ...lines].join('\n')}\n${rows.length} providers; fingerprint database ${version}\n`;
}
