import {
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { buildCaseRecord } from '../../../domain/dsa/case-record';
import { dsaStatementOfCase } from '../../../domain/dsa/case-statement';
import {
  DSA_SUBMISSION_WORKFLOW,
  dsaSubmissionWorkflowId,
  type DsaSubmissionInput,
  type DsaSubmissionOutcome,
} from '../../dsa-submission/messages';
import { record } from '../../../domain/case/timeline';
import type { Outcome } from '../../../domain/case-types';
import {
  itemsWatchGroupWorkflowId,
  MAX_GROUP_DOMAINS,
  STOP_WATCH_SIGNAL,
  WATCH_GROUP_WORKFLOW,
  watchGroupWorkflowId,
  type DomainWatchInput,
  type WatchGroupInput,
} from '../../watch/messages';
import { failureMessageOf, recordsActivities } from '../activity-proxies';
import { restore } from './revoke';
import type { StageResult } from './review';
import type { CaseRuntime } from '../runtime';

/** The child watch's workflow type and ID (owned by the monitoring capability). */
export const DOMAIN_WATCH_WORKFLOW = 'domainWatch';
export const watchWorkflowId = (domain: string): string => `watch-${domain}`;

/** The patch that moved monitoring from one watch per domain to group watches (running cases keep theirs). */
export const WATCH_GROUPS_PATCH = 'watch-groups';

/**
 * Starts a watch as a child that outlives this run (ABANDON: the case continues as new; it stops its watches when
 * it closes). Returns why it did not start (already running: another case, or a retry), or null.
 */
async function startWatchChild(type: string, workflowId: string, input: object): Promise<string | null> {
  try {
    await startChild(type, {
      workflowId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    return null;
  } catch (err) {
    return failureMessageOf(err);
  }
}

async function startWatches(rt: CaseRuntime): Promise<void> {
  const s = rt.state;
  const unwatched = [s.domains.primary, ...s.domains.aliases].filter((d) => !s.watches.some((w) => w.domain === d));
  if (unwatched.length === 0) return;
  if (patched(WATCH_GROUPS_PATCH)) return startWatchGroups(rt, unwatched);
  for (const domain of unwatched) {
    const workflowId = watchWorkflowId(domain);
    const input: DomainWatchInput = {
      caseId: s.caseId,
      domain,
      // Domains revoked with the case count from the revocation; aliases added later from now.
      cutoffAt: cutoffOf(rt, domain),
      followUpUntil: s.deadlines.followUpUntil!,
    };
    // Already running (another case, or a retry): the existing watch will signal by case ID only if it is ours;
    // either way one watch per domain is the rule.
    const refused = await startWatchChild(DOMAIN_WATCH_WORKFLOW, workflowId, input);
    record(
      s,
      rt.iso(),
      'watch_started',
      refused ? `watch for ${domain} not started: ${refused}` : `watching ${domain} until ${input.followUpUntil}`,
    );
    s.watches.push({ domain, workflowId, startedAt: rt.iso() });
  }
}

/** Domains revoked with the case are watched from the revocation; aliases added later from now. */
function cutoffOf(rt: CaseRuntime, domain: string): string {
  const s = rt.state;
  return s.revokedAt && s.snapshotCoverage.includes(domain) ? s.revokedAt : rt.iso();
}

/**
 * Starts group watches (`watchGroup`, up to 1,000 domains each) for the unwatched domains, one group per cutoff
 * (the revoked family together; aliases added later in a group of their own). Group IDs count the case's groups.
 */
async function startWatchGroups(rt: CaseRuntime, unwatched: string[]): Promise<void> {
  const s = rt.state;
  const byCutoff = new Map<string, string[]>();
  for (const domain of unwatched) {
    const cutoffAt = cutoffOf(rt, domain);
    byCutoff.set(cutoffAt, [...(byCutoff.get(cutoffAt) ?? []), domain]);
  }
  let groups = new Set(s.watches.filter((w) => w.workflowId.startsWith('watch-group-')).map((w) => w.workflowId)).size;
  for (const [cutoffAt, domains] of byCutoff) {
    for (let from = 0; from < domains.length; from += MAX_GROUP_DOMAINS) {
      const members = domains.slice(from, from + MAX_GROUP_DOMAINS);
      const workflowId = watchGroupWorkflowId(s.caseId, ++groups);
      const input: WatchGroupInput = {
        caseId: s.caseId,
        domains: members,
        cutoffAt,
        followUpUntil: s.deadlines.followUpUntil!,
      };
      const names = members.length === 1 ? members[0]! : `${members.length} domains (${members[0]}, ...)`;
      const refused = await startWatchChild(WATCH_GROUP_WORKFLOW, workflowId, input);
      record(
        s,
        rt.iso(),
        'watch_started',
        refused
          ? `watch group for ${names} not started: ${refused}`
          : `watching ${names} until ${input.followUpUntil} (${workflowId})`,
      );
      for (const domain of members) s.watches.push({ domain, workflowId, startedAt: rt.iso() });
    }
  }
}

/**
 * An account case's revoked names (thousands, in `case_items`) are watched by groups that read their page of names
 * themselves, so no name enters the case's state or history: one group per 1,000 revoked items, started once.
 */
async function startItemGroups(rt: CaseRuntime): Promise<void> {
  const s = rt.state;
  const items = s.accountItems;
  if (!items || items.watchGroups !== undefined || items.done === 0 || !patched('account-watch-groups')) return;
  const groups = Math.ceil(items.done / MAX_GROUP_DOMAINS);
  const followUpUntil = s.deadlines.followUpUntil!;
  for (let n = 1; n <= groups; n++) {
    const workflowId = itemsWatchGroupWorkflowId(s.caseId, n);
    const input: WatchGroupInput = {
      caseId: s.caseId,
      domains: [],
      source: { caseItems: { page: n, size: MAX_GROUP_DOMAINS } },
      cutoffAt: s.revokedAt ?? rt.iso(),
      followUpUntil,
    };
    const refused = await startWatchChild(WATCH_GROUP_WORKFLOW, workflowId, input);
    if (refused) record(s, rt.iso(), 'watch_started', `watch group ${workflowId} not started: ${refused}`);
  }
  items.watchGroups = groups;
  record(
    s,
    rt.iso(),
    'watch_started',
    `watching the ${items.done} revoked names in ${groups} groups until ${followUpUntil}`,
  );
}

/**
 * Once service ended, the statement of reasons goes to the DSA Transparency Database in a child workflow of its
 * own (ID by puid: started once per case, whatever the retries and runs), which retries through outages and
 * signals the outcome back. Guarded by a patch: cases recorded before it replay without it.
 */
async function startDsaSubmission(rt: CaseRuntime): Promise<void> {
  const s = rt.state;
  if (s.dsaSubmission || !patched('dsa-submission')) return;
  const statement = dsaStatementOfCase(s);
  if (!statement) return;
  const workflowId = dsaSubmissionWorkflowId(statement.puid);
  try {
    // ABANDON: the submission outlives this run (continue-as-new) and even the case.
    await startChild<(i: DsaSubmissionInput) => Promise<DsaSubmissionOutcome>>(DSA_SUBMISSION_WORKFLOW, {
      workflowId,
      args: [{ caseId: s.caseId, statement }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    record(s, rt.iso(), 'dsa_submission', `DSA statement ${statement.puid} on its way to the Transparency Database`);
  } catch (err) {
    record(s, rt.iso(), 'dsa_submission', `DSA submission of ${statement.puid} not started: ${failureMessageOf(err)}`);
  }
  s.dsaSubmission = { workflowId, puid: statement.puid, startedAt: rt.iso() };
}

/**
 * Monitoring: child watches (groups of up to 1,000 domains; one per domain for cases started before the
 * `watch-groups` patch), whose provider changes arrive as signals and are kept in the chain,
 * until the follow-up period ends or staff end it. An upheld appeal here restores the snapshot. The case waits
 * on a single timer and its conditions: signals do not wake it, so months of watching cost a few events.
 */
export async function monitor(rt: CaseRuntime): Promise<StageResult> {
  const s = rt.state;
  if (!s.deadlines.followUpUntil) {
    const from = Date.parse(s.revokedAt ?? rt.iso());
    s.deadlines.followUpUntil = rt.iso(from + s.policy.category.followUpPeriod.ms);
  }
  const upheld = () => s.appeals.some((a) => a.decision?.outcome === 'upheld');
  const unwatched = () => [s.domains.primary, ...s.domains.aliases].some((d) => !s.watches.some((w) => w.domain === d));
  await startDsaSubmission(rt);
  await startItemGroups(rt);
  for (;;) {
    await startWatches(rt);
    rt.refreshDetails();
    const woke = await rt.waitFor(
      () => upheld() || s.monitoringEnd !== undefined || unwatched(),
      Date.parse(s.deadlines.followUpUntil),
    );
    if (!woke || s.monitoringEnd) return { close: 'terminated' };
    if (upheld()) {
      await restore(rt);
      s.outbox.push({ key: 'reinstated', kind: 'reinstatement' });
      return { close: 'reinstated' };
    }
  }
}

async function stopWatches(rt: CaseRuntime): Promise<void> {
  const s = rt.state;
  // A group watches several domains: it is signalled once, and every domain it watches is marked stopped.
  const signalled = new Set<string>();
  for (const watch of s.watches.filter((w) => !w.stoppedAt)) {
    if (!signalled.has(watch.workflowId)) {
      signalled.add(watch.workflowId);
      try {
        await getExternalWorkflowHandle(watch.workflowId).signal(STOP_WATCH_SIGNAL);
      } catch {
        // Already finished (its follow-up period ended): nothing to stop.
      }
    }
    watch.stoppedAt = rt.iso();
  }
  const items = s.accountItems;
  for (let n = 1; n <= (items?.watchGroups ?? 0); n++) {
    try {
      await getExternalWorkflowHandle(itemsWatchGroupWorkflowId(s.caseId, n)).signal(STOP_WATCH_SIGNAL);
    } catch {
      // Already finished: nothing to stop.
    }
  }
}

/**
 * Closing: queued customer messages go out, watches stop, preservation holds extend retention of the evidence and
 * snapshots past the case, and the final record (with the DSA statement when service ended) is archived.
 */
export async function closeCase(rt: CaseRuntime, outcome: Outcome): Promise<{ recordId: string; closedAt: string }> {
  const s = rt.state;
  rt.setOutcome(outcome);
  await rt.flushOutbox();
  await stopWatches(rt);
  const preservation = s.holds.filter((h) => h.kind === 'preservation');
  for (const hold of preservation) {
    await recordsActivities.applyRetention({
      caseRef: s.caseRef,
      holdReference: hold.reference,
      retainUntil: hold.expiresAt,
      evidence: s.evidence.map((e) => e.sha256),
      snapshotIds: s.snapshots.map((x) => x.snapshotId),
    });
  }
  const closedAt = rt.iso();
  s.closedAt = closedAt;
  rt.setStage('closed', `outcome ${outcome}`);
  record(s, closedAt, 'closed', `case closed: ${outcome}`);
  const archived = await recordsActivities.archiveCaseRecord({ record: buildCaseRecord(s, closedAt) });
  record(s, rt.iso(), 'archived', `final record ${archived.recordId} archived`);
  rt.refreshDetails();
  return { recordId: archived.recordId, closedAt };
}
