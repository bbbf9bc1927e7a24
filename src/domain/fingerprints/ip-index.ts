import { type ParsedCidr, type ParsedIp } from './ip';

/**
 * Every provider's address ranges in one sorted-interval index, so looking an address up costs one binary search
 * whatever the size of the database (tens of thousands of prefixes). CIDRs are either nested or disjoint, so the
 * ranges covering any address form a chain; the index cuts the address space into segments and keeps, for each
 * segment, the chain of claims covering it (least specific first).
 */

/** One provider's claim on a CIDR, with the sources that list it. */
export interface IpClaim {
  provider: string;
  cidr: string;
  prefix: number;
  sources: string[];
}

interface Interval {
  version: 4 | 6;
  start: bigint;
  end: bigint;
  claim: IpClaim;
}

interface FamilyIndex<T> {
  starts: T[];
  chains: IpClaim[][];
}

/** The built index. */
export interface IpIndex {
  v4: FamilyIndex<number>;
  v6: FamilyIndex<bigint>;
  size: number;
}

const EMPTY: IpClaim[] = [];

function buildFamily(intervals: Interval[]): FamilyIndex<bigint> {
  intervals.sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : a.claim.prefix - b.claim.prefix || cmp(a, b),
  );
  const starts: bigint[] = [];
  const chains: IpClaim[][] = [];
  const emit = (at: bigint, stack: Interval[]): void => {
    const chain = stack.length === 0 ? EMPTY : stack.map((i) => i.claim);
    if (starts.length > 0 && starts[starts.length - 1] === at) chains[chains.length - 1] = chain;
    else {
      starts.push(at);
      chains.push(chain);
    }
  };
  const stack: Interval[] = [];
  const closeUntil = (limit: bigint | null): void => {
    for (let top = stack.at(-1); top && (limit === null || top.end < limit); top = stack.at(-1)) {
      stack.pop();
      emit(top.end + 1n, stack);
    }
  };
  for (const interval of intervals) {
    closeUntil(interval.start);
    stack.push(interval);
    emit(interval.start, stack);
  }
  closeUntil(null);
  return { starts, chains };
}

function cmp(a: Interval, b: Interval): number {
  return a.claim.provider.localeCompare(b.claim.provider);
}

/** Builds the index from parsed CIDRs and who claims them. Claims of one provider on one CIDR are merged. */
export function buildIpIndex(entries: { cidr: ParsedCidr; provider: string; sources: string[] }[]): IpIndex {
  const merged = new Map<string, Interval>();
  for (const { cidr, provider, sources } of entries) {
    const bits = cidr.version === 4 ? 32n : 128n;
    const key = `${provider}|${cidr.version}|${cidr.network}|${cidr.prefix}`;
    const known = merged.get(key);
    if (known) {
      for (const s of sources) if (!known.claim.sources.includes(s)) known.claim.sources.push(s);
      continue;
    }
    const size = 1n << (bits - BigInt(cidr.prefix));
    merged.set(key, {
      version: cidr.version,
      start: cidr.network,
      end: cidr.network + size - 1n,
      claim: { provider, cidr: cidr.text, prefix: cidr.prefix, sources: [...sources] },
    });
  }
  const all = [...merged.values()];
  const v4 = buildFamily(all.filter((i) => i.version === 4));
  const v6 = buildFamily(all.filter((i) => i.version === 6));
  return { v4: { starts: v4.starts.map(Number), chains: v4.chains }, v6, size: all.length };
}

function search<T>(family: FamilyIndex<T>, value: T): IpClaim[] {
  const { starts, chains } = family;
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as T) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? EMPTY : (chains[found] ?? EMPTY);
}

/** Every claim covering the address, least specific first (empty when nobody claims it). */
export function lookupIp(index: IpIndex, ip: ParsedIp): IpClaim[] {
  return ip.version === 4 ? search(index.v4, Number(ip.value)) : search(index.v6, ip.value);
}
