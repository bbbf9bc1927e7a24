import type {
  DnsProvider,
  EdgeProviders,
  ProxyProvider,
  ProxyRoute,
  ZoneData,
} from '../../../src/adapters/edge/provider';
import type { EdgeVerifier } from '../../../src/adapters/edge/verifier';

/** An in-memory edge: zones and routes in maps, every write counted, so tests can prove "nothing twice". */
export interface FakeEdge {
  providers: EdgeProviders;
  verifier: EdgeVerifier;
  zones: Map<string, ZoneData>;
  routes: Map<string, ProxyRoute>;
  calls: string[];
}

function zone(name: string, account: string | null): ZoneData {
  return {
    name,
    account,
    kind: 'Native',
    rrsets: [
      { name, type: 'SOA', ttl: 3600, records: [`ns1.edge.test. hostmaster.${name}. 1 10800 3600 604800 300`] },
      { name, type: 'NS', ttl: 3600, records: ['ns1.edge.test.'] },
      { name, type: 'A', ttl: 300, records: ['192.0.2.1'] },
    ],
  };
}

/** Builds the fake with the given zones (`name` -> owner) and routes (`id` -> hosts and owner). */
export function createFakeEdge(
  zones: Record<string, string | null>,
  routes: Record<string, { hosts: string[]; account: string | null }>,
): FakeEdge {
  const z = new Map(Object.entries(zones).map(([name, account]) => [name, zone(name, account)]));
  const r = new Map<string, ProxyRoute>(Object.entries(routes).map(([id, v]) => [id, { id, ...v, config: { id } }]));
  const calls: string[] = [];
  const dns: DnsProvider = {
    id: 'fake-dns',
    listZones: () => Promise.resolve([...z.values()].map((x) => ({ name: x.name, account: x.account }))),
    getZone: (name) => Promise.resolve(z.get(name) ?? null),
    deleteZone(name) {
      calls.push(`deleteZone ${name}`);
      return Promise.resolve(z.delete(name));
    },
    putZone(data) {
      calls.push(`putZone ${data.name}`);
      const before = z.get(data.name);
      z.set(data.name, structuredClone(data));
      return Promise.resolve(
        !before ? 'created' : JSON.stringify(before) === JSON.stringify(data) ? 'unchanged' : 'updated',
      );
    },
  };
  const proxy: ProxyProvider = {
    id: 'fake-proxy',
    listRoutes: () => Promise.resolve([...r.values()].map((x) => structuredClone(x))),
    removeHost(routeId, host) {
      calls.push(`removeHost ${routeId} ${host}`);
      const route = r.get(routeId);
      if (!route || !route.hosts.includes(host)) return Promise.resolve(false);
      route.hosts = route.hosts.filter((h) => h !== host);
      if (route.hosts.length === 0) r.delete(routeId);
      return Promise.resolve(true);
    },
    putRoute(route) {
      calls.push(`putRoute ${route.id}`);
      const before = r.get(route.id);
      r.set(route.id, structuredClone(route));
      return Promise.resolve(
        !before ? 'created' : JSON.stringify(before) === JSON.stringify(route) ? 'unchanged' : 'updated',
      );
    },
  };
  const within = (name: string, apex: string) => name === apex || name.endsWith(`.${apex}`);
  const verifier: EdgeVerifier = {
    dnsServed: (name) => Promise.resolve([...z.keys()].some((apex) => within(name, apex))),
    proxyServed: (host) => Promise.resolve([...r.values()].some((x) => x.hosts.includes(host))),
  };
  return { providers: { dns, proxy }, verifier, zones: z, routes: r, calls };
}
