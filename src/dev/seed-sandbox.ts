import { SANDBOX_NAMESERVERS } from '../config/edge';
import type { Database } from '../db/database';
import type { RRset, ZoneData } from '../adapters/edge/provider';
import { putSandboxRoute } from '../adapters/sandbox/route-repository';
import { putSandboxZone } from '../adapters/sandbox/zone-repository';

/**
 * Demo data for the embedded stack: a customer to terminate (`acct-demo`: `forum.example`, its alias
 * `www.forum.example` and mirror `forum-mirror.example`) and a neighbour who must never be touched
 * (`acct-bakery`: `bakery.example`). Until a case revokes them, `dig @127.0.0.1 -p PORT forum.example` and
 * `curl -H 'Host: forum.example' http://127.0.0.1:PORT/` answer. Idempotent: re-seeding restores the demo rows
 * to their original state (useful after a demo run) and touches nothing else. `npm start` seeds once per database
 * ({@link seedSandboxOnce}): a restart keeps what cases did to the sandbox, `npm start -- --reset` seeds again.
 */

/** The demo customer, as the intake form would name it. */
export const DEMO_CUSTOMER = {
  accountId: 'acct-demo',
  name: 'Demo Forum Ltd',
  noticeContacts: ['abuse@forum.example'],
  primary: 'forum.example',
  aliases: ['www.forum.example', 'forum-mirror.example'],
} as const;

/** The neighbour: another customer on the same edge, used to show footprint refusals. */
export const DEMO_NEIGHBOUR = { accountId: 'acct-bakery', domain: 'bakery.example' } as const;

function zone(name: string, account: string, address: string, extra: RRset[] = []): ZoneData {
  const ns = SANDBOX_NAMESERVERS.map((n) => `${n}.`);
  return {
    name,
    account,
    kind: 'Native',
    rrsets: [
      { name, type: 'SOA', ttl: 3600, records: [`${ns[0]} hostmaster.${name}. 2024010101 10800 3600 604800 300`] },
      { name, type: 'NS', ttl: 3600, records: ns },
      { name, type: 'A', ttl: 300, records: [address] },
      { name, type: 'AAAA', ttl: 300, records: [`2001:db8::${address.split('.').pop() ?? '1'}`] },
      { name: `www.${name}`, type: 'CNAME', ttl: 300, records: [`${name}.`] },
      ...extra,
    ],
  };
}

/** The demo zones (exported for tests that check what the seed serves). */
export function demoZones(): ZoneData[] {
  return [
    zone('forum.example', DEMO_CUSTOMER.accountId, '192.0.2.10', [
      { name: 'forum.example', type: 'MX', ttl: 300, records: ['10 mail.forum.example.'] },
      { name: 'forum.example', type: 'TXT', ttl: 300, records: ['"v=spf1 mx -all"'] },
      { name: 'mail.forum.example', type: 'A', ttl: 300, records: ['192.0.2.11'] },
    ]),
    zone('forum-mirror.example', DEMO_CUSTOMER.accountId, '192.0.2.12'),
    zone('bakery.example', DEMO_NEIGHBOUR.accountId, '192.0.2.20'),
  ];
}

/**
 * The registry of the demo TLD in "the rest of the internet": an SOA and nothing else, so a name no provider
 * serves (a revoked customer not yet back anywhere) gets NXDOMAIN, a fact the migration watch reads as dark,
 * instead of REFUSED, which it must treat as unknown.
 */
export function registryZone(): ZoneData {
  const ns = ['a.registry.example.', 'b.registry.example.'];
  return {
    name: 'example',
    account: 'registry',
    kind: 'Native',
    rrsets: [
      {
        name: 'example',
        type: 'SOA',
        ttl: 3600,
        records: [`${ns[0]} hostmaster.registry.example. 2024010101 1800 900 604800 86400`],
      },
      { name: 'example', type: 'NS', ttl: 3600, records: ns },
    ],
  };
}

/** Seeds (or resets) the demo customer and neighbour in the sandbox tables, and the demo TLD's registry. */
export async function seedSandbox(db: Database): Promise<void> {
  await putSandboxZone(db, 'internet', registryZone());
  for (const z of demoZones()) await putSandboxZone(db, 'edge', z);
  const routes: [string, string, string][] = [
    ['forum.example', DEMO_CUSTOMER.accountId, 'Demo Forum'],
    ['www.forum.example', DEMO_CUSTOMER.accountId, 'Demo Forum'],
    ['forum-mirror.example', DEMO_CUSTOMER.accountId, 'Demo Forum (mirror)'],
    ['bakery.example', DEMO_NEIGHBOUR.accountId, 'The Bakery'],
  ];
  for (const [host, account, title] of routes) {
    await putSandboxRoute(db, { realm: 'edge', host, account, provider: null, originUrl: null, title });
  }
}

/** What starting the stack did to the sandbox: seeded it (first start), kept it as cases left it, or reset it. */
export interface SandboxSeedOutcome {
  action: 'seeded' | 'kept' | 'reset';
  /** When the sandbox was last seeded (ISO instant). */
  seededAt: string;
}

/** The `app_meta` key recording that (and when) the sandbox was seeded. */
export const SANDBOX_SEEDED_KEY = 'sandbox_seeded_at';

/**
 * Seeds the sandbox the first time a database starts, and records it in `app_meta`; later starts keep the sandbox
 * as cases left it (revoked zones and routes stay revoked, moved customers stay moved), so the demo's edge matches
 * the cases after a restart. `reset` seeds the demo rows again (cases are not changed). The mark is written after
 * the seed: a crash in between only means the next start seeds again, which is idempotent.
 */
export async function seedSandboxOnce(
  db: Database,
  options: { reset?: boolean; now?: () => Date } = {},
): Promise<SandboxSeedOutcome> {
  const rows = await db.query<{ value: string }>('SELECT value FROM app_meta WHERE key = $1', [SANDBOX_SEEDED_KEY]);
  const previous = rows[0]?.value;
  if (previous !== undefined && !options.reset) return { action: 'kept', seededAt: previous };
  await seedSandbox(db);
  const seededAt = (options.now ?? (() => new Date()))().toISOString();
  await db.query(
    `INSERT INTO app_meta (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [SANDBOX_SEEDED_KEY, seededAt],
  );
  return { action: previous === undefined ? 'seeded' : 'reset', seededAt };
}
