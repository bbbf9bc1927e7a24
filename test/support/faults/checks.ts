import { watchGroupWorkflowId, type WatchGroupResult } from '../../../src/workflows/watch/messages';
import type { CaseView, TimelineEntry } from '../../../src/domain/case/case-state';
import type { TerminationCaseResult } from '../../../src/workflows/case/messages';
import type { Scenario } from './fault-env';

/**
 * What every fault scenario must end with, whatever was killed or restarted on the way: the case closed as
 * terminated with its record archived once, one notice to each contact (at the SMTP server, in the outbox, in the
 * case), every revocation applied exactly once (counted at the providers through the ledger, in the edge
 * operations, and in the sandbox's own tables), nothing outside the customer touched, and a timeline that is the
 * fault-free one: no step lost, none doubled.
 */

const STAGE_ORDER = [
  'investigating -> legal_review',
  'legal_review -> notifying',
  'notifying -> awaiting_cutoff',
  'awaiting_cutoff -> revoking',
  'revoking -> monitoring',
  'monitoring -> closed',
];

/** A timeline entry with instants, hashes and snapshot ids masked, so two runs of the same case compare equal. */
export function normalizeEntry(e: TimelineEntry): string {
  const summary = e.summary
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)/g, '<t>')
    .replace(/snap_[0-9a-f]+/g, '<snap>')
    .replace(/sha256 [0-9a-f]{64}/g, 'sha256 <hash>')
    .replace(/DSA statement [A-Za-z0-9_-]+/g, 'DSA statement <puid>');
  return `${e.kind} ${e.actor}: ${summary}`;
}

/**
 * The submission's outcome reaches the case as a signal from its own workflow, which may come after the case
 * closed (then it is not in the timeline) and depends on the scenario (submission on or off): the DSA tests check
 * it themselves; the exactly-once comparison leaves it out.
 */
const isDsaOutcome = (normalized: string): boolean =>
  normalized.startsWith('dsa_submission system: DSA statement <puid> ') &&
  !normalized.endsWith(' on its way to the Transparency Database');

/** The timeline of the fault-free case for the scenario's customer, normalised and sorted. */
export function expectedTimeline(s: Scenario): string[] {
  const { domains } = s.customer;
  const revoked = domains.flatMap((d) => [
    `revoked system: dns revoked for ${d}`,
    `revoked system: proxy revoked for ${d}`,
  ]);
  return [
    'opened fault-rita: case opened under policy 2026.1, category csam',
    'snapshot_taken system: footprint snapshot <snap> (sha256 <hash>)',
    ...domains.map((d) => `evidence_stored system: observation ${d} <t>: sha256 <hash>`),
    'findings_submitted fault-ivan: findings submitted (1 evidence references)',
    'legal_decision fault-lena: legal approved',
    'approval fault-theo: tns_lead approved',
    'cutoff_resolved system: cutoff <t> UTC (<t>)',
    'notice_sent system: termination notice delivered',
    ...revoked,
    ...domains.map((d) => `verified system: ${d}: no longer served`),
    // One group watch for the revoked family (the watch-groups patch), named by its first domain and its ID.
    `watch_started system: watching ${domains.length} domains (${domains[0]}, ...) until <t> (${watchGroupWorkflowId(s.caseId, 1)})`,
    'dsa_submission system: DSA statement <puid> on its way to the Transparency Database',
    'monitoring_ended fault-theo: monitoring ended by staff',
    'closed system: case closed: terminated',
    ...STAGE_ORDER.map((t) => `stage_changed system: ${t}`),
  ].sort();
}

/** Waits for the workflow's result (the case archived and closed), bounded. */
export async function caseResult(s: Scenario, timeoutMs = 120_000): Promise<TerminationCaseResult> {
  const handle = s.env.client.workflow.getHandle(s.caseId);
  return s.env.client.withDeadline(Date.now() + timeoutMs, () => handle.result() as Promise<TerminationCaseResult>);
}

