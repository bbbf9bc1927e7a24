import { patched, sleep } from '@temporalio/workflow';
import type { RevocationStep } from '../../../domain/case/case-state';
import { errorText, putVerification } from '../../../domain/case/bounded-records';
import { record } from '../../../domain/case/timeline';
import { accountActivities, edgeActivities, failureMessageOf } from '../activity-proxies';
import { accountPath, revokeAccountItems } from './account';
import { snapshotUncovered, type StageResult } from './review';
import type { CaseRuntime } from '../runtime';

/** Revocation steps run in parallel batches of this size; a continue-as-new check sits between batches. */
const BATCH = 20;
/** DNS caches and proxy reloads take a moment: verification is repeated this many times, this far apart. */
const VERIFY_ATTEMPTS = 3;
const VERIFY_PAUSE = '1 minute';

function planSteps(rt: CaseRuntime): void {
  const s = rt.state;
  const notOnEdge = new Set(s.snapshots.flatMap((x) => x.notOnEdge));
  for (const domain of [s.domains.primary, ...s.domains.aliases]) {
    for (const service of s.intake.services) {
      if (s.revocation.some((r) => r.domain === domain && r.service === service)) continue;
      s.revocation.push(
        notOnEdge.has(domain)
          ? { domain, service, status: 'skipped', at: rt.iso(), error: 'not on our edge' }
          : { domain, service, status: 'pending' },
      );
    }
  }
}

async function runStep(rt: CaseRuntime, step: RevocationStep): Promise<void> {
  const s = rt.state;
  try {
    const result = await edgeActivities.revokeService({
      idempotencyKey: rt.key(`revoke-${step.domain}-${step.service}`),
      caseId: s.caseId,
      accountId: s.intake.account.id,
      domain: step.domain,
      service: step.service,
      snapshotId: s.snapshots[s.snapshots.length - 1]?.snapshotId ?? '',
    });
    Object.assign(step, { status: 'done', changed: result.changed, provider: result.provider, at: result.at });
    delete step.error;
    record(s, rt.iso(), 'revoked', `${step.service} revoked for ${step.domain}${result.changed ? '' : ' (already)'}`);
  } catch (err) {
    Object.assign(step, { status: 'failed', at: rt.iso(), error: errorText(failureMessageOf(err)) });
    record(s, rt.iso(), 'revocation_failed', `${step.service} for ${step.domain}: ${step.error}`);
  }
}

/** Checks from the outside that every revoked service is gone; returns the domains still served. */
async function verify(rt: CaseRuntime): Promise<string[]> {
  const s = rt.state;
  const domains = [...new Set(s.revocation.filter((r) => r.status === 'done').map((r) => r.domain))];
  let stillServed: string[] = [];
  for (let attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
    const checks = await Promise.all(
      (attempt === 1 ? domains : stillServed).map(async (domain) => {
        const services = s.revocation.filter((r) => r.domain === domain && r.status === 'done').map((r) => r.service);
        try {
          return await edgeActivities.verifyRevocation({ domain, services });
        } catch (err) {
          return { domain, dnsServed: null, proxyServed: null, checkedAt: rt.iso(), error: failureMessageOf(err) };
        }
      }),
    );
    for (const c of checks) {
      putVerification(s, {
        domain: c.domain,
        dnsServed: c.dnsServed,
        proxyServed: c.proxyServed,
        checkedAt: c.checkedAt,
      });
    }
    stillServed = checks.filter((c) => c.dnsServed === true || c.proxyServed === true).map((c) => c.domain);
    if (!stillServed.length) break;
    if (attempt < VERIFY_ATTEMPTS) await sleep(VERIFY_PAUSE);
  }
  for (const d of domains.filter((x) => !stillServed.includes(x)))
    record(s, rt.iso(), 'verified', `${d}: no longer served`);
  return stillServed;
}

/** Escalates a stuck saga to an operator and waits for `retryRevocation`. */
async function escalate(rt: CaseRuntime, what: string, round: number): Promise<void> {
  const s = rt.state;
  s.revocationStuck = true;
  s.revocationRetryRequested = false;
  rt.refreshDetails();
  await rt.alert(
    'revocation_stuck',
    `revocation-stuck-${round}`,
    `Case ${s.caseId}: revocation needs an operator`,
    `${what}. Steps already done will not be repeated. Retry from the API or CLI once the cause is fixed.`,
  );
  await rt.waitFor(() => s.revocationRetryRequested);
  s.revocationStuck = false;
  rt.refreshDetails();
}

