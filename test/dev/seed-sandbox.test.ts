import { deleteSandboxRoute, getSandboxRoute } from '../../src/adapters/sandbox/route-repository';
import { deleteSandboxZone, getSandboxZone } from '../../src/adapters/sandbox/zone-repository';
import { SANDBOX_SEEDED_KEY, seedSandboxOnce } from '../../src/dev/seed-sandbox';
import { startTestDatabase, type TestDatabase } from '../support/database';

/**
 * Finding 7 of issue 15: a restart of `npm start` re-seeded the sandbox and put back the DNS zones and proxy routes
 * cases had revoked. The sandbox is seeded once per database; a restart keeps what cases did; `--reset` seeds again.
 */
describe('seeding the sandbox once', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await startTestDatabase();
  });
  afterEach(() => t.stop());

  /** What a case's revocation does to the demo customer on the sandbox edge. */
  async function revokeForumExample(): Promise<void> {
    expect(await deleteSandboxZone(t.db, 'edge', 'forum.example')).toBe(true);
    expect(await deleteSandboxRoute(t.db, 'edge', 'forum.example')).toBe(true);
  }

  it('seeds on the first start and records when in app_meta', async () => {
    const first = await seedSandboxOnce(t.db, { now: () => new Date('2026-12-01T10:00:00Z') });
    expect(first).toEqual({ action: 'seeded', seededAt: '2026-12-01T10:00:00.000Z' });
    expect(await getSandboxZone(t.db, 'edge', 'forum.example')).not.toBeNull();
    expect(await getSandboxRoute(t.db, 'edge', 'bakery.example')).not.toBeNull();
    const meta = await t.db.query<{ value: string }>('SELECT value FROM app_meta WHERE key = $1', [SANDBOX_SEEDED_KEY]);
    expect(meta).toEqual([{ value: '2026-12-01T10:00:00.000Z' }]);
  });

  it('a restart keeps what cases revoked', async () => {
    await seedSandboxOnce(t.db, { now: () => new Date('2026-12-01T10:00:00Z') });
    await revokeForumExample();
    const restart = await seedSandboxOnce(t.db, { now: () => new Date('2026-12-02T10:00:00Z') });
    expect(restart).toEqual({ action: 'kept', seededAt: '2026-12-01T10:00:00.000Z' });
    expect(await getSandboxZone(t.db, 'edge', 'forum.example')).toBeNull();
    expect(await getSandboxRoute(t.db, 'edge', 'forum.example')).toBeNull();
    // The rest of the seed is untouched.
    expect(await getSandboxZone(t.db, 'edge', 'bakery.example')).not.toBeNull();
  });

  it('--reset seeds again and says so', async () => {
    await seedSandboxOnce(t.db, { now: () => new Date('2026-12-01T10:00:00Z') });
    await revokeForumExample();
    const reset = await seedSandboxOnce(t.db, { reset: true, now: () => new Date('2026-12-03T10:00:00Z') });
    expect(reset).toEqual({ action: 'reset', seededAt: '2026-12-03T10:00:00.000Z' });
    expect(await getSandboxZone(t.db, 'edge', 'forum.example')).not.toBeNull();
    expect(await getSandboxRoute(t.db, 'edge', 'forum.example')).not.toBeNull();
    const again = await seedSandboxOnce(t.db);
    expect(again).toEqual({ action: 'kept', seededAt: '2026-12-03T10:00:00.000Z' });
  });
});
