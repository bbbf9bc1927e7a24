import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../../db/database';
import { FailureType } from '../../domain/failures';
import {
  deleteSandboxRoute,
  deleteSandboxRoutes,
  listSandboxRoutes,
  putSandboxRoute,
} from '../sandbox/route-repository';
import { toAnswer } from '../sandbox/rdata';
import { deleteSandboxZone, getSandboxZone, listSandboxZones, putSandboxZone } from '../sandbox/zone-repository';
import type { DnsProvider, ProxyProvider, ProxyRoute, ZoneData } from './provider';

/**
 * The sandbox edge as a provider: our customers' side (`edge` realm) of the tables the sandbox DNS server and
 * proxy read. Behaves like the real adapters where it matters: deleting what is gone reports `false`, a record the
 * server could not serve is refused permanently (as PowerDNS answers 422).
 */

/** Route configuration the sandbox keeps per host (what a snapshot stores for restore). */
export interface SandboxRouteConfig {
  originUrl: string | null;
  title: string | null;
}

function rejectInvalidZone(zone: ZoneData): void {
  for (const rrset of zone.rrsets) {
    for (const content of rrset.records) {
      try {
        toAnswer(rrset.name, rrset.type, rrset.ttl, content);
      } catch (err) {
        throw ApplicationFailure.nonRetryable(
          `sandbox refused zone ${zone.name}: ${rrset.name}/${rrset.type}: ${(err as Error).message}`,
          FailureType.ProviderRejected,
          { provider: 'sandbox', zone: zone.name },
        );
      }
    }
  }
}

/** DNS side of the sandbox edge. */
export function createSandboxDnsProvider(db: Database): DnsProvider {
  return {
    id: 'sandbox',
    listZones: async () => (await listSandboxZones(db, 'edge')).map((z) => ({ name: z.name, account: z.account })),
    getZone: (name) => getSandboxZone(db, 'edge', name),
    deleteZone: (name) => deleteSandboxZone(db, 'edge', name),
    async putZone(zone) {
      rejectInvalidZone(zone);
      return putSandboxZone(db, 'edge', zone);
    },
  };
}

/** Proxy side of the sandbox edge: one route per host, the route id is the host. */
export function createSandboxProxyProvider(db: Database): ProxyProvider {
  return {
    id: 'sandbox',
    async listRoutes(): Promise<ProxyRoute[]> {
      return (await listSandboxRoutes(db, 'edge')).map((r) => ({
        id: r.host,
        hosts: [r.host],
        account: r.account,
        config: { originUrl: r.originUrl, title: r.title } satisfies SandboxRouteConfig,
      }));
    },
    async removeHost(routeId, host) {
      if (routeId !== host) return false;
      return deleteSandboxRoute(db, 'edge', host);
    },
    async removeHosts(pairs) {
      const hosts = pairs.filter((p) => p.routeId === p.host).map((p) => p.host);
      const gone = new Set(await deleteSandboxRoutes(db, 'edge', hosts));
      return pairs.map((p) => p.routeId === p.host && gone.has(p.host));
    },
    async putRoute(route) {
      const host = route.hosts[0];
      if (route.hosts.length !== 1 || host !== route.id) {
        throw ApplicationFailure.nonRetryable(
          `sandbox routes serve exactly one host named by the route id; got id ${route.id} for ${route.hosts.join(', ')}`,
          FailureType.ProviderRejected,
        );
      }
      const config = (route.config ?? {}) as Partial<SandboxRouteConfig>;
      return putSandboxRoute(db, {
        realm: 'edge',
        host,
        account: route.account,
        provider: null,
        originUrl: config.originUrl ?? null,
        title: config.title ?? null,
      });
    },
  };
}
