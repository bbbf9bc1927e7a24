import type { Client } from '@temporalio/client';
import type { Database } from '../../../src/db/database';
import { InFlightLimit } from '../../../src/services/case/in-flight-limit';
import { TemporalCaseService } from '../../../src/services/case/case-service';
import { toServiceFailure } from '../../../src/services/case/service-error';

describe('actions in flight on one case', () => {
  it('admits up to the limit per key, and again after a release (released once only)', () => {
    const limit = new InFlightLimit(2);
    const a = limit.acquire('case-a');
    const b = limit.acquire('case-a');
    expect(limit.acquire('case-a')).toBeNull();
    expect(limit.acquire('case-b')).not.toBeNull();
    a!();
    a!();
    expect(limit.inFlight('case-a')).toBe(1);
    expect(limit.acquire('case-a')).not.toBeNull();
    b!();
    expect(() => new InFlightLimit(0)).toThrow(/whole number >= 1/);
  });

  it('the service answers RateLimited at once past the limit, and takes actions again once answered', async () => {
    const pending: (() => void)[] = [];
    const updates: string[] = [];
    // A Temporal client whose updates are answered only when the test says so.
    const client = {
      withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
      workflow: {
        getHandle: (caseId: string) => ({
          executeUpdate: () => {
            updates.push(caseId);
            return new Promise((resolve) => pending.push(() => resolve({ caseId })));
          },
        }),
      },
    } as unknown as Client;
    const service = new TemporalCaseService({
      client,
      db: {} as Database,
      taskQueue: 'tq',
      timeoutMs: 5_000,
      openWaitMs: 1_000,
      transparencyMaxOpenCases: 10,
      maxActionsInFlightPerCase: 2,
    });
    const act = () =>
      service.act('case-acct-1', 'withdraw', {
        principal: { id: 'lena', roles: ['legal'] },
        role: 'legal',
        reasons: 'flood',
      });
    const first = [act(), act()];
    await expect(act()).rejects.toMatchObject({
      name: 'ServiceFailure',
      type: 'RateLimited',
      message: expect.stringMatching(/case-acct-1 already has 2 actions in progress/),
    });
    expect(updates).toHaveLength(2);
    pending.shift()!();
    await first[0];
    const third = act();
    expect(updates).toHaveLength(3);
    pending.forEach((answer) => answer());
    await Promise.all([first[1], third]);
  });

  it("Temporal's RESOURCE_EXHAUSTED is a RateLimited failure, not an internal one", () => {
    const grpc = Object.assign(new Error('8 RESOURCE_EXHAUSTED: too many outstanding updates'), { code: 8 });
    const wrapped = Object.assign(new Error('update failed'), { name: 'ServiceError', cause: grpc });
    expect(toServiceFailure(wrapped)).toMatchObject({ type: 'RateLimited' });
  });
});
