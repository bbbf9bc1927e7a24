import { canonicalProviderName } from '../../domain/footprint/domain-name';
import { diffRrsets, sortRrsets, type DnsProvider, type PutOutcome, type RRset, type ZoneData } from './provider';
import { callProvider, type ProviderRequest } from './provider-http';

/**
 * PowerDNS Authoritative through its HTTP API (`/api/v1/servers/{server}/zones`, `X-API-Key`). Zone ownership is
 * PowerDNS's own `account` field. Deleting an absent zone answers 404, which is "already done"; creating a
 * zone that appeared meanwhile answers 409, after which the zone is brought to the wanted RRsets with a PATCH.
 * The backend must accept API writes (gsqlite3, gpgsql, gmysql; not the bind backend).
 */

/** Where the API is and how to authenticate. */
export interface PowerDnsOptions {
  /** Base URL of the webserver, e.g. `http://127.0.0.1:8081`. */
  apiUrl: string;
  apiKey: string;
  /** Always `localhost` on a PowerDNS Authoritative server. */
  serverId?: string;
  /** Per request; a timeout is transient (retried by the activity). */
  timeoutMs?: number;
}

interface PdnsRrset {
  name: string;
  type: string;
  ttl: number;
  records: { content: string; disabled: boolean }[];
}

interface PdnsZone {
  name: string;
  kind: string;
  account?: string;
  rrsets?: PdnsRrset[];
}

const fqdn = (name: string): string => `${name}.`;

function fromPdns(zone: PdnsZone): ZoneData {
  const rrsets: RRset[] = (zone.rrsets ?? [])
    .map((r) => ({
      name: canonicalProviderName(r.name),
      type: r.type,
      ttl: r.ttl,
      // Disabled records are not served, so they are not part of what a revocation takes away.
      records: r.records.filter((x) => !x.disabled).map((x) => x.content),
    }))
    .filter((r) => r.records.length > 0);
  return {
    name: canonicalProviderName(zone.name),
    account: zone.account ? zone.account : null,
    kind: zone.kind,
    rrsets: sortRrsets(rrsets),
  };
}

function toPdns(rrset: RRset): PdnsRrset {
  return {
    name: fqdn(rrset.name),
    type: rrset.type,
    ttl: rrset.ttl,
    records: rrset.records.map((content) => ({ content, disabled: false })),
  };
}

/** A PowerDNS-backed DNS side. */
export function createPowerDnsProvider(options: PowerDnsOptions): DnsProvider {
  const base = `${options.apiUrl.replace(/\/+$/, '')}/api/v1/servers/${encodeURIComponent(options.serverId ?? 'localhost')}`;
  const call = (req: Omit<ProviderRequest, 'provider' | 'timeoutMs' | 'headers'>) =>
    callProvider({
      ...req,
      provider: 'PowerDNS',
      timeoutMs: options.timeoutMs ?? 10_000,
      headers: { 'X-API-Key': options.apiKey },
    });
  const zoneUrl = (name: string) => `${base}/zones/${encodeURIComponent(fqdn(name))}`;

  async function getZone(name: string): Promise<ZoneData | null> {
    const res = await call({ what: `get zone ${name}`, method: 'GET', url: zoneUrl(name), accept: [404] });
    return res.status === 404 ? null : fromPdns(res.json as PdnsZone);
  }

  async function update(live: ZoneData, wanted: ZoneData): Promise<PutOutcome> {
    let changed = false;
    if (live.account !== wanted.account || live.kind !== wanted.kind) {
      await call({
        what: `set owner of zone ${wanted.name}`,
        method: 'PUT',
        url: zoneUrl(wanted.name),
        body: { account: wanted.account ?? '', kind: wanted.kind },
      });
      changed = true;
    }
    const diff = diffRrsets(live.rrsets, wanted.rrsets);
    if (diff.replace.length > 0 || diff.remove.length > 0) {
      const rrsets = [
        ...diff.remove.map((r) => ({ name: fqdn(r.name), type: r.type, changetype: 'DELETE' })),
        ...diff.replace.map((r) => ({ ...toPdns(r), changetype: 'REPLACE' })),
      ];
      await call({
        what: `replace records of zone ${wanted.name}`,
        method: 'PATCH',
        url: zoneUrl(wanted.name),
        body: { rrsets },
      });
      changed = true;
    }
    return changed ? 'updated' : 'unchanged';
  }

  return {
    id: 'powerdns',
    async listZones() {
      const res = await call({ what: 'list zones', method: 'GET', url: `${base}/zones` });
      return ((res.json as PdnsZone[] | null) ?? []).map((z) => ({
        name: canonicalProviderName(z.name),
        account: z.account ? z.account : null,
      }));
    },
    getZone,
    async deleteZone(name) {
      const res = await call({ what: `delete zone ${name}`, method: 'DELETE', url: zoneUrl(name), accept: [404] });
      return res.status !== 404;
    },
    async putZone(zone) {
      const live = await getZone(zone.name);
      if (live) return update(live, zone);
      const res = await call({
        what: `create zone ${zone.name}`,
        method: 'POST',
        url: `${base}/zones`,
        body: {
          name: fqdn(zone.name),
          kind: zone.kind,
          account: zone.account ?? '',
          nameservers: [],
          rrsets: zone.rrsets.map(toPdns),
        },
        accept: [409],
      });
      if (res.status !== 409) return 'created';
      const raced = await getZone(zone.name);
      if (!raced)
        throw new Error(`PowerDNS zone ${zone.name} was created and deleted by someone else meanwhile; retrying`);
      return update(raced, zone);
    },
  };
}
