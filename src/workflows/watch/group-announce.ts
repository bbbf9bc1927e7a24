import { getExternalWorkflowHandle, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { WatchGroupActivities } from '../../activities/monitor-group-contract';
import type { NotifyActivities } from '../../activities/notify-contract';
import { type ConfirmedChange, groupChanges, type GroupedChange } from '../../domain/watch';
import { DATABASE_OPTIONS, STAFF_ALERT_OPTIONS, WEBHOOK_OPTIONS } from './activity-options';
import { changeHeadline, changeWhere } from './alert-text';
import { providerChangedSignal } from './domain-watch';
import type { WatchGroupInput } from './messages';

/** A confirmed change with its per-domain index (the history table's key, and stable across retries). */
export type IndexedChange = ConfirmedChange & { index: number };

const { recordProviderChanges } = proxyActivities<WatchGroupActivities>(DATABASE_OPTIONS);
const { notifyGroupChange } = proxyActivities<WatchGroupActivities>(WEBHOOK_OPTIONS);
const { sendStaffAlert } = proxyActivities<NotifyActivities>(STAFF_ALERT_OPTIONS);

/** The grouped alert: one subject for the move, the first domains named, the rest counted. */
export function groupAlertText(
  input: WatchGroupInput,
  group: GroupedChange,
  listed: number,
): { subject: string; body: string } {
  const n = group.changes.length;
  const first = group.changes[0]!;
  const names = group.changes
    .slice(0, listed)
    .map((c) => `  - ${c.domain} (since ${c.at}, confidence ${c.confidence})`);
  const body = [
    n === 1
      ? `${first.domain} ${changeWhere(group)}.`
      : `${n} domains of case ${input.caseId} ${changeWhere(group).replace(/^is /, 'are ')}.`,
    'Each change was confirmed after consistent observations.',
    `Domains${n > listed ? ` (the first ${listed} of ${n})` : ''}:\n${names.join('\n')}`,
    n > listed ? `... and ${n - listed} more; every domain's provider history is in the database (watch_history).` : '',
    `Cutoff: ${input.cutoffAt}. Case: ${input.caseId}. Watch group: ${workflowInfo().workflowId}.`,
  ].filter((line) => line.length > 0);
  const subject = n === 1 ? `${first.domain}: ${changeHeadline(group)}` : `${n} domains: ${changeHeadline(group)}`;
  return { subject, body: body.join('\n') };
}

/** What announcing needs: the group, its stable key, the round's changes, and its alert counter (bumped here). */
export interface AnnounceInput {
  input: WatchGroupInput;
  watchKey: string;
  changes: IndexedChange[];
  counter: { alertsSent: number };
  settings: { caseSignalsPerChange: number; alertDomainsListed: number };
}

/**
 * Records a round's changes in the database (all of them: the provider history lives there), then announces each
 * destination once: one staff alert and one webhook call (key: group key and alert index, stable across
 * continue-as-new) and `providerChanged` signals to the case for its first domains. Failures are logged, never
 * fatal. The counter moves as each alert gets its key, so a query meanwhile counts alerts on their way.
 */
export async function announceGroupChanges(a: AnnounceInput): Promise<void> {
  const { input, watchKey, changes } = a;
  await recordProviderChanges({ watchKey, caseId: input.caseId, changes }).catch((error: unknown) =>
    log.error('provider history not recorded', { watchKey, count: changes.length, error: String(error) }),
  );
  const parent = workflowInfo().parent;
  const work = groupChanges(changes).map((group) => {
    const idempotencyKey = `${watchKey}/migration/${a.counter.alertsSent++}`;
    const { subject, body } = groupAlertText(input, group, a.settings.alertDomainsListed);
    const signals = parent
      ? group.changes.slice(0, a.settings.caseSignalsPerChange).map(({ index: _index, ...change }) =>
          getExternalWorkflowHandle(parent.workflowId)
            .signal(providerChangedSignal, change)
            .catch((error: unknown) =>
              log.warn('could not signal the parent case', { parent: parent.workflowId, error: String(error) }),
            ),
        )
      : [];
    return Promise.all([
      ...signals,
      sendStaffAlert({ idempotencyKey, caseId: input.caseId, kind: 'migration_detected', subject, body }).catch(
        (error: unknown) => log.error('staff alert failed', { idempotencyKey, error: String(error) }),
      ),
      notifyGroupChange({
        idempotencyKey,
        caseId: input.caseId,
        state: group.state,
        provider: group.provider,
        at: group.changes[group.changes.length - 1]!.at,
        domains: group.changes.map((c) => c.domain),
      }).catch((error: unknown) => log.error('migration webhook failed', { idempotencyKey, error: String(error) })),
    ]);
  });
  await Promise.all(work);
}
