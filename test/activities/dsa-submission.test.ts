// The submission activity against the local stand-in of the DSA Transparency Database: idempotent by puid across
// retries and lost answers, transient failures left to Temporal's retries, refusals permanent with field errors.
import { createTransparencyDatabase } from '../../src/adapters/dsa/transparency-db-client';
import { startTransparencyDbStandIn, type TransparencyDbStandIn } from '../../src/adapters/dsa/transparency-db-standin';
import { createDsaSubmissionActivities } from '../../src/activities/dsa-submission';
import type { DsaSubmissionActivities } from '../../src/activities/dsa-submission-contract';
import { everyCategoryAndOutcome } from '../support/dsa-statements';

const TOKEN = 'X|activity-token';
let standIn: TransparencyDbStandIn;
let activities: DsaSubmissionActivities;

beforeEach(async () => {
  standIn = await startTransparencyDbStandIn({ token: TOKEN });
  activities = createDsaSubmissionActivities({
    database: createTransparencyDatabase({ baseUrl: standIn.url, token: TOKEN }),
  });
});
afterEach(() => standIn.stop());

/** Runs the activity as Temporal would: again after every retryable failure, up to `attempts` times. */
async function withRetries<T>(attempt: () => Promise<T>, attempts = 5): Promise<{ result: T; failures: Error[] }> {
  const failures: Error[] = [];
  for (;;) {
    try {
      return { result: await attempt(), failures };
    } catch (err) {
      const e = err as Error & { nonRetryable?: boolean };
      if (e.nonRetryable || failures.length + 1 >= attempts) throw err;
      failures.push(e);
    }
  }
}

const [statement] = everyCategoryAndOutcome();
const input = { caseId: 'case-violent_extremism.terminated', statement: statement! };

it('503 twice, then 201: retried, submitted once', async () => {
  standIn.failNext(503, 503);
  const { result, failures } = await withRetries(() => activities.submitDsaStatement(input));
  expect(failures.map((f) => f.message)).toEqual([expect.stringContaining('503'), expect.stringContaining('503')]);
  expect(result).toMatchObject({ status: 'submitted', puid: statement!.puid, uuid: expect.any(String) });
  expect(standIn.statements().map((s) => s.puid)).toEqual([statement!.puid]);
});

it('an answer lost after the database stored the statement: the retry finds the puid and submits nothing', async () => {
  standIn.onStored(() => {
    throw new Error('connection lost after the store');
  });
  const { result, failures } = await withRetries(() => activities.submitDsaStatement(input));
  expect(failures).toHaveLength(1);
  expect(result.status).toBe('already_present');
  expect(standIn.statements()).toHaveLength(1);
  expect(standIn.requests().filter((r) => r.startsWith('POST'))).toHaveLength(1);
});

it('a statement the database would refuse fails for good with the field errors, before any request', async () => {
  const bad = {
    ...statement!,
    category: 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE',
  } as unknown as typeof statement;
  await expect(activities.submitDsaStatement({ ...input, statement: bad! })).rejects.toMatchObject({
    type: 'DsaRejected',
    nonRetryable: true,
    details: [{ errors: { category: ['The selected category is invalid.'] }, puid: statement!.puid }],
  });
  expect(standIn.requests()).toEqual([]);
});

it('a refused token is a configuration failure; no database configured means submission is off', async () => {
  const wrong = createDsaSubmissionActivities({
    database: createTransparencyDatabase({ baseUrl: standIn.url, token: 'wrong' }),
  });
  await expect(wrong.submitDsaStatement(input)).rejects.toMatchObject({
    type: 'InvalidConfiguration',
    nonRetryable: true,
  });
  const off = createDsaSubmissionActivities({});
  await expect(off.submitDsaStatement(input)).resolves.toMatchObject({ status: 'disabled' });
  expect(standIn.statements()).toHaveLength(0);
});
