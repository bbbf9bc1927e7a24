import { ApplicationFailure } from '@temporalio/common';
import type { EdgeProviders, ProxyRoute, ZoneData } from '../adapters/edge/provider';
import type { EdgeVerifier } from '../adapters/edge/verifier';
import type { Database } from '../db/database';
import type { ServiceKind } from '../domain/case-types';
import { FailureType } from '../domain/failures';
import { canonicalProviderName } from '../domain/footprint/domain-name';
import type {
  EdgeActivities,
  RestoreSnapshotInput,
  RestoreSnapshotResult,
  RevokeServiceInput,
  RevokeServiceResult,
  SnapshotFootprintInput,
  SnapshotRef,
  VerifyRevocationInput,
  VerifyRevocationResult,
} from './edge-contract';
import { footprintFailure, normalizeCaseDomains, planOrRefuse, readInventory } from './edge-footprint';
import {
  findOperation,
  findSnapshotByKey,
  getSnapshot,
  recordOperation,
  saveSnapshot,
  SNAPSHOT_FORMAT,
  type StoredSnapshot,
} from './edge-snapshots';

/**
 * The revoke stage's activities: snapshot the customer's footprint, revoke one service for one domain, verify from
 * the outside, restore a snapshot. Idempotent by construction: a snapshot is taken once per idempotency key,
 * revocation only removes what the snapshot planned and is still there (removing what is gone is "already
 * done"), restore makes the edge equal to the snapshot, and finished operations return their first answer.
 * Every change is re-checked against what the providers say now, so nothing outside the customer's footprint is
 * touched even if ownership changed between snapshot and cutoff.
 */

/** What the activities need; everything is injected so tests use real or fake providers alike. */
export interface EdgeActivityDeps {
  db: Database;
  providers: EdgeProviders;
  verifier: EdgeVerifier;
  clock?: () => Date;
  /** Deployment-specific public suffixes (see `src/domain/footprint/public-suffixes.ts`). */
  extraPublicSuffixes?: readonly string[];
}

const SERVICES: readonly ServiceKind[] = ['dns', 'proxy'];

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, FailureType.InvalidInput);
}

function refuse(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, FailureType.FootprintViolation);
}

