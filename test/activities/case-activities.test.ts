import { MockActivityEnvironment } from '@temporalio/testing';
import { createCaseActivities } from '../../src/activities/case-activities';
import { loadPolicy } from '../../src/config/policy';

describe('case activities: policy slice and cutoff', () => {
  const env = new MockActivityEnvironment();
  // Typed pass-through: the mock's generic signature loses the input and result types of our activities.
  const run = <I, O>(fn: (input: I) => Promise<O>, input: I): Promise<O> =>
    env.run<[I], O, (input: I) => Promise<O>>(fn, input);
  const acts = createCaseActivities({ policy: loadPolicy() });
  const rules = { nonexistentLocalTime: 'shift_forward' as const, ambiguousLocalTime: 'earlier' as const };

  it('resolves the policy a case is decided under; an unknown category is a non-retryable InvalidInput', async () => {
    const p = await run(acts.resolveCasePolicy, { category: 'hate_speech' });
    expect(p.category).toMatchObject({ id: 'hate_speech', expediteAllowed: false });
    expect(p.version).toBe(loadPolicy().version);
    await expect(run(acts.resolveCasePolicy, { category: 'spam' })).rejects.toMatchObject({
      type: 'InvalidInput',
      nonRetryable: true,
      message: expect.stringContaining('unknown policy category "spam"'),
    });
  });

  it('resolves a cutoff; an unknown zone is a non-retryable InvalidCutoff naming the zone', async () => {
    const r = await run(acts.resolveCutoff, {
      request: { kind: 'local', time: '00:00', timeZone: 'America/Los_Angeles' },
      noticeAt: '2019-08-05T03:30:00.000Z',
      minimumNoticeMs: 2 * 3_600_000,
      rules,
      expedited: false,
    });
    expect(r.at).toBe('2019-08-05T07:00:00.000Z');
    await expect(
      run(acts.resolveCutoff, {
        request: { kind: 'local', time: '00:00', timeZone: 'America/Los_Angles' },
        noticeAt: '2019-08-05T03:30:00.000Z',
        minimumNoticeMs: 0,
        rules,
        expedited: false,
      }),
    ).rejects.toMatchObject({
      type: 'InvalidCutoff',
      nonRetryable: true,
      message: expect.stringContaining('America/Los_Angles'),
    });
  });
});
