// The source of a case at intake: the API passes it to the case whole, and a client that sends none (every client
// from before sources existed) opens an own-initiative case, as before.
import type { CaseIntake } from '../../src/domain/case/case-state';
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { FakeCaseService } from '../support/api/fake-case-service';
import { openBody } from '../support/api/route-table';

let h: ApiHarness;
let fake: FakeCaseService;

beforeAll(async () => {
  fake = new FakeCaseService();
  h = await startApiHarness({ cases: fake });
});
afterAll(() => h?.stop());

const openedIntake = async (body: Record<string, unknown>) => {
  const before = fake.calls.length;
  const answer = await h.call('POST', '/cases', { as: 'rita', body });
  expect(answer.status).toBe(201);
  const call = fake.calls.slice(before).find((c) => c.method === 'open');
  return call!.args[0] as CaseIntake;
};

it('an order carries its authority, country, reference and receipt into the intake', async () => {
  const source = {
    kind: 'member_state_order',
    authority: 'Tribunal judiciaire de Paris',
    country: 'FR',
    reference: 'RG 26/01234',
    receivedAt: '2026-03-01T10:00:00Z',
  };
  const body: Record<string, unknown> = { ...openBody('acct-order'), source };
  (body.account as Record<string, unknown>).createdOn = '2021-06-30';
  const intake = await openedIntake(body);
  expect(intake.source).toEqual(source);
  expect(intake.account.createdOn).toBe('2021-06-30');
});

it('a trusted flagger notice carries the flagger', async () => {
  const source = { kind: 'trusted_flagger', notifier: 'INHOPE', receivedAt: '2026-03-01T10:00:00Z' };
  expect((await openedIntake({ ...openBody('acct-flag'), source })).source).toEqual(source);
});

it('a body without a source opens an own-initiative case (older clients keep working)', async () => {
  const intake = await openedIntake(openBody('acct-plain'));
  expect(intake.source).toBeUndefined();
  expect(intake.account.createdOn).toBeUndefined();
});
