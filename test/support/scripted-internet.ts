import type { RRset } from '../../src/adapters/edge/provider';
import { competitorProfile, competitorZone } from '../../src/adapters/sandbox/competitors';
import { startSandboxDns, type SandboxDns, type SourceZone } from '../../src/adapters/sandbox/dns-server';
import { startSandboxProxy, type SandboxProxy } from '../../src/adapters/sandbox/http-proxy';
import type { SandboxRoute } from '../../src/adapters/sandbox/route-repository';

/**
 * A scriptable "internet" for migration-probe tests, in memory: the sandbox's real DNS server and HTTP proxy
 * (from src/adapters/sandbox) over zones and routes a test changes at will, plus faults the real sandbox has
 * no reason to produce: SERVFAIL (the zone source throws) and silence (a query is never answered, so the
 * probe times out). Names under no zone get NXDOMAIN from a synthetic top-level zone, as from a registry.
 */
export interface ScriptedInternet {
  /** `host:port` of the DNS server, for `--resolver`. */
  resolver: string;
  /** Where HTTP probes connect (the proxy), whatever the names resolve to. */
  connectTo: { host: string; port: number };
  /** Puts `domain` on a competitor profile of the sandbox (zone + site). */
  moveTo(domain: string, profileId: string): void;
  /** Puts `domain` back on our edge (nameservers ns1/ns2.edge.terminus.test, edge route). */
  serveOnOurEdge(domain: string, address?: string): void;
  /** Any zone content, with an optional site answering as `provider`. */
  putZone(name: string, rrsets: RRset[], site?: { provider: string | null; realm?: 'edge' | 'internet' }): void;
  /** Takes `domain` off the internet: NXDOMAIN, no site. */
  remove(domain: string): void;
  /** Makes every query for names in `domain` fail (or clears the fault with null). */
  fault(domain: string, kind: 'servfail' | 'timeout' | null): void;
  /** How many DNS queries the server has seen (to wait on activity without sleeping). */
  queries(): number;
  stop(): Promise<void>;
}

/** Nameservers and edge range the scripted internet uses for our own edge. */
export const TEST_EDGE = {
  nameservers: ['ns*.edge.terminus.test'],
  ipRanges: ['185.236.200.0/24'],
  cnameSuffixes: ['edge.terminus.test'],
  headers: [{ name: 'x-terminus-edge' }],
};

const under = (name: string, zone: string): boolean => name === zone || name.endsWith(`.${zone}`);

/** Starts the DNS server and proxy on loopback, free ports. */
export async function startScriptedInternet(): Promise<ScriptedInternet> {
  const zones = new Map<string, RRset[]>();
  const routes = new Map<string, SandboxRoute>();
  const faults = new Map<string, 'servfail' | 'timeout'>();
  let queryCount = 0;

  const findZone = (qname: string): Promise<SourceZone | null> => {
    queryCount++;
    const faulty = [...faults.entries()].find(([d]) => under(qname, d));
    if (faulty?.[1] === 'servfail') return Promise.reject(new Error('scripted SERVFAIL'));
    if (faulty?.[1] === 'timeout') return new Promise<never>(() => undefined);
    const candidates = [...zones.keys()].filter((z) => under(qname, z)).sort((x, y) => y.length - x.length);
    const name = candidates[0];
    if (name !== undefined) return Promise.resolve({ name, rrsets: zones.get(name) ?? [] });
    const tld = qname.split('.').at(-1) ?? qname;
    const soa: RRset = {
      name: tld,
      type: 'SOA',
      ttl: 300,
      records: [`a.nic.${tld}. hostmaster.nic.${tld}. 1 7200 3600 1209600 300`],
    };
    return Promise.resolve({ name: tld, rrsets: [soa] });
  };

  const dns: SandboxDns = await startSandboxDns({ host: '127.0.0.1', port: 0, source: { findZone } });
  const proxy: SandboxProxy = await startSandboxProxy({
    host: '127.0.0.1',
    port: 0,
    routes: { findRoute: (host) => Promise.resolve(routes.get(host) ?? null) },
  });

  const setSite = (domain: string, provider: string | null, realm: 'edge' | 'internet'): void => {
    for (const host of [domain, `www.${domain}`])
      routes.set(host, { realm, host, account: null, provider, originUrl: null, title: null });
  };
  const clearSite = (domain: string): void => {
    routes.delete(domain);
    routes.delete(`www.${domain}`);
  };

  return {
    resolver: `127.0.0.1:${dns.port}`,
    connectTo: { host: '127.0.0.1', port: proxy.port },
    moveTo(domain, profileId) {
      zones.set(domain, competitorZone(domain, competitorProfile(profileId)));
      setSite(domain, profileId, 'internet');
    },
    serveOnOurEdge(domain, address = '185.236.200.10') {
      zones.set(domain, [
        {
          name: domain,
          type: 'SOA',
          ttl: 300,
          records: [`ns1.edge.terminus.test. hostmaster.${domain}. 1 7200 3600 1209600 300`],
        },
        { name: domain, type: 'NS', ttl: 300, records: ['ns1.edge.terminus.test.', 'ns2.edge.terminus.test.'] },
        { name: domain, type: 'A', ttl: 300, records: [address] },
      ]);
      setSite(domain, null, 'edge');
    },
    putZone(name, rrsets, site) {
      zones.set(name, rrsets);
      if (site) setSite(name, site.provider, site.realm ?? 'internet');
      else clearSite(name);
    },
    remove(domain) {
      zones.delete(domain);
      clearSite(domain);
    },
    fault(domain, kind) {
      if (kind === null) faults.delete(domain);
      else faults.set(domain, kind);
    },
    queries: () => queryCount,
    async stop() {
      await Promise.all([dns.stop(), proxy.stop()]);
    },
  };
}
