// The worker SIGKILLed at each stage boundary of a case and started again, on the real (file-backed) dev server:
// after intake, in legal review, before and right after the notice was accepted by SMTP, while the cutoff timer
// runs, between DNS and proxy revocation, in monitoring and right after the record was archived. Every scenario
// has its own customer, task queue and worker processes on one shared Temporal server, database, SMTP sink and
// sandbox edge, and they run side by side (most of the time is Temporal waiting out the dead attempt's
// start-to-close timeout). Each ends with the same exactly-once checks (support/checks.ts).
import {
  approve,
  cutoffIn,
  endMonitoringAndClose,
  openCase,
  submitFindings,
  waitForCase,
  waitForStage,
} from '../support/faults/case-driver';
import { caseResult, expectTerminatedExactlyOnce } from '../support/faults/checks';
import { startFaultEnv, type FaultEnv, type Scenario } from '../support/faults/fault-env';
import { completionsAcrossKill, freezesAt, killAt, waitForTimerFired } from '../support/faults/kill-points';
import { STAFF } from '../support/faults/customer';
import type { FreezePoint } from '../support/faults/ledger';

let env: FaultEnv | undefined;
let ready: Promise<FaultEnv>;
beforeAll(() => {
  ready = startFaultEnv('worker-kill').then((e) => (env = e));
  return ready;
}, 240_000);
afterAll(async () => env?.stop(), 120_000);

const TIMEOUT = 420_000;

/** The scenario, its first worker (with `freeze`), and the case opened with a cutoff `cutoffMs` ahead. */
async function begin(tag: string, freeze: FreezePoint[], cutoffMs = 20_000) {
  const e = await ready;
  const s = await e.scenario(tag);
  const worker = await s.startWorker(freeze);
  await openCase(s, cutoffIn(cutoffMs));
  return { s, worker, freeze };
}

/** From legal approval (or wherever the case stands) to closed, then every exactly-once check. */
async function finish(s: Scenario): Promise<void> {
  await waitForStage(s, 'monitoring', 240_000);
  const closed = await endMonitoringAndClose(s);
  await expectTerminatedExactlyOnce(s, closed);
}

const caseRows = (s: Scenario, table: string) =>
  s.env.db.query<{ status?: string }>(`SELECT * FROM ${table} WHERE case_id = $1`, [s.caseId]);

it.concurrent(
  'no fault (control): the checks hold for an undisturbed case',
  async () => {
    const { s } = await begin('ctl', []);
    await submitFindings(s);
    await approve(s);
    await finish(s);
    expect(s.workers.map((w) => w.alive())).toEqual([true]);
  },
  TIMEOUT,
);

it.concurrent(
  'killed after intake, with the footprint snapshot stored but not reported: one snapshot, case completes',
  async () => {
    const { s, worker, freeze } = await begin('intake', [
      { id: 'snapshot-stored', activity: 'snapshotFootprint', when: 'after' },
    ]);
    await killAt(s, worker, 'snapshot-stored');
    expect(await caseRows(s, 'edge_snapshots')).toHaveLength(1);
    await s.startWorker(freeze);
    await submitFindings(s);
    expect(completionsAcrossKill(s, 'snapshotFootprint', worker.pid)).toEqual({ killed: 1, others: 1 });
    await approve(s);
    await finish(s);
  },
  TIMEOUT,
);

it.concurrent(
  'killed in legal review, while checking the hold registry: case completes',
  async () => {
    const { s, worker, freeze } = await begin('legal', [
      { id: 'holds-check', activity: 'checkHoldRegistry', when: 'before' },
    ]);
    await submitFindings(s);
    await killAt(s, worker, 'holds-check');
    await s.startWorker(freeze);
    await approve(s);
    expect(completionsAcrossKill(s, 'checkHoldRegistry', worker.pid)).toEqual({ killed: 0, others: 1 });
    await finish(s);
  },
  TIMEOUT,
);

it.concurrent(
  'killed entering notifying, before the notice was sent: sent once by the next worker',
  async () => {
    const { s, worker, freeze } = await begin('notify-pre', [
      { id: 'notice-about-to-send', activity: 'sendCustomerMessage', when: 'before' },
    ]);
    await submitFindings(s);
    await approve(s);
    await killAt(s, worker, 'notice-about-to-send');
    expect(await caseRows(s, 'mail_outbox')).toEqual([]);
    await s.startWorker(freeze);
    await finish(s);
  },
  TIMEOUT,
);

