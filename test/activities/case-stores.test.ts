import { MockActivityEnvironment } from '@temporalio/testing';
import { createEvidenceStore, sha256Hex } from '../../src/activities/case-evidence-store';
import { createInvestigationActivities } from '../../src/activities/investigation';
import { createHoldRegistry, createLegalActivities } from '../../src/activities/legal';
import { createRecordsActivities, readCaseRecord, transparencyFigures } from '../../src/activities/records';
import { openCase } from '../../src/domain/case/case-transitions';
import { buildCaseRecord } from '../../src/domain/dsa/case-record';
import { casePolicyFor } from '../../src/domain/policy/policy-lookup';
import { loadPolicy } from '../../src/config/policy';
import { startTestDatabase, type TestDatabase } from '../support/database';

describe('case activities against the app database', () => {
  let t: TestDatabase;
  const env = new MockActivityEnvironment();
  // Typed pass-through: the mock's generic signature loses the input and result types of our activities.
  const run = <I, O>(fn: (input: I) => Promise<O>, input: I): Promise<O> =>
    env.run<[I], O, (input: I) => Promise<O>>(fn, input);
  beforeAll(async () => {
    t = await startTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  describe('evidence store', () => {
    it('stores content once by hash, links it to cases, and reads it back verified', async () => {
      const store = createEvidenceStore(t.db);
      const content = Buffer.from('{"a":1}');
      const first = await store.put({ caseRef: 'ref-1', label: 'obs', mediaType: 'application/json', content });
      const again = await store.put({ caseRef: 'ref-2', label: 'obs', mediaType: 'application/json', content });
      expect(first.sha256).toBe(sha256Hex(content));
      expect(again.sha256).toBe(first.sha256);
      const rows = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM evidence_blobs WHERE sha256 = $1', [
        first.sha256,
      ]);
      expect(rows[0]!.n).toBe('1');
      expect((await store.listForCase('ref-2')).map((e) => e.sha256)).toEqual([first.sha256]);
      expect((await store.get(first.sha256))!.content.equals(content)).toBe(true);
      expect(await store.get('0'.repeat(64))).toBeNull();
    });

    it('refuses to return evidence whose bytes no longer match the hash', async () => {
      const store = createEvidenceStore(t.db);
      const { sha256 } = await store.put({
        caseRef: 'ref-3',
        label: 'x',
        mediaType: 'text/plain',
        content: Buffer.from('original'),
      });
      await t.db.query('UPDATE evidence_blobs SET content = $2 WHERE sha256 = $1', [sha256, Buffer.from('tampered')]);
      await expect(store.get(sha256)).rejects.toThrow(/does not match its hash/);
    });
  });

  describe('investigation', () => {
    it('observes each domain, stores the observation hashed (same observation, same hash), reports failures per domain', async () => {
      const observer = {
        observe: (domain: string) =>
          domain === 'down.example'
            ? Promise.reject(new Error('SERVFAIL'))
            : Promise.resolve({ ns: ['ns1.provider.example'], http: { status: 200 } }),
      };
      const acts = createInvestigationActivities({ evidence: createEvidenceStore(t.db), observer });
      const input = {
        idempotencyKey: 'k',
        caseId: 'case-a',
        caseRef: 'ref-a',
        domains: ['up.example', 'down.example'],
        observedAt: '2019-08-04T20:00:00.000Z',
      };
      const result = await run(acts.observeDomains, input);
      expect(result.failures).toEqual([{ domain: 'down.example', error: 'SERVFAIL' }]);
      expect(result.evidence).toHaveLength(1);
      expect(result.evidence[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
      const retry = await run(acts.observeDomains, input);
      expect(retry.evidence[0]!.sha256).toBe(result.evidence[0]!.sha256);
    });
  });

  describe('hold registry', () => {
    it('finds active holds by account or by domain at the case time, not released or expired ones', async () => {
      const registry = createHoldRegistry(t.db);
      const base = { agencyContact: 'agent@agency.example', placedBy: 'lena', placedAt: '2019-07-01T00:00:00Z' };
      const byAccount = await registry.register({
        ...base,
        kind: 'do_not_terminate',
        reference: 'A-1',
        accountId: 'acct-h',
        expiresAt: '2019-09-01T00:00:00Z',
      });
      await registry.register({
        ...base,
        kind: 'non_disclosure',
        reference: 'D-1',
        domains: ['Board.Example'],
        expiresAt: '2019-12-01T00:00:00Z',
      });
      await registry.register({
        ...base,
        kind: 'preservation',
        reference: 'OLD',
        accountId: 'acct-h',
        expiresAt: '2019-07-15T00:00:00Z',
      });
      const released = await registry.register({
        ...base,
        kind: 'do_not_terminate',
        reference: 'R-1',
        accountId: 'acct-h',
        expiresAt: '2019-12-01T00:00:00Z',
      });
      await registry.release(released.id, 'lena', '2019-07-20T00:00:00Z');
      await registry.register({
        ...base,
        kind: 'do_not_terminate',
        reference: 'OTHER',
        accountId: 'acct-x',
        expiresAt: '2019-12-01T00:00:00Z',
      });

      const legal = createLegalActivities({ db: t.db });
      const holds = await run(legal.checkHoldRegistry, {
        accountId: 'acct-h',
        domains: ['board.example'],
        at: '2019-08-04T20:00:00Z',
      });
      expect(holds.map((h) => h.reference).sort()).toEqual(['A-1', 'D-1']);
      expect(holds.find((h) => h.id === byAccount.id)).toMatchObject({
        kind: 'do_not_terminate',
        expiresAt: '2019-09-01T00:00:00.000Z',
      });
      const later = await run(legal.checkHoldRegistry, {
        accountId: 'acct-h',
        domains: [],
        at: '2019-10-01T00:00:00Z',
      });
      expect(later).toEqual([]);
    });

    it('refuses a hold that names nothing, or expires before it starts; releasing twice is NotFound', async () => {
      const registry = createHoldRegistry(t.db);
      const base = {
        kind: 'preservation' as const,
        reference: 'x',
        agencyContact: 'y',
        placedBy: 'lena',
        placedAt: '2019-07-01T00:00:00Z',
        expiresAt: '2019-08-01T00:00:00Z',
      };
      await expect(registry.register(base)).rejects.toMatchObject({ type: 'InvalidInput' });
      await expect(
        registry.register({ ...base, accountId: 'a', expiresAt: '2019-06-01T00:00:00Z' }),
      ).rejects.toMatchObject({ type: 'InvalidInput' });
      const hold = await registry.register({ ...base, accountId: 'a' });
      await registry.release(hold.id, 'lena', '2019-07-02T00:00:00Z');
      await expect(registry.release(hold.id, 'lena', '2019-07-03T00:00:00Z')).rejects.toMatchObject({
        type: 'NotFound',
      });
    });
  });

  describe('records', () => {
    const policy = casePolicyFor(loadPolicy(), 'violent_extremism');
    const state = () => {
      const s = openCase(
        { caseId: 'case-acct-r', caseRef: 'run-1' },
        {
          account: { id: 'acct-r', name: 'Board', noticeContacts: ['abuse@board.example'] },
          domains: { primary: 'board.example', aliases: [] },
          services: ['dns', 'proxy'],
          category: 'violent_extremism',
          summary: 's',
          evidenceRefs: [],
          cutoff: { kind: 'local', time: '00:00', timeZone: 'America/Los_Angeles' },
          urgency: 'standard',
          requestedBy: 'rita',
        },
        policy,
        '2019-08-04T18:00:00.000Z',
      );
      s.stage = 'closed';
      s.outcome = 'terminated';
      return s;
    };

    it('archives a final record exactly once and reads it back', async () => {
      const records = createRecordsActivities({ db: t.db });
      const record = buildCaseRecord(state(), '2019-08-05T08:00:00.000Z');
      expect(await run(records.archiveCaseRecord, { record })).toEqual({
        recordId: 'case-acct-r/run-1',
        inserted: true,
      });
      const changed = { ...record, outcome: 'withdrawn' as const };
      expect(await run(records.archiveCaseRecord, { record: changed })).toEqual({
        recordId: 'case-acct-r/run-1',
        inserted: false,
      });
      expect((await readCaseRecord(t.db, record.recordId))!.outcome).toBe('terminated');
      const figures = await transparencyFigures(t.db, { from: '2019-08-01T00:00:00Z', to: '2019-09-01T00:00:00Z' });
      expect(figures.total).toBeGreaterThanOrEqual(1);
      expect(figures.byOutcome.terminated).toBeGreaterThanOrEqual(1);
      expect(figures.byCategory).toContainEqual({
        category: 'violent_extremism',
        dsaCategory: 'STATEMENT_CATEGORY_VIOLENCE',
        outcome: 'terminated',
        count: expect.any(Number),
      });
    });

    it('retention from a preservation hold only ever moves later', async () => {
      const store = createEvidenceStore(t.db);
      const { sha256 } = await store.put({
        caseRef: 'ref-p',
        label: 'e',
        mediaType: 'text/plain',
        content: Buffer.from('preserve me'),
      });
      const records = createRecordsActivities({ db: t.db });
      const input = { caseRef: 'ref-p', holdReference: '2703f-9', evidence: [sha256], snapshotIds: ['snap-9'] };
      await run(records.applyRetention, { ...input, retainUntil: '2019-11-01T00:00:00Z' });
      await run(records.applyRetention, { ...input, retainUntil: '2019-10-01T00:00:00Z' });
      const rows = await t.db.query<{ object_kind: string; retain_until: Date }>(
        'SELECT object_kind, retain_until FROM retention_holds WHERE case_ref = $1 ORDER BY object_kind',
        ['ref-p'],
      );
      expect(rows.map((r) => [r.object_kind, r.retain_until.toISOString()])).toEqual([
        ['evidence', '2019-11-01T00:00:00.000Z'],
        ['snapshot', '2019-11-01T00:00:00.000Z'],
      ]);
      const blob = await t.db.query<{ retain_until: Date }>(
        'SELECT retain_until FROM evidence_blobs WHERE sha256 = $1',
        [sha256],
      );
      expect(blob[0]!.retain_until.toISOString()).toBe('2019-11-01T00:00:00.000Z');
    });
  });
});
