import { randomBytes } from 'node:crypto';
import type { ZoneData } from '../../../src/adapters/edge/provider';
import { putSandboxRoute } from '../../../src/adapters/sandbox/route-repository';
import { putSandboxZone } from '../../../src/adapters/sandbox/zone-repository';
import { SANDBOX_NAMESERVERS } from '../../../src/config/edge';
import type { Database } from '../../../src/db/database';
import type { CaseIntake } from '../../../src/domain/case/case-state';
import type { Principal } from '../../../src/domain/case-types';

/**
 * A customer of one fault scenario, on the sandbox edge: three domains, each its own zone and proxied host, so
 * each revocation step has exactly one thing to remove and "applied once" is one line per zone and per host.
 * Names are unique per scenario: scenarios share a Temporal server and a database and run side by side.
 */
export interface FaultCustomer {
  accountId: string;
  name: string;
  contacts: string[];
  primary: string;
  aliases: string[];
  /** Primary first, then the aliases. */
  domains: string[];
}

/** A fresh customer for the scenario `tag` (short, DNS-safe). */
export function faultCustomer(tag: string): FaultCustomer {
  const base = `${tag}-${randomBytes(3).toString('hex')}`;
  const primary = `${base}.example`;
  const aliases = [`${base}-mirror.example`, `${base}-alt.example`];
  return {
    accountId: `acct-${base}`,
    name: `Fault ${base} Ltd`,
    contacts: [`abuse@${primary}`, `legal@${primary}`],
    primary,
    aliases,
    domains: [primary, ...aliases],
  };
}

function zone(name: string, account: string, n: number): ZoneData {
  const ns = SANDBOX_NAMESERVERS.map((x) => `${x}.`);
  return {
    name,
    account,
    kind: 'Native',
    rrsets: [
      { name, type: 'SOA', ttl: 3600, records: [`${ns[0]} hostmaster.${name}. 2024010101 10800 3600 604800 300`] },
      { name, type: 'NS', ttl: 3600, records: ns },
      { name, type: 'A', ttl: 300, records: [`192.0.2.${100 + n}`] },
    ],
  };
}

/** Puts the customer's zones and hosts on the sandbox edge (our side), owned by its account. */
export async function seedCustomer(db: Database, c: FaultCustomer): Promise<void> {
  for (const [i, domain] of c.domains.entries()) {
    await putSandboxZone(db, 'edge', zone(domain, c.accountId, i));
    await putSandboxRoute(db, {
      realm: 'edge',
      host: domain,
      account: c.accountId,
      provider: null,
      originUrl: null,
      title: c.name,
    });
  }
}

/** The staff of the scenarios: one person per role, so the four-eyes rules are met exactly as in production. */
export const STAFF = {
  requester: { id: 'fault-rita', roles: ['requester'] },
  investigator: { id: 'fault-ivan', roles: ['investigator'] },
  legal: { id: 'fault-lena', roles: ['legal'] },
  tnsLead: { id: 'fault-theo', roles: ['tns_lead'] },
} satisfies Record<string, Principal>;

/** The intake for the customer: both services, CSAM (no minimum notice), the cutoff at `cutoffAt`. */
export function intakeFor(c: FaultCustomer, cutoffAt: string): CaseIntake {
  return {
    account: { id: c.accountId, name: c.name, noticeContacts: c.contacts },
    domains: { primary: c.primary, aliases: c.aliases },
    services: ['dns', 'proxy'],
    category: 'csam',
    summary: `Fault suite case for ${c.primary}`,
    evidenceRefs: ['https://hotline.example/report/fault'],
    cutoff: { kind: 'instant', at: cutoffAt },
    urgency: 'standard',
    requestedBy: STAFF.requester.id,
  };
}
