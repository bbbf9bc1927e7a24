import { parseCidr } from '../../src/domain/fingerprints/ip';

/**
 * Collapses a list of CIDRs into the fewest CIDRs covering exactly the same addresses (contained prefixes
 * dropped, adjacent ones merged). A source's 108,000 Azure service-tag prefixes become some 4,500 without
 * changing which addresses the source lists. Output is sorted (IPv4 first), so a rebuild is byte-identical.
 */
export function aggregateCidrs(cidrs: string[]): string[] {
  const out: string[] = [];
  for (const version of [4, 6] as const) {
    const bits = version === 4 ? 32n : 128n;
    const ranges = cidrs
      .map((text) => parseCidr(text))
      .filter((c) => c !== null && c.version === version)
      .map((c) => {
        const size = 1n << (bits - BigInt(c!.prefix));
        return [c!.network, c!.network + size - 1n] as [bigint, bigint];
      })
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const merged: [bigint, bigint][] = [];
    for (const [start, end] of ranges) {
      const last = merged.at(-1);
      if (last && start <= last[1] + 1n) last[1] = end > last[1] ? end : last[1];
      else merged.push([start, end]);
    }
    for (const [start, end] of merged) out.push(...rangeToCidrs(start, end, version));
  }
  return out;
}

function rangeToCidrs(start: bigint, end: bigint, version: 4 | 6): string[] {
  const bits = version === 4 ? 32 : 128;
  const out: string[] = [];
  let at = start;
  while (at <= end) {
    let prefix = bits;
    while (prefix > 0) {
      const size = 1n << BigInt(bits - prefix + 1);
      if (at % size !== 0n || at + size - 1n > end) break;
      prefix--;
    }
    out.push(`${formatIp(at, version)}/${prefix}`);
    at += 1n << BigInt(bits - prefix);
  }
  return out;
}

/** Canonical text of an address (dotted quad; IPv6 with the longest zero run as `::`). */
export function formatIp(value: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - i * 16)) & 0xffffn));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}
