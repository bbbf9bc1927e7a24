import { canonicalProviderName } from '../../domain/footprint/domain-name';
import type { ProxyProvider, ProxyRoute, PutOutcome } from './provider';
import { callProvider, getWithTrailers, type ProviderRequest } from './provider-http';
import { stableStringify } from './stable-json';

/**
 * Caddy through its admin API. Each customer route carries an `@id` of the form `terminus:<account>:<name>`:
 * the id makes the route addressable (`/id/...`) so removal and restore are idempotent, and it records the owner
 * for the footprint rules (routes without such an id have no recorded owner and are never touched). A host is
 * removed from a route's host matchers; a matcher set left without hosts is dropped (it would otherwise match
 * every host), and a route left without matchers is deleted. Restored routes are inserted first, ahead of the
 * server's catch-all. Caddy answers 500 to a configuration it cannot load: that is a permanent rejection.
 */

/** Where the admin API is and which HTTP server holds the customer routes. */
export interface CaddyOptions {
  /** e.g. `http://127.0.0.1:2019`. */
  adminUrl: string;
  /** Name under `apps.http.servers` (e.g. `edge`). */
  server: string;
  timeoutMs?: number;
  /** First segment of managed route ids; `terminus` unless the deployment already uses another convention. */
  idPrefix?: string;
}

type CaddyRoute = Record<string, unknown> & { '@id'?: string; match?: Record<string, unknown>[] };

/** The owner recorded in a managed route id, or null. */
export function caddyRouteOwner(id: string | undefined, prefix = 'terminus'): string | null {
  if (!id) return null;
  const parts = id.split(':');
  return parts.length >= 3 && parts[0] === prefix && parts[1] ? parts[1] : null;
}

/** The managed route id for an account's route named `name`. */
export function caddyRouteId(account: string, name: string, prefix = 'terminus'): string {
  return `${prefix}:${account}:${name}`;
}

function hostsOf(route: CaddyRoute): string[] {
  return (route.match ?? []).flatMap((set) =>
    Array.isArray(set.host) ? (set.host as string[]).map(canonicalProviderName) : [],
  );
}

const configRejected = (status: number, text: string): boolean =>
  status === 500 && /loading (new )?config|unknown (field|module)|decoding/i.test(text);

/**
 * The routes list without the given hosts, removed as `removeHost` removes one (a matcher set left without hosts
 * dropped, a route left without matchers deleted), and per pair whether it was there to remove.
 */
export function withoutHosts(
  routes: CaddyRoute[],
  pairs: readonly { routeId: string; host: string }[],
): { routes: CaddyRoute[]; removed: boolean[] } {
  const byId = new Map<string, Set<string>>();
  for (const p of pairs) byId.set(p.routeId, (byId.get(p.routeId) ?? new Set()).add(p.host));
  const present = new Set<string>();
  const kept: CaddyRoute[] = [];
  for (const route of routes) {
    const wanted = route['@id'] ? byId.get(route['@id']) : undefined;
    const hits = hostsOf(route).filter((h) => wanted?.has(h));
    if (hits.length === 0) {
      kept.push(route);
      continue;
    }
    const drop = new Set(hits);
    for (const h of hits) present.add(`${route['@id']} ${h}`);
    const match = (route.match ?? [])
      .map((set) => {
        if (!Array.isArray(set.host)) return set;
        const hosts = (set.host as string[]).filter((h) => !drop.has(canonicalProviderName(h)));
        return hosts.length > 0 ? { ...set, host: hosts } : null;
      })
      .filter((set): set is Record<string, unknown> => set !== null);
    if (match.length > 0) kept.push({ ...route, match });
  }
  return { routes: kept, removed: pairs.map((p) => present.has(`${p.routeId} ${p.host}`)) };
}

