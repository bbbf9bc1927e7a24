// Issue 15, finding 4: a requester's "my cases" list showed another requester's case that reused the workflow ID
// of an ended case. Against the real case workflow: rita's case ends, randy opens a new case for the same account
// (the same case ID); each lists and reads only the case it opened, and rita gets the 404 of a case that does not
// exist for randy's.
import type { CaseView } from '../../src/domain/case/case-state';
import { startApiHarness, type ApiHarness, type Person } from '../support/api/api-harness';
import { openBody } from '../support/api/route-table';
import { eventually } from '../support/case-workflow/harness';
import { uniqueId } from '../support/temporal-env';
import { providerChangedSignal } from '../../src/workflows/case/messages';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness({ temporal: true });
}, 120_000);
afterAll(() => h?.stop());

jest.setTimeout(90_000);

type Summary = { caseId: string; caseRef?: string; runId: string; status: string };
const list = async (as: Person, query = 'limit=100') =>
  (await h.call<{ cases: Summary[] }>('GET', `/cases?${query}`, { as })).body.cases;

it("never mixes two requesters' cases under one reused case ID, in lists or reads", async () => {
  const account = uniqueId('reuse');
  const caseId = `case-${account}`;
  const first = await h.call<{ runId: string }>('POST', '/cases', { as: 'rita', body: openBody(account) });
  expect(first.status).toBe(201);
  expect((await h.call('POST', `/cases/${caseId}/withdraw`, { as: 'rita', body: { reasons: 'fixed' } })).status).toBe(
    200,
  );
  await eventually(
    () => list('otto', `account=${account}`),
    (cases) => cases.length === 1 && cases[0]!.status === 'COMPLETED',
    "rita's case ended",
    45_000,
  );

  const second = await h.call<{ runId: string }>('POST', '/cases', { as: 'randy', body: openBody(account) });
  expect(second.status).toBe(201);
  expect(second.body.runId).not.toBe(first.body.runId);
  // Staff see both cases under the one ID, once visibility has both.
  const both = await eventually(
    () => list('otto', `account=${account}`),
    (cases) => cases.length === 2,
    'both cases listed for staff',
    45_000,
  );
  expect(both.map((c) => c.runId).sort()).toEqual([first.body.runId, second.body.runId].sort());

  // Each requester lists the case it opened, and only that one.
  expect((await list('rita')).filter((c) => c.caseId === caseId).map((c) => c.caseRef)).toEqual([first.body.runId]);
  expect((await list('randy')).map((c) => c.caseRef)).toEqual([second.body.runId]);

  // Reading the ID now reads randy's case: rita gets exactly what an unknown case answers.
  const mine = await h.call<CaseView>('GET', `/cases/${caseId}`, { as: 'randy' });
  expect(mine.status).toBe(200);
  expect(mine.body.intake.requestedBy).toBe('randy');
  const unknown = await h.call('GET', '/cases/case-never-opened', { as: 'rita' });
  for (const [path, method, body] of [
    [`/cases/${caseId}`, 'GET', undefined],
    [`/cases/${caseId}/record`, 'GET', undefined],
    [`/cases/${caseId}/withdraw`, 'POST', { reasons: 'not mine' }],
  ] as const) {
    const theirs = await h.call(method, path, { as: 'rita', ...(body ? { body } : {}) });
    expect(theirs.status).toBe(404);
    expect({ ...theirs.body, detail: '' }).toEqual({ ...unknown.body, detail: '' });
    expect(theirs.body.detail).toBe(`no case ${caseId}`);
  }
  expect((await h.call<CaseView>('GET', `/cases/${caseId}`, { as: 'otto' })).body.stage).toBe('investigating');
});

it('keeps listing a case that continued as new (its current run is not the run it was opened with)', async () => {
  const account = uniqueId('continued');
  const caseId = `case-${account}`;
  const opened = await h.call<{ runId: string }>('POST', '/cases', { as: 'rita', body: openBody(account) });
  expect(opened.status).toBe(201);
  const client = h.env!.client;
  const firstRun = client.workflow.getHandle(caseId, opened.body.runId);
  const latest = client.workflow.getHandle(caseId);
  const continued = async () => (await firstRun.describe()).status.name === 'CONTINUED_AS_NEW';
  // Provider changes grow the history until the case continues as new (bounded: a broken threshold fails).
  let sent = 0;
  for (let round = 0; round < 100 && !(await continued()); round++) {
    await Promise.all(
      Array.from({ length: 50 }, () =>
        latest.signal(providerChangedSignal, {
          domain: `${account}.example`,
          state: 'online',
          provider: ++sent % 2 ? 'competitor-a' : 'competitor-b',
          confidence: 0.9,
          at: new Date(Date.now() - 3_600_000 + sent * 1000).toISOString(),
        }),
      ),
    );
  }
  await eventually(continued, (c) => c, 'the case continued as new', 45_000);
  const mine = await eventually(
    () => list('rita', `account=${account}`),
    (cases) => cases.length === 1 && cases[0]!.runId !== opened.body.runId,
    "rita's case listed as its current run",
    45_000,
  );
  expect(mine[0]!.caseRef).toBe(opened.body.runId);
  expect(await list('randy', `account=${account}`)).toEqual([]);
});

it("adds a case opened before owners were recorded to its requester's list once the requester reads it", async () => {
  const account = uniqueId('legacy');
  const caseId = `case-${account}`;
  const opened = await h.call<{ runId: string }>('POST', '/cases', { as: 'rita', body: openBody(account) });
  expect(opened.status).toBe(201);
  await eventually(
    () => list('otto', `account=${account}`),
    (cases) => cases.length === 1,
    'the case listed',
    45_000,
  );
  // As an upgraded deployment has it: the case exists, its owner row does not.
  await h.db.query('DELETE FROM case_owners WHERE case_id = $1', [caseId]);
  expect(await list('rita', `account=${account}`)).toEqual([]);
  expect((await h.call('GET', `/cases/${caseId}`, { as: 'randy' })).status).toBe(404);
  expect((await h.call('GET', `/cases/${caseId}`, { as: 'rita' })).status).toBe(200);
  // Listed once the short-lived read cache of the list page expires (1 s by default).
  const listed = await eventually(
    () => list('rita', `account=${account}`),
    (cases) => cases.length === 1,
    "rita's case listed after she read it",
    10_000,
  );
  expect(listed.map((c) => c.caseRef)).toEqual([opened.body.runId]);
  expect(await list('randy', `account=${account}`)).toEqual([]);
});