it.concurrent(
  'killed right after the SMTP server accepted the notice (outbox marked sent, Temporal not told): no second notice',
  async () => {
    const { s, worker, freeze } = await begin('notify-post', [
      { id: 'notice-accepted', activity: 'sendCustomerMessage', when: 'after' },
    ]);
    await submitFindings(s);
    await approve(s);
    await killAt(s, worker, 'notice-accepted');
    const atKill = s.env.sink.messages.filter((m) => m.parsed.headers.get('x-terminus-case') === s.caseId);
    expect(atKill).toHaveLength(1);
    expect((await caseRows(s, 'mail_outbox')).map((r) => r.status)).toEqual(['sent']);
    await s.startWorker(freeze);
    await waitForStage(s, 'monitoring', 240_000);
    expect(completionsAcrossKill(s, 'sendCustomerMessage', worker.pid)).toEqual({ killed: 1, others: 1 });
    await finish(s);
  },
  TIMEOUT,
);

it.concurrent(
  'killed while the case waits for its cutoff, restarted after the cutoff passed: the timer fires once',
  async () => {
    const { s, worker } = await begin('cutoff', [], 45_000);
    await submitFindings(s);
    await approve(s);
    const waiting = await waitForStage(s, 'awaiting_cutoff');
    const cutoffAt = Date.parse(waiting.deadlines.cutoffAt ?? '');
    await worker.kill();
    const killedAt = Date.now();
    expect(cutoffAt).toBeGreaterThan(killedAt); // the cutoff is still ahead: the timer fires with no worker alive
    const firedAt = await waitForTimerFired(s, killedAt);
    expect(firedAt).toBeGreaterThanOrEqual(cutoffAt);
    await s.startWorker();
    const monitoring = await waitForStage(s, 'monitoring', 240_000);
    expect(Date.parse(monitoring.revokedAt ?? '')).toBeGreaterThanOrEqual(cutoffAt);
    await finish(s);
  },
  TIMEOUT,
);

it.concurrent(
  'killed between DNS and proxy revocation (zones deleted and unreported, routes untouched): each applied once',
  async () => {
    const { s, worker, freeze } = await begin('revoke', [
      { id: 'dns-revoked', activity: 'revokeService', when: 'after', match: { service: 'dns' } },
      { id: 'proxy-held', activity: 'revokeService', when: 'before', match: { service: 'proxy' } },
    ]);
    await submitFindings(s);
    await approve(s);
    await s.waitForLedger('every revocation step frozen', (es) => freezesAt(es, 'proxy-held').length === 3);
    await killAt(s, worker, 'dns-revoked', 3);
    const account = [s.customer.accountId];
    const zones = await s.env.db.query(`SELECT name FROM sandbox_zones WHERE account_id = $1`, account);
    const routes = await s.env.db.query(`SELECT host FROM sandbox_routes WHERE account_id = $1`, account);
    expect({ zones: zones.length, routes: routes.length }).toEqual({ zones: 0, routes: 3 });
    await s.startWorker(freeze);
    await finish(s);
    expect(completionsAcrossKill(s, 'revokeService', worker.pid)).toEqual({ killed: 3, others: 6 });
  },
  TIMEOUT,
);

it.concurrent(
  'killed in monitoring, and again right after the final record was archived: one record, case closed',
  async () => {
    const { s, worker, freeze } = await begin('monitor', [
      { id: 'record-archived', activity: 'archiveCaseRecord', when: 'after' },
    ]);
    await submitFindings(s);
    await approve(s);
    await waitForCase(s, 'watches started', (v) => v.stage === 'monitoring' && v.watches.length === 3);
    // The group watch probed its three domains once (one batch) and sleeps on a timer: the kill loses no probe.
    await s.waitForLedger('a first probe batch of the group watch', (es) => {
      const done = es.filter((e) => e.kind === 'activity' && e.name === 'probeDomains' && e.phase === 'done');
      return done.length >= 1;
    });
    await worker.kill();
    const second = await s.startWorker(freeze);
    await waitForStage(s, 'monitoring'); // answered by the new worker once the dead one's sticky queue times out
    await s.service.act(s.caseId, 'end-monitoring', {
      principal: STAFF.tnsLead,
      role: 'tns_lead',
      reasons: 'fault suite: follow-up not needed',
    });
    await killAt(s, second, 'record-archived');
    expect(await caseRows(s, 'case_records')).toHaveLength(1);
    await s.startWorker(freeze);
    await caseResult(s);
    expect(completionsAcrossKill(s, 'archiveCaseRecord', second.pid)).toEqual({ killed: 1, others: 1 });
    await expectTerminatedExactlyOnce(s, await s.service.view(s.caseId));
  },
  TIMEOUT,
);
