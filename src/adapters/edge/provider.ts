/**
 * The operator's edge as terminus sees it: a DNS side (zones and RRsets) and a proxy side (routes for hostnames),
 * each behind one small interface so a deployment can combine them (DNS on PowerDNS, proxy on Caddy, or both on
 * the sandbox). Every method is idempotent or reports what it found, so a retried activity changes nothing twice.
 * Names are canonical (lower-case, no trailing dot); record contents are presentation format, as PowerDNS
 * writes them (`10 mail.forum.example.`, `"v=spf1 -all"`), so a snapshot taken on one adapter reads the same on
 * another.
 */

/** One RRset: every record of one type at one owner name. */
export interface RRset {
  name: string;
  type: string;
  ttl: number;
  records: string[];
}

/** A whole zone as exported for a snapshot and imported by a restore. */
export interface ZoneData {
  name: string;
  /** The owning account as the provider records it (PowerDNS `account`); null when none is recorded. */
  account: string | null;
  kind: string;
  rrsets: RRset[];
}

/** A zone in a listing: enough for the footprint rules. */
export interface ZoneSummary {
  name: string;
  account: string | null;
}

/** What a write did, so callers (and tests) can tell a first apply from a harmless repeat. */
export type PutOutcome = 'created' | 'updated' | 'unchanged';

/** The DNS side of the edge. */
export interface DnsProvider {
  /** Stable adapter name recorded in snapshots and results (`sandbox`, `powerdns`). */
  readonly id: string;
  listZones(): Promise<ZoneSummary[]>;
  /** The zone with its RRsets, or null when the provider has no such zone. */
  getZone(name: string): Promise<ZoneData | null>;
  /** Deletes the zone; false when it was already gone (a retry). */
  deleteZone(name: string): Promise<boolean>;
  /** Makes the zone exactly `zone` (creating it, or replacing its RRsets); SOA serials are the provider's. */
  putZone(zone: ZoneData): Promise<PutOutcome>;
}

/** One proxy route: the hostnames it serves, its owner, and its provider-native configuration for restore. */
export interface ProxyRoute {
  id: string;
  hosts: string[];
  account: string | null;
  /** Opaque to terminus: exactly what the provider needs to recreate the route. */
  config: unknown;
}

/** The proxy side of the edge. */
export interface ProxyProvider {
  readonly id: string;
  listRoutes(): Promise<ProxyRoute[]>;
  /** Stops serving `host` on route `routeId` (the route goes when it serves nothing else); false when already gone. */
  removeHost(routeId: string, host: string): Promise<boolean>;
  /** Makes the route exactly `route` (recreating it when absent). */
  putRoute(route: ProxyRoute): Promise<PutOutcome>;
  /**
   * Stops serving many hosts in one change where the provider can (Caddy reloads its whole configuration on every
   * change: about 0.9 s at 10,000 routes, so one change per host cannot revoke an account). Answers, per pair in
   * order, what `removeHost` would have. Absent: callers fall back to `removeHost` one by one.
   */
  removeHosts?(pairs: readonly { routeId: string; host: string }[]): Promise<boolean[]>;
}

/** The edge a deployment runs: one DNS side, one proxy side (possibly from different adapters). */
export interface EdgeProviders {
  dns: DnsProvider;
  proxy: ProxyProvider;
}

/** RRsets in a fixed order, so two exports of the same zone compare (and hash) equal. */
export function sortRrsets(rrsets: RRset[]): RRset[] {
  return [...rrsets]
    .map((r) => ({ ...r, records: [...r.records].sort() }))
    .sort((a, b) => (a.name === b.name ? a.type.localeCompare(b.type) : a.name.localeCompare(b.name)));
}

/** A SOA content without its serial: restores compare zones ignoring the serial the provider bumps. */
function withoutSerial(rrset: RRset): RRset {
  if (rrset.type !== 'SOA') return rrset;
  return {
    ...rrset,
    records: rrset.records.map((c) =>
      c
        .split(/\s+/)
        .filter((_, i) => i !== 2)
        .join(' '),
    ),
  };
}

/** The RRset changes that turn `live` into `wanted` (SOA serial differences ignored). */
export function diffRrsets(
  live: RRset[],
  wanted: RRset[],
): { replace: RRset[]; remove: { name: string; type: string }[] } {
  const key = (r: { name: string; type: string }) => `${r.name} ${r.type}`;
  const liveByKey = new Map(sortRrsets(live).map((r) => [key(r), JSON.stringify(withoutSerial(r))]));
  const wantedSorted = sortRrsets(wanted);
  const wantedKeys = new Set(wantedSorted.map(key));
  return {
    replace: wantedSorted.filter((r) => liveByKey.get(key(r)) !== JSON.stringify(withoutSerial(r))),
    remove: [...liveByKey.keys()]
      .filter((k) => !wantedKeys.has(k))
      .map((k) => {
        const [name = '', type = ''] = k.split(' ');
        return { name, type };
      }),
  };
}