/** Every check of the module comment; `view` is the closed case as the service returns it. */
export async function expectTerminatedExactlyOnce(s: Scenario, view: CaseView): Promise<void> {
  const { db, sink } = s.env;
  const { customer, caseId } = s;
  const contacts = [...customer.contacts].sort();

  // The case: closed as terminated, the timeline the fault-free one, stage changes in order.
  expect({ stage: view.stage, outcome: view.outcome }).toEqual({ stage: 'closed', outcome: 'terminated' });
  expect(
    view.timeline
      .map(normalizeEntry)
      .filter((e) => !isDsaOutcome(e))
      .sort(),
  ).toEqual(expectedTimeline(s));
  expect(view.timeline.filter((e) => e.kind === 'stage_changed').map((e) => e.summary)).toEqual(STAGE_ORDER);

  // The record: archived once, and the service reads it from the archive.
  const records = await db.query<{ outcome: string }>('SELECT outcome FROM case_records WHERE case_id = $1', [caseId]);
  expect(records).toEqual([{ outcome: 'terminated' }]);
  const record = await s.service.record(caseId);
  expect({ archived: record.archived, outcome: record.record.outcome }).toEqual({
    archived: true,
    outcome: 'terminated',
  });

  // One notice per recipient: in the case, at the SMTP server, in the outbox.
  const notices = view.notices.filter((n) => n.kind === 'termination_notice');
  expect(notices.map((n) => ({ delivered: n.delivered, accepted: [...n.accepted].sort() }))).toEqual([
    { delivered: true, accepted: contacts },
  ]);
  const received = sink.messages.filter((m) => m.parsed.headers.get('x-terminus-case') === caseId);
  expect(
    received.map((m) => ({
      kind: m.parsed.headers.get('x-terminus-kind'),
      to: [...m.envelope.to].sort(),
      messageId: m.parsed.messageId,
    })),
  ).toEqual([{ kind: 'termination_notice', to: contacts, messageId: notices[0]?.messageId }]);
  const outbox = await db.query<{ status: string; attempts: number; message_id: string }>(
    'SELECT status, attempts, message_id FROM mail_outbox WHERE case_id = $1',
    [caseId],
  );
  expect(outbox).toEqual([{ status: 'sent', attempts: 1, message_id: notices[0]?.messageId }]);

  // Each revocation applied once: in the case, in the edge operations, at the providers (the ledger counts every
  // call of every worker process, killed ones included).
  const steps = customer.domains.flatMap((domain) => [
    { domain, service: 'dns', status: 'done', changed: true },
    { domain, service: 'proxy', status: 'done', changed: true },
  ]);
  const sortSteps = (xs: { domain: string; service: string }[]) =>
    [...xs].sort((a, b) => `${a.domain} ${a.service}`.localeCompare(`${b.domain} ${b.service}`));
  expect(
    sortSteps(view.revocation.map(({ domain, service, status, changed }) => ({ domain, service, status, changed }))),
  ).toEqual(sortSteps(steps));
  expect(view.verification.length).toBeGreaterThanOrEqual(customer.domains.length);
  expect(view.verification.filter((v) => v.dnsServed !== false || v.proxyServed !== false)).toEqual([]);
  const operations = await db.query<{ operation: string; n: string }>(
    'SELECT operation, count(*)::text AS n FROM edge_operations WHERE case_id = $1 GROUP BY operation ORDER BY operation',
    [caseId],
  );
  expect(operations).toEqual([
    { operation: 'revoke:dns', n: '3' },
    { operation: 'revoke:proxy', n: '3' },
  ]);
  const snapshots = await db.query('SELECT id FROM edge_snapshots WHERE case_id = $1', [caseId]);
  expect(snapshots).toHaveLength(1);
  const edgeCalls = s
    .ledger()
    .flatMap((e) => (e.kind === 'edge' ? [`${e.call} ${e.target} -> ${String(e.result)}`] : []));
  const applied = edgeCalls.filter((c) => c.endsWith('-> true')).sort();
  expect(applied).toEqual(
    customer.domains.flatMap((d) => [`deleteZone ${d} -> true`, `removeHost ${d} -> true`]).sort(),
  );
  expect(edgeCalls.filter((c) => !customer.domains.some((d) => c.split(' ')[1] === d))).toEqual([]);

  // The sandbox agrees: the customer is gone from our edge, the neighbour untouched.
  const left = await db.query(
    `SELECT name FROM sandbox_zones WHERE realm = 'edge' AND account_id = $1
     UNION ALL SELECT host FROM sandbox_routes WHERE realm = 'edge' AND account_id = $1`,
    [customer.accountId],
  );
  expect(left).toEqual([]);
  const neighbour = await db.query(
    `SELECT name FROM sandbox_zones WHERE realm = 'edge' AND name = 'bakery.example'
     UNION ALL SELECT host FROM sandbox_routes WHERE realm = 'edge' AND host = 'bakery.example'`,
  );
  expect(neighbour).toHaveLength(2);

  // The watch: every domain in the case's one group watch, stopped by the case, and the group finished.
  expect(view.watches.map((w) => ({ domain: w.domain, stopped: !!w.stoppedAt }))).toEqual(
    customer.domains.map((domain) => ({ domain, stopped: true })),
  );
  const groups = [...new Set(view.watches.map((w) => w.workflowId))];
  expect(groups).toEqual([watchGroupWorkflowId(s.caseId, 1)]);
  const results = await Promise.all(groups.map((id) => watchResult(s, id)));
  expect(results.map((r) => r.stoppedBecause)).toEqual(['stopped_by_staff']);
}

/** A watch's result, bounded; on timeout the error shows where its history stands (for a watch that never ends). */
async function watchResult(s: Scenario, workflowId: string, timeoutMs = 120_000): Promise<WatchGroupResult> {
  const { client } = s.env;
  const handle = client.workflow.getHandle(workflowId);
  try {
    return await client.withDeadline(Date.now() + timeoutMs, () => handle.result() as Promise<WatchGroupResult>);
  } catch (err) {
    const events = (await handle.fetchHistory().catch(() => undefined))?.events ?? [];
    const tail = events.slice(-8).map((e) => `${String(e.eventType)} ${e.eventTime?.seconds?.toString() ?? ''}`);
    throw new Error(`${s.tag}: ${workflowId} not finished after ${timeoutMs} ms; last events: ${tail.join(', ')}`, {
      cause: err,
    });
  }
}
