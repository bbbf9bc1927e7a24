// The DSA statement's submission to the EU Transparency Database (here its local stand-in, which applies the same
// validation rules) through an outage and a crash: the stand-in answers 503 twice, then stores the statement and
// answers 201, and the worker is SIGKILLed right then, before Temporal hears that the activity completed. The
// retry in a new worker asks the database for the puid first: exactly one statement exists afterwards.
import { startTransparencyDbStandIn, type TransparencyDbStandIn } from '../../src/adapters/dsa/transparency-db-standin';
import { validateDsaStatement } from '../../src/domain/dsa/dsa-validate';
import {
  approve,
  cutoffIn,
  endMonitoringAndClose,
  openCase,
  submitFindings,
  waitForCase,
  waitForStage,
} from '../support/faults/case-driver';
import { expectTerminatedExactlyOnce } from '../support/faults/checks';
import { startFaultEnv, type FaultEnv } from '../support/faults/fault-env';
import { completionsAcrossKill, killAt } from '../support/faults/kill-points';
import type { FreezePoint } from '../support/faults/ledger';

const TOKEN = 'X|fault-suite-token';
const DSA_ENV = ['TERMINUS_DSA_SUBMIT', 'TERMINUS_DSA_API_URL', 'TERMINUS_DSA_API_TOKEN'] as const;
let standIn: TransparencyDbStandIn | undefined;
let env: FaultEnv | undefined;

beforeAll(async () => {
  standIn = await startTransparencyDbStandIn({ token: TOKEN });
  // The scenario's workers inherit this process's environment: submission on, to the stand-in.
  Object.assign(process.env, {
    TERMINUS_DSA_SUBMIT: 'on',
    TERMINUS_DSA_API_URL: standIn.url,
    TERMINUS_DSA_API_TOKEN: TOKEN,
  });
  env = await startFaultEnv('dsa-submission');
}, 240_000);
afterAll(async () => {
  await env?.stop();
  await standIn?.stop();
  for (const name of DSA_ENV) delete process.env[name];
}, 120_000);

it('503 twice, then 201 with the worker killed before the activity completes: exactly one statement', async () => {
  const s = await env!.scenario('dsa');
  const freeze: FreezePoint[] = [{ id: 'dsa-stored', activity: 'submitDsaStatement', when: 'after' }];
  const worker = await s.startWorker(freeze);
  standIn!.failNext(503, 503);
  await openCase(s, cutoffIn(20_000));
  await submitFindings(s);
  await approve(s);
  await waitForStage(s, 'monitoring', 240_000);

  await killAt(s, worker, 'dsa-stored');
  const posts = () => standIn!.requests().filter((r) => r.startsWith('POST'));
  expect(posts()).toEqual([
    'POST /api/v1/statements 503',
    'POST /api/v1/statements 503',
    'POST /api/v1/statements 201',
  ]);
  expect(standIn!.statements()).toHaveLength(1);

  await s.startWorker(freeze);
  const view = await waitForCase(s, 'the submission outcome', (v) => v.dsaSubmission?.outcome !== undefined, 240_000);
  expect(view.dsaSubmission!.outcome).toMatchObject({ status: 'already_present' });
  expect(completionsAcrossKill(s, 'submitDsaStatement', worker.pid)).toEqual({ killed: 1, others: 1 });
  expect(posts()).toHaveLength(3); // the retry asked for the puid and posted nothing
  const stored = standIn!.statements();
  expect(stored.map((x) => x.puid)).toEqual([view.dsaSubmission!.puid]);
  expect(validateDsaStatement(stored[0]!.statement)).toEqual({});
  expect(stored[0]!.statement).toMatchObject({
    application_date: view.revokedAt!.slice(0, 10),
    decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
  });
  expect(view.timeline.filter((t) => t.kind === 'dsa_submission').map((t) => t.summary)).toEqual([
    expect.stringContaining('on its way'),
    expect.stringContaining('already in the Transparency Database'),
  ]);

  const closed = await endMonitoringAndClose(s);
  await expectTerminatedExactlyOnce(s, closed);
  expect(standIn!.statements()).toHaveLength(1);
});
