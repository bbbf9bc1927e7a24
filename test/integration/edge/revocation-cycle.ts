import type { EdgeActivities, RevokeServiceResult } from '../../../src/activities/edge-contract';
import { getSnapshot } from '../../../src/activities/edge-snapshots';
import type { EdgeProviders, ZoneData } from '../../../src/adapters/edge/provider';
import { sortRrsets } from '../../../src/adapters/edge/provider';
import type { Database } from '../../../src/db/database';
import type { ServiceKind } from '../../../src/domain/case-types';

/**
 * The revocation cycle every edge backend must pass, each step run twice: snapshot, revoke, verify gone, restore,
 * verify back. Shared by the sandbox and the PowerDNS + Caddy integration tests so both are held to one standard.
 */
export interface CycleContext {
  db: Database;
  activities: EdgeActivities;
  providers: EdgeProviders;
  caseId: string;
  /** The demo customer: forum.example, www.forum.example (alias, same zone), forum-mirror.example. */
  accountId: string;
  /** Another customer's domain on the same edge: served before, during and after. */
  neighbour: string;
}

const DOMAINS = ['forum.example', 'www.forum.example', 'forum-mirror.example'];
const SERVICES: ServiceKind[] = ['dns', 'proxy'];

function withoutSerial(zone: ZoneData): ZoneData {
  return {
    ...zone,
    rrsets: sortRrsets(zone.rrsets).map((r) =>
      r.type === 'SOA'
        ? {
            ...r,
            records: r.records.map((c) =>
              c
                .split(' ')
                .filter((_, i) => i !== 2)
                .join(' '),
            ),
          }
        : r,
    ),
  };
}

async function liveZones(ctx: CycleContext, names: string[]): Promise<(ZoneData | null)[]> {
  return Promise.all(names.map((n) => ctx.providers.dns.getZone(n)));
}

async function expectServed(ctx: CycleContext, domain: string, served: boolean): Promise<void> {
  const res = await ctx.activities.verifyRevocation({ domain, services: SERVICES });
  expect({ domain, dns: res.dnsServed, proxy: res.proxyServed }).toEqual({ domain, dns: served, proxy: served });
}

/** Runs the whole cycle with Jest expectations. */
export async function runRevocationCycle(ctx: CycleContext): Promise<void> {
  const a = ctx.activities;
  const snapshotInput = {
    idempotencyKey: `${ctx.caseId}:snapshot`,
    caseId: ctx.caseId,
    accountId: ctx.accountId,
    domains: DOMAINS,
    services: SERVICES,
  };
  const ref = await a.snapshotFootprint(snapshotInput);
  expect(await a.snapshotFootprint(snapshotInput)).toEqual(ref);
  expect(ref).toMatchObject({
    zones: ['forum-mirror.example', 'forum.example'],
    proxyHosts: ['forum-mirror.example', 'forum.example', 'www.forum.example'],
    notOnEdge: [],
  });
  expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
  const stored = await getSnapshot(ctx.db, ref.snapshotId);
  const before = await liveZones(ctx, ref.zones);
  expect(stored?.content.zones.map(withoutSerial)).toEqual(before.map((z) => z && withoutSerial(z)));

  for (const d of [...DOMAINS, ctx.neighbour]) await expectServed(ctx, d, true);

  const changed: string[] = [];
  for (const domain of DOMAINS) {
    for (const service of SERVICES) {
      const input = {
        idempotencyKey: `${ctx.caseId}:revoke:${service}:${domain}`,
        caseId: ctx.caseId,
        accountId: ctx.accountId,
        domain,
        service,
        snapshotId: ref.snapshotId,
      };
      const first: RevokeServiceResult = await a.revokeService(input);
      expect(await a.revokeService(input)).toEqual(first);
      expect(await a.revokeService({ ...input, idempotencyKey: `${input.idempotencyKey}:again` })).toMatchObject({
        changed: false,
      });
      expect(first.provider).toBe(service === 'dns' ? ctx.providers.dns.id : ctx.providers.proxy.id);
      if (first.changed) changed.push(`${service} ${domain}`);
    }
  }
  // The alias lives in forum.example's zone and is a host of forum.example's footprint: removed with it.
  expect(changed).toEqual([
    'dns forum.example',
    'proxy forum.example',
    'dns forum-mirror.example',
    'proxy forum-mirror.example',
  ]);

  for (const d of DOMAINS) await expectServed(ctx, d, false);
  await expectServed(ctx, ctx.neighbour, true);
  expect(await liveZones(ctx, ref.zones)).toEqual([null, null]);

  const restoreInput = { idempotencyKey: `${ctx.caseId}:restore`, caseId: ctx.caseId, snapshotId: ref.snapshotId };
  const restored = await a.restoreSnapshot(restoreInput);
  expect(await a.restoreSnapshot(restoreInput)).toEqual(restored);
  expect(restored).toMatchObject({ restoredZones: ref.zones, restoredProxyHosts: ref.proxyHosts });
  const afterFirst = await liveZones(ctx, ref.zones);
  const routesAfterFirst = await ctx.providers.proxy.listRoutes();
  await a.restoreSnapshot({ ...restoreInput, idempotencyKey: `${restoreInput.idempotencyKey}:again` });
  // A second restore changes nothing at all, not even the SOA serial a provider bumps on every write.
  expect(await liveZones(ctx, ref.zones)).toEqual(afterFirst);
  expect(await ctx.providers.proxy.listRoutes()).toEqual(routesAfterFirst);
  expect(afterFirst.map((z) => z && withoutSerial(z))).toEqual(before.map((z) => z && withoutSerial(z)));

  for (const d of [...DOMAINS, ctx.neighbour]) await expectServed(ctx, d, true);
}
