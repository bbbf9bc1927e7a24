import type { RRset, ZoneData } from '../../src/adapters/edge/provider';
import { putSandboxRoute } from '../../src/adapters/sandbox/route-repository';
import { putSandboxZone } from '../../src/adapters/sandbox/zone-repository';
import { SANDBOX_NAMESERVERS } from '../../src/config/edge';
import type { Database } from '../../src/db/database';
import type { CaseIntake } from '../../src/domain/case/case-state';
import type { ServiceKind } from '../../src/domain/case-types';
import { ZERO_NOTICE_CATEGORY } from './bench-policy';

/**
 * Customers for the benchmarks, each on the sandbox edge the way the demo customer is (`src/dev/seed-sandbox.ts`):
 * a zone with our nameservers and a proxied site per domain, so a case snapshots, revokes and verifies real
 * records. The family has the demo's shape by default: a primary, its `www` alias (in the primary's zone) and a
 * mirror on a zone of its own. One account per case (the workflow ID is `case-<accountId>`).
 */

/** One customer to terminate. */
export interface BenchCustomer {
  accountId: string;
  name: string;
  contacts: string[];
  primary: string;
  aliases: string[];
}

/** How many domains a family has: 1 (primary), 2 (+ www), 3 (+ mirror; the demo customer's shape). */
export type FamilySize = 1 | 2 | 3;

/** Customer `i` of a run (`prefix` keeps runs in one database apart). */
export function benchCustomer(prefix: string, i: number, family: FamilySize = 3): BenchCustomer {
  const id = `${prefix}${String(i).padStart(4, '0')}`;
  const primary = `${id}.example`;
  const aliases = [`www.${primary}`, `${id}-mirror.example`].slice(0, family - 1);
  return { accountId: `acct-${id}`, name: `Bench customer ${id}`, contacts: [`abuse@${primary}`], primary, aliases };
}

function zone(name: string, account: string, octet: number): ZoneData {
  const ns = SANDBOX_NAMESERVERS.map((n) => `${n}.`);
  const rrsets: RRset[] = [
    { name, type: 'SOA', ttl: 3600, records: [`${ns[0]} hostmaster.${name}. 2024010101 10800 3600 604800 300`] },
    { name, type: 'NS', ttl: 3600, records: ns },
    { name, type: 'A', ttl: 300, records: [`198.51.100.${octet}`] },
    { name, type: 'AAAA', ttl: 300, records: [`2001:db8:100::${octet.toString(16)}`] },
    { name: `www.${name}`, type: 'CNAME', ttl: 300, records: [`${name}.`] },
  ];
  return { name, account, kind: 'Native', rrsets };
}

/** Puts the customer's zones and proxy routes on the sandbox edge (idempotent). */
export async function seedCustomer(db: Database, c: BenchCustomer, index: number): Promise<void> {
  const octet = 1 + (index % 250);
  const zones = [c.primary, ...c.aliases.filter((a) => !a.endsWith(`.${c.primary}`))];
  for (const name of zones) await putSandboxZone(db, 'edge', zone(name, c.accountId, octet));
  for (const host of [c.primary, ...c.aliases]) {
    await putSandboxRoute(db, {
      realm: 'edge',
      host,
      account: c.accountId,
      provider: null,
      originUrl: null,
      title: c.name,
    });
  }
}

/** The intake a requester would submit for this customer: both services, cutoff "now" (zero-notice policy). */
export function benchIntake(
  c: BenchCustomer,
  requestedBy: string,
  services: ServiceKind[] = ['dns', 'proxy'],
): CaseIntake {
  return {
    account: { id: c.accountId, name: c.name, noticeContacts: c.contacts },
    domains: { primary: c.primary, aliases: c.aliases },
    services,
    category: ZERO_NOTICE_CATEGORY,
    summary: `Benchmark case for ${c.primary}`,
    evidenceRefs: [`https://reports.example/bench/${c.accountId}`],
    cutoff: { kind: 'instant', at: new Date().toISOString() },
    urgency: 'standard',
    requestedBy,
  };
}
