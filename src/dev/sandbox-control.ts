import type { SandboxControl } from '../api/routes/sandbox';
import { seedSandboxAccount } from '../adapters/sandbox/account-seed';
import { COMPETITOR_PROFILES, moveToProvider, removeFromInternet } from '../adapters/sandbox/competitors';
import type { Database } from '../db/database';
import { DEMO_CUSTOMER, DEMO_NEIGHBOUR, seedSandbox } from './seed-sandbox';

/** Apex domains of the seeded customers (their `www` names go with them). */
const SEEDED_APEXES = [
  DEMO_CUSTOMER.primary,
  ...DEMO_CUSTOMER.aliases.filter((d) => !d.startsWith('www.')),
  DEMO_NEIGHBOUR.domain,
];

/**
 * The sandbox internet behind the API's `/sandbox` routes, over the stack's own database: the one process that
 * owns the sandbox tables writes them, so callers need the API and an admin token, not the database.
 */
export function createSandboxControl(db: Database): SandboxControl {
  const view = (p: (typeof COMPETITOR_PROFILES)[number]) => ({ id: p.id, name: p.name, nameservers: p.nameservers });
  return {
    providers: COMPETITOR_PROFILES.map(view),
    async moveToProvider(domain, providerId) {
      return view(await moveToProvider(db, domain, providerId));
    },
    async seedAccount(accountId, zones, start) {
      const seeded = await seedSandboxAccount(db, { accountId, zones, start });
      return { accountId, zones: seeded.zones.length, first: seeded.zones[0] ?? '', last: seeded.zones.at(-1) ?? '' };
    },
    async resetDemoCustomers() {
      for (const domain of SEEDED_APEXES) await removeFromInternet(db, domain);
      await seedSandbox(db);
      return { domains: SEEDED_APEXES };
    },
  };
}
