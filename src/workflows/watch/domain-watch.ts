import {
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { MonitorActivities } from '../../activities/monitor';
import type { NotifyActivities } from '../../activities/notify-contract';
import { FailureType, NON_RETRYABLE_FAILURE_TYPES } from '../../domain/failures';
import type { Verdict } from '../../domain/fingerprints/types';
import {
  applyObservation,
  type ConfirmedChange,
  DEFAULT_WATCH_SETTINGS,
  initialWatchState,
  nextProbeDelayMs,
  type WatchObservation,
  type WatchSettings,
  type WatchState,
} from '../../domain/watch';
import {
  type DomainWatchInput,
  type DomainWatchResult,
  PROVIDER_CHANGED_SIGNAL,
  type ProviderChange,
  STOP_WATCH_SIGNAL,
} from './messages';
import { TerminusProvider } from '../search-attributes';
import { changeHeadline, changeWhere } from './alert-text';
import { withWorkerSchedule } from './worker-schedule';
import { STAFF_ALERT_OPTIONS, WEBHOOK_OPTIONS } from './activity-options';

/** Knobs of one watch; the defaults suit months of follow-up. */
export interface DomainWatchSettings extends WatchSettings {
  /** Observations per run before continuing as new (about 11 history events each: runs stay far below 4,096). */
  maxObservationsPerRun: number;
}

/** Default settings: {@link DEFAULT_WATCH_SETTINGS} and 150 observations per run. */
export const DEFAULT_DOMAIN_WATCH_SETTINGS: DomainWatchSettings = {
  ...DEFAULT_WATCH_SETTINGS,
  maxObservationsPerRun: 150,
};

/** The watch's input: the contract's, optional settings, and the state carried across continue-as-new. */
export interface DomainWatchRunInput extends DomainWatchInput {
  settings?: Partial<DomainWatchSettings>;
  carried?: { state: WatchState; runs: number };
}

/** The parent case receives each confirmed change (fire-and-forget). */
export const providerChangedSignal = defineSignal<[ProviderChange]>(PROVIDER_CHANGED_SIGNAL);
/** Staff (or the case, on reinstatement or closure) end the watch early. */
export const stopWatchSignal = defineSignal<[{ reason?: string }?]>(STOP_WATCH_SIGNAL);
/** The watch's current state, for the API, the CLI and tests. */
export const watchStateQuery = defineQuery<WatchState & { runs: number }>('watchState');

const { observeDomain } = proxyActivities<MonitorActivities>({
  // One observation is bounded by the probe's own timeouts (seconds); a minute leaves room for a slow resolver.
  startToCloseTimeout: '2 minutes',
  retry: {
    maximumAttempts: 3,
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
});
const { notifyProviderChange } = proxyActivities<MonitorActivities>(WEBHOOK_OPTIONS);
const { sendStaffAlert } = proxyActivities<NotifyActivities>(STAFF_ALERT_OPTIONS);

const UNKNOWN_OBSERVATION = { state: 'unknown', provider: null, confidence: 0 } as const;

function alertText(
  input: DomainWatchInput,
  change: ConfirmedChange,
  state: WatchState,
  verdict: Verdict | null,
): { subject: string; body: string } {
  const where = changeWhere(change);
  const evidence = (verdict?.evidence ?? [])
    .filter((e) => !e.generic)
    .slice(0, 8)
    .map((e) => `  - ${e.provider} (${e.role}): ${e.signal} ${e.observed} matched ${e.matched}`);
  const chain = state.chain.map((c) => `${c.state} (${c.at})`).join(' -> ');
  const body = [
    `${input.domain} ${where}.`,
    `Confirmed at ${change.at} after consistent observations; confidence ${change.confidence}.`,
    verdict ? `Why: ${verdict.reason}.` : '',
    evidence.length > 0 ? `Evidence:\n${evidence.join('\n')}` : '',
    `Provider chain since the cutoff (${input.cutoffAt}): ${chain}`,
    `Case: ${input.caseId}. Fingerprint database ${verdict?.databaseVersion ?? 'n/a'}.`,
  ].filter((line) => line.length > 0);
  return { subject: `${input.domain}: ${changeHeadline(change)}`, body: body.join('\n') };
}

/**
 * Watches one domain after the cutoff (workflow ID `watch-<domain>`, usually a child of the case): probes on an
 * adaptive interval, declares a change only after consistent observations, and on each confirmed change
 * updates `TerminusProvider`, signals the parent case, alerts staff (once per change: the key is workflow ID, first
 * run ID and change index, all stable across continue-as-new) and calls the optional webhook. Failed observations count as
 * unknown and never change state; failed notifications are logged, never fatal. Continues as new every
 * `maxObservationsPerRun` observations (or when the server suggests it) and stops at `followUpUntil` or on
 * `stopWatch`.
 */
export async function domainWatch(input: DomainWatchRunInput): Promise<DomainWatchResult> {
  let settings: DomainWatchSettings = { ...DEFAULT_DOMAIN_WATCH_SETTINGS, ...input.settings };
  const info = workflowInfo();
  let state = input.carried?.state ?? initialWatchState(input.cutoffAt);
  const runs = (input.carried?.runs ?? 0) + 1;
  let stopped = false;
  setHandler(stopWatchSignal, () => {
    stopped = true;
  });
  setHandler(watchStateQuery, () => ({ ...state, runs }));
  if (!input.carried)
    upsertSearchAttributes([{ key: TerminusProvider, value: state.current.provider ?? state.current.state }]);

  const cutoffMs = Date.parse(input.cutoffAt);
  const endMs = Date.parse(input.followUpUntil);
  if (!input.domain || Number.isNaN(cutoffMs) || Number.isNaN(endMs)) {
    throw ApplicationFailure.nonRetryable(
      'domainWatch needs a domain and ISO instants cutoffAt and followUpUntil',
      FailureType.InvalidInput,
    );
  }
  const finish = (stoppedBecause: DomainWatchResult['stoppedBecause']): DomainWatchResult => ({
    domain: input.domain,
    chain: state.chain,
    stoppedBecause,
  });
  if (Date.now() < cutoffMs) await condition(() => stopped, Math.min(cutoffMs, endMs) - Date.now());

  let observedThisRun = 0;
  for (;;) {
    if (stopped) return finish('stopped_by_staff');
    if (Date.now() >= endMs) return finish('follow_up_ended');
    if (observedThisRun >= settings.maxObservationsPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof domainWatch>({ ...input, carried: { state, runs } });
    }
    let verdict: Verdict | null = null;
    try {
      const observed = await observeDomain({ domain: input.domain });
      verdict = observed.verdict;
      settings = withWorkerSchedule(DEFAULT_DOMAIN_WATCH_SETTINGS, observed.schedule, input.settings);
    } catch (error) {
      // A domain the probe can never observe fails the watch at once; anything else is an unknown observation.
      const type = (error as { cause?: { type?: string } }).cause?.type;
      if (type === FailureType.InvalidInput)
        throw ApplicationFailure.nonRetryable(
          `cannot watch ${input.domain}: ${String(error)}`,
          FailureType.InvalidInput,
        );
      log.warn('observation failed; counted as unknown', { domain: input.domain, error: String(error) });
    }
    observedThisRun++;
    const at = new Date(Date.now()).toISOString();
    const observation: WatchObservation = verdict
      ? { state: verdict.state, provider: verdict.provider, confidence: verdict.confidence, at }
      : { ...UNKNOWN_OBSERVATION, at };
    const applied = applyObservation(state, observation, input.domain, settings);
    state = applied.state;
    if (applied.change) {
      // The watch's ID is reused by every later case on the same domain; the first run ID (stable across
      // continue-as-new) tells this watch apart, so a later case's changes are not taken for repeats of ours.
      await announce(input, `${info.workflowId}/${info.firstExecutionRunId}`, applied.change, state, verdict);
    }
    const delay = Math.min(nextProbeDelayMs(state, Date.now(), cutoffMs, settings), endMs - Date.now());
    if (delay > 0) await condition(() => stopped, delay);
  }
}

async function announce(
  input: DomainWatchInput,
  watchKey: string,
  change: ConfirmedChange,
  state: WatchState,
  verdict: Verdict | null,
): Promise<void> {
  const index = state.changesConfirmed - 1;
  const idempotencyKey = `${watchKey}/migration/${index}`;
  upsertSearchAttributes([{ key: TerminusProvider, value: change.state }]);
  const parent = workflowInfo().parent;
  const { subject, body } = alertText(input, change, state, verdict);
  await Promise.all([
    parent
      ? getExternalWorkflowHandle(parent.workflowId)
          .signal(providerChangedSignal, change)
          .catch((error: unknown) =>
            log.warn('could not signal the parent case', { parent: parent.workflowId, error: String(error) }),
          )
      : Promise.resolve(),
    sendStaffAlert({ idempotencyKey, caseId: input.caseId, kind: 'migration_detected', subject, body }).catch(
      (error: unknown) => log.error('staff alert failed', { idempotencyKey, error: String(error) }),
    ),
    notifyProviderChange({ idempotencyKey, caseId: input.caseId, change, chain: state.chain }).catch((error: unknown) =>
      log.error('migration webhook failed', { idempotencyKey, error: String(error) }),
    ),
  ]);
}