/**
 * Revoking, as a saga: a snapshot for every domain first (the compensation needs it), then one idempotent step
 * per service and domain, then an outside verification. A failed step is retried by its activity policy, then
 * escalated to an operator; a done step is never run again, and the edge activity itself changes nothing twice.
 */
export async function revoke(rt: CaseRuntime): Promise<StageResult> {
  const s = rt.state;
  const account = accountPath(rt);
  for (let round = 1; ; round++) {
    if (account && !(await accountRound(rt, round))) continue;
    if (!(await snapshotUncovered(rt))) {
      await escalate(rt, 'The footprint snapshot could not be taken, so nothing was revoked', round);
      continue;
    }
    planSteps(rt);
    const todo = s.revocation.filter((r) => r.status === 'pending' || r.status === 'failed');
    for (let i = 0; i < todo.length; i += BATCH) {
      await Promise.all(todo.slice(i, i + BATCH).map((step) => runStep(rt, step)));
      if (rt.shouldContinueAsNew()) await rt.continueAsNew();
    }
    const failed = s.revocation.filter((r) => r.status === 'failed');
    if (failed.length) {
      await escalate(
        rt,
        `${failed.length} revocation step(s) failed: ${failed.map((f) => `${f.service} ${f.domain}`).join(', ')}`,
        round,
      );
      continue;
    }
    const stillServed = await verify(rt);
    if (stillServed.length) {
      for (const step of s.revocation.filter((r) => stillServed.includes(r.domain) && r.status === 'done')) {
        step.status = 'pending';
      }
      await escalate(rt, `still served after revocation: ${stillServed.join(', ')}`, round);
      continue;
    }
    s.revokedAt = rt.iso();
    return 'next';
  }
}

/**
 * The account's items (account cases): batches until none is pending; failures escalate to staff, whose
 * `retry-revocation` puts the failed names back to pending. True once every item is done (or excluded).
 */
async function accountRound(rt: CaseRuntime, round: number): Promise<boolean> {
  const items = rt.state.accountItems!;
  const result = await revokeAccountItems(rt);
  if (result === 'discovery_failed') {
    await escalate(
      rt,
      'The pre-revocation discovery of the account could not list the edge, so nothing was revoked',
      round,
    );
    return false;
  }
  if (result.failed === 0) return true;
  await escalate(
    rt,
    `${result.failed} name(s) of the account could not be revoked (see GET /cases/{id}/items?status=failed)`,
    round,
  );
  items.retryRequested = true;
  return false;
}

/**
 * An account case's names were snapshotted per batch, outside the case's own snapshots: after an upheld appeal
 * they come back too, newest snapshot first (so a route two batches touched ends as its older, fuller picture).
 */
async function restoreAccountItems(rt: CaseRuntime): Promise<void> {
  const s = rt.state;
  if (!accountPath(rt) || !patched('account-restore')) return;
  const { snapshotIds } = await accountActivities.accountSnapshotIds({ caseId: s.caseId });
  let zones = 0;
  let hosts = 0;
  for (const snapshotId of snapshotIds) {
    const restored = await edgeActivities.restoreSnapshot({
      idempotencyKey: rt.key(`restore-${snapshotId}`),
      caseId: s.caseId,
      snapshotId,
    });
    zones += restored.restoredZones.length;
    hosts += restored.restoredProxyHosts.length;
  }
  record(
    s,
    rt.iso(),
    'restored',
    `account: ${snapshotIds.length} batch snapshot(s) restored: ${zones} zones, ${hosts} proxy hosts`,
  );
}

/**
 * Compensation after an upheld appeal: restore every snapshot (restoring twice is harmless). Escalates to an
 * operator if the edge keeps refusing.
 */
export async function restore(rt: CaseRuntime): Promise<void> {
  const s = rt.state;
  for (let round = 1; ; round++) {
    try {
      for (const snap of s.snapshots) {
        const restored = await edgeActivities.restoreSnapshot({
          idempotencyKey: rt.key(`restore-${snap.snapshotId}`),
          caseId: s.caseId,
          snapshotId: snap.snapshotId,
        });
        record(
          s,
          rt.iso(),
          'restored',
          `snapshot ${snap.snapshotId} restored: ${restored.restoredZones.length} zones, ${restored.restoredProxyHosts.length} proxy hosts`,
        );
      }
      await restoreAccountItems(rt);
      s.restoredAt = rt.iso();
      return;
    } catch (err) {
      await escalate(rt, `restoring the snapshot failed: ${failureMessageOf(err)}`, 100 + round);
    }
  }
}