/** A Caddy-backed proxy side. */
export function createCaddyProxyProvider(options: CaddyOptions): ProxyProvider {
  const admin = options.adminUrl.replace(/\/+$/, '');
  const prefix = options.idPrefix ?? 'terminus';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const routesUrl = `${admin}/config/apps/http/servers/${encodeURIComponent(options.server)}/routes`;
  const idUrl = (id: string) => `${admin}/id/${encodeURIComponent(id)}`;
  const call = (req: Omit<ProviderRequest, 'provider' | 'timeoutMs' | 'permanentServerError'>) =>
    callProvider({
      ...req,
      provider: 'Caddy',
      timeoutMs,
      permanentServerError: configRejected,
    });

  async function getRoute(id: string): Promise<CaddyRoute | null> {
    const res = await call({ what: `get route ${id}`, method: 'GET', url: idUrl(id), accept: [404] });
    return res.status === 404 ? null : (res.json as CaddyRoute);
  }

  return {
    id: 'caddy',
    async listRoutes(): Promise<ProxyRoute[]> {
      const res = await call({ what: 'list routes', method: 'GET', url: routesUrl });
      const routes = (res.json as CaddyRoute[] | null) ?? [];
      return routes.map((r, i) => ({
        id: r['@id'] ?? `#${i}`,
        hosts: hostsOf(r),
        account: caddyRouteOwner(r['@id'], prefix),
        config: r,
      }));
    },
    async removeHost(routeId, host) {
      const route = await getRoute(routeId);
      if (!route || !hostsOf(route).includes(host)) return false;
      const match = (route.match ?? [])
        .map((set) => {
          if (!Array.isArray(set.host)) return set;
          const hosts = (set.host as string[]).filter((h) => canonicalProviderName(h) !== host);
          return hosts.length > 0 ? { ...set, host: hosts } : null;
        })
        .filter((set): set is Record<string, unknown> => set !== null);
      if (match.length === 0) {
        const res = await call({
          what: `delete route ${routeId}`,
          method: 'DELETE',
          url: idUrl(routeId),
          accept: [404],
        });
        return res.status !== 404;
      }
      await call({
        what: `remove ${host} from route ${routeId}`,
        method: 'PATCH',
        url: idUrl(routeId),
        body: { ...route, match },
      });
      return true;
    },
    async removeHosts(pairs) {
      // One read-modify-write of the routes list: one configuration load for the whole batch. The write is
      // conditional on the ETag read, so a concurrent change (another case, an operator) is never overwritten.
      for (let attempt = 1; ; attempt++) {
        const res = await getWithTrailers({ what: 'list routes', url: routesUrl, provider: 'Caddy', timeoutMs });
        const { routes, removed } = withoutHosts((res.json as CaddyRoute[] | null) ?? [], pairs);
        if (!removed.some(Boolean)) return removed;
        const write = await call({
          what: `remove ${removed.filter(Boolean).length} hosts from routes`,
          method: 'PATCH',
          url: routesUrl,
          body: routes,
          ...(res.etag ? { headers: { 'If-Match': res.etag } } : {}),
          accept: [412],
        });
        if (write.status !== 412) return removed;
        if (attempt >= 5) throw new Error('Caddy routes kept changing under a batch removal; retrying later');
      }
    },
    async putRoute(route): Promise<PutOutcome> {
      const config = { ...(route.config as CaddyRoute), '@id': route.id };
      const live = await getRoute(route.id);
      if (live) {
        if (stableStringify(live) === stableStringify(config)) return 'unchanged';
        await call({ what: `replace route ${route.id}`, method: 'PATCH', url: idUrl(route.id), body: config });
        return 'updated';
      }
      const list = await call({ what: 'list routes', method: 'GET', url: routesUrl });
      if (Array.isArray(list.json)) {
        await call({ what: `insert route ${route.id}`, method: 'PUT', url: `${routesUrl}/0`, body: config });
      } else {
        await call({ what: `create routes with ${route.id}`, method: 'PUT', url: routesUrl, body: [config] });
      }
      return 'created';
    },
  };
}