function checkServices(services: unknown): ServiceKind[] {
  if (!Array.isArray(services) || services.length === 0 || services.some((s) => !SERVICES.includes(s as ServiceKind))) {
    throw invalid(`services must be a non-empty list of ${SERVICES.join(', ')}; got ${JSON.stringify(services)}`);
  }
  return [...new Set(services as ServiceKind[])];
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} is required`);
  return value;
}

function toRef(s: StoredSnapshot): SnapshotRef {
  return {
    snapshotId: s.id,
    sha256: s.sha256,
    takenAt: s.takenAt,
    zones: s.content.zones.map((z) => z.name),
    proxyHosts: [...new Set(s.content.plan.flatMap((d) => d.routes.map((r) => r.host)))].sort(),
    notOnEdge: s.content.notOnEdge,
  };
}

/** Builds the edge activities over the injected providers, database, verifier and clock. */
export function createEdgeActivities(deps: EdgeActivityDeps): EdgeActivities {
  const { db, providers, verifier } = deps;
  const now = () => (deps.clock ?? (() => new Date()))().toISOString();
  const suffixes = deps.extraPublicSuffixes ?? [];

  async function loadSnapshot(snapshotId: string, caseId: string): Promise<StoredSnapshot> {
    const snapshot = await getSnapshot(db, requireText(snapshotId, 'snapshotId'));
    if (!snapshot) throw ApplicationFailure.nonRetryable(`snapshot ${snapshotId} does not exist`, FailureType.NotFound);
    if (snapshot.content.caseId !== caseId) {
      throw refuse(`snapshot ${snapshotId} belongs to case ${snapshot.content.caseId}, not ${caseId}`);
    }
    return snapshot;
  }

  return {
    async snapshotFootprint(input: SnapshotFootprintInput): Promise<SnapshotRef> {
      const key = requireText(input.idempotencyKey, 'idempotencyKey');
      const existing = await findSnapshotByKey(db, key);
      if (existing) return toRef(existing);
      const accountId = requireText(input.accountId, 'accountId');
      const caseId = requireText(input.caseId, 'caseId');
      const services = checkServices(input.services);
      if (!Array.isArray(input.domains) || input.domains.length === 0)
        throw invalid('domains must name at least one domain');
      const domains = normalizeCaseDomains(input.domains, suffixes);
      const { inventory, routes } = await readInventory(providers, services);
      const plan = planOrRefuse({ accountId, domains, services, inventory, extraPublicSuffixes: suffixes });
      const zoneNames = [...new Set(plan.domains.flatMap((d) => d.zones))].sort();
      const zones: ZoneData[] = [];
      for (const name of zoneNames) {
        const zone = await providers.dns.getZone(name);
        if (zone) zones.push({ ...zone, name: canonicalProviderName(zone.name) });
      }
      const routeIds = new Set(plan.domains.flatMap((d) => d.routes.map((r) => r.routeId)));
      const planned: ProxyRoute[] = routes.filter((r) => routeIds.has(r.id)).sort((a, b) => a.id.localeCompare(b.id));
      const stored = await saveSnapshot(db, key, {
        format: SNAPSHOT_FORMAT,
        caseId,
        accountId,
        takenAt: now(),
        services,
        domains,
        dnsProvider: providers.dns.id,
        proxyProvider: providers.proxy.id,
        plan: plan.domains,
        notOnEdge: plan.notOnEdge,
        zones,
        routes: planned,
      });
      return toRef(stored);
    },

    async revokeService(input: RevokeServiceInput): Promise<RevokeServiceResult> {
      const key = requireText(input.idempotencyKey, 'idempotencyKey');
      const done = await findOperation<RevokeServiceResult>(db, key);
      if (done) return done;
      const [service] = checkServices([input.service]);
      const [domain = ''] = normalizeCaseDomains([requireText(input.domain, 'domain')], suffixes);
      const snapshot = await loadSnapshot(input.snapshotId, input.caseId);
      const content = snapshot.content;
      if (content.accountId !== input.accountId) {
        throw refuse(`snapshot ${snapshot.id} is of account ${content.accountId}, not ${input.accountId}`);
      }
      const planned = content.plan.find((d) => d.domain === domain);
      if (!planned || !content.services.includes(service!)) {
        throw refuse(
          `${domain} (${service}) is not in snapshot ${snapshot.id} of this case; add it to the case and take a new snapshot`,
        );
      }
      const { inventory } = await readInventory(providers, [service!]);
      const live = planOrRefuse(
        {
          accountId: content.accountId,
          domains: content.domains,
          services: [service!],
          inventory,
          extraPublicSuffixes: suffixes,
        },
        domain,
      );
      const livePlan = live.domains[0];
      let changed = false;
      if (service === 'dns') {
        for (const zone of planned.zones.filter((z) => livePlan?.zones.includes(z))) {
          changed = (await providers.dns.deleteZone(zone)) || changed;
        }
      } else {
        const stillThere = new Set(livePlan?.routes.map((r) => `${r.routeId} ${r.host}`));
        for (const r of planned.routes.filter((x) => stillThere.has(`${x.routeId} ${x.host}`))) {
          changed = (await providers.proxy.removeHost(r.routeId, r.host)) || changed;
        }
      }
      const result: RevokeServiceResult = {
        domain,
        service: service!,
        changed,
        provider: service === 'dns' ? providers.dns.id : providers.proxy.id,
        at: now(),
      };
      return recordOperation(db, key, input.caseId, `revoke:${service}`, result);
    },

    async verifyRevocation(input: VerifyRevocationInput): Promise<VerifyRevocationResult> {
      const services = checkServices(input.services);
      const [domain = ''] = normalizeCaseDomains([requireText(input.domain, 'domain')], suffixes);
      const dnsServed = services.includes('dns') ? await verifier.dnsServed(domain) : null;
      const proxyServed = services.includes('proxy') ? await verifier.proxyServed(domain) : null;
      return { domain, dnsServed, proxyServed, checkedAt: now() };
    },

    async restoreSnapshot(input: RestoreSnapshotInput): Promise<RestoreSnapshotResult> {
      const key = requireText(input.idempotencyKey, 'idempotencyKey');
      const done = await findOperation<RestoreSnapshotResult>(db, key);
      if (done) return done;
      const { content } = await loadSnapshot(input.snapshotId, input.caseId);
      if (content.routes.length > 0 && content.proxyProvider !== providers.proxy.id) {
        throw ApplicationFailure.nonRetryable(
          `snapshot routes were taken on ${content.proxyProvider}, the proxy is now ${providers.proxy.id}; restore them by hand`,
          FailureType.InvalidConfiguration,
        );
      }
      const { inventory } = await readInventory(providers, content.services);
      const conflicts = [
        ...content.zones.flatMap((z) =>
          inventory.zones.filter((l) => l.name === z.name && l.account !== content.accountId),
        ),
        ...content.routes.flatMap((r) =>
          inventory.hosts.filter(
            (h) =>
              (h.routeId === r.id || r.hosts.map(canonicalProviderName).includes(h.host)) &&
              h.account !== content.accountId,
          ),
        ),
      ];
      if (conflicts.length > 0) {
        throw footprintFailure(
          conflicts.map((c) => ({
            domain: 'name' in c ? c.name : c.host,
            code: 'zone_of_other_account' as const,
            message: `${'name' in c ? `zone ${c.name}` : `proxy host ${c.host}`} now belongs to ${c.account ?? 'nobody on record'}; restoring would take it over`,
          })),
        );
      }
      for (const zone of content.zones) await providers.dns.putZone(zone);
      for (const route of content.routes) await providers.proxy.putRoute(route);
      const result: RestoreSnapshotResult = {
        restoredZones: content.zones.map((z) => z.name),
        restoredProxyHosts: [...new Set(content.routes.flatMap((r) => r.hosts))].sort(),
        at: now(),
      };
      return recordOperation(db, key, input.caseId, 'restore', result);
    },
  };
}
