import {
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ProbeDomainsResult, ProbeOutcome, WatchGroupActivities } from '../../activities/monitor-group-contract';
import { FailureType, NON_RETRYABLE_FAILURE_TYPES } from '../../domain/failures';
import {
  countProbe,
  DEFAULT_WATCH_SETTINGS,
  emptyProbeStats,
  type GroupDomain,
  type GroupProbeStats,
  initialGroupDomains,
  observeGroupDomain,
  type WatchObservation,
  type WatchSettings,
} from '../../domain/watch';
import { TerminusProvider } from '../search-attributes';
import { stopWatchSignal } from './domain-watch';
import { announceGroupChanges, type IndexedChange } from './group-announce';
import { MAX_GROUP_DOMAINS, type WatchGroupInput, type WatchGroupResult } from './messages';
import { withWorkerSchedule } from './worker-schedule';
import { DATABASE_OPTIONS } from './activity-options';

/** Knobs of a group watch; the defaults suit months of follow-up of 1,000 domains. */
export interface WatchGroupSettings extends WatchSettings {
  /** Domains per `probeDomains` call. */
  batchSize: number;
  /** Probe calls in flight at once (pending activities per workflow stay at this, far below Temporal's 2,000). */
  batchesInFlight: number;
  /** Continue as new past this many history events or bytes (or when the server suggests it). */
  maxEventsPerRun: number;
  maxHistoryBytesPerRun: number;
  /** Domains of one grouped change the case is signalled about (its chain keeps the newest 30 anyway). */
  caseSignalsPerChange: number;
  /** Domains named in one grouped alert's body; the rest are counted (all of them are in the database). */
  alertDomainsListed: number;
}

/** The single watch's schedule; 250 domains a call, 4 calls at once; runs end at 2,000 events or 4 MiB. */
export const DEFAULT_WATCH_GROUP_SETTINGS: WatchGroupSettings = {
  ...DEFAULT_WATCH_SETTINGS,
  batchSize: 250,
  batchesInFlight: 4,
  maxEventsPerRun: 2000,
  maxHistoryBytesPerRun: 4 * 1024 * 1024,
  caseSignalsPerChange: 20,
  alertDomainsListed: 200,
};

/** What a run hands the next across continue-as-new (100 to 170 bytes a domain: at most 170 KB for 1,000). */
export interface WatchGroupCarried {
  domains: GroupDomain[];
  stats: GroupProbeStats;
  changesConfirmed: number;
  alertsSent: number;
  dropped: number;
  runs: number;
  provider: string;
}

/** The group's input: the contract's, optional settings, and the state carried across continue-as-new. */
export interface WatchGroupRunInput extends WatchGroupInput {
  settings?: Partial<WatchGroupSettings>;
  carried?: WatchGroupCarried;
}

/** One domain as the page query shows it. */
export interface WatchGroupPageEntry {
  domain: string;
  current: string;
  since: string;
  pending: { state: string; count: number } | null;
  changes: number;
  nextProbeAt: string;
}

/** A page of the group's domains (in the order they were given), for the API, the CLI and tests. */
export const watchGroupPageQuery = defineQuery<
  { total: number; offset: number; domains: WatchGroupPageEntry[] },
  [{ offset?: number; limit?: number }?]
>('watchGroupPage');
/** The group's counters and probe statistics (lateness against schedule, missed rounds). */
export const watchGroupStatsQuery = defineQuery<{
  domains: number;
  changesConfirmed: number;
  alertsSent: number;
  dropped: number;
  runs: number;
  stats: GroupProbeStats;
}>('watchGroupStats');

const { loadCaseItemDomains } = proxyActivities<WatchGroupActivities>(DATABASE_OPTIONS);
const { probeDomains } = proxyActivities<WatchGroupActivities>({
  // A batch waits for the worker's probe slots behind every other running batch: on a worker that falls behind that
  // takes many minutes, and a timeout would throw the probes away and do them again. Heartbeats (one a probe) show a
  // stuck batch within a minute instead.
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    maximumAttempts: 3,
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURE_TYPES],
  },
});

const PAGE_LIMIT = 200;

function pageEntry(g: GroupDomain): WatchGroupPageEntry {
  return {
    domain: g.d,
    current: g.cur,
    since: g.since,
    pending: g.pend ? { state: g.pend.key, count: g.pend.n } : null,
    changes: g.k,
    nextProbeAt: new Date(g.due).toISOString(),
  };
}

function observationOf(outcome: ProbeOutcome | undefined, fallbackAt: number): WatchObservation {
  if (!outcome || 'err' in outcome)
    return { state: 'unknown', provider: null, confidence: 0, at: new Date(outcome?.at ?? fallbackAt).toISOString() };
  return { state: outcome.s, provider: outcome.p, confidence: outcome.c, at: new Date(outcome.at).toISOString() };
}

/** The placement most of the group's domains are in (the Web UI's `TerminusProvider` for the group). */
function majority(domains: readonly GroupDomain[]): string {
  const counts = new Map<string, number>();
  for (const g of domains) counts.set(g.cur, (counts.get(g.cur) ?? 0) + 1);
  let best = 'ours';
  let most = 0;
  for (const [key, n] of counts) if (n > most) [best, most] = [key, n];
  return best;
}

function validate(input: WatchGroupRunInput): void {
  const count = input.carried ? input.carried.domains.length : input.domains?.length;
  const bad =
    !input.caseId ||
    Number.isNaN(Date.parse(input.cutoffAt)) ||
    Number.isNaN(Date.parse(input.followUpUntil)) ||
    count === undefined ||
    count > MAX_GROUP_DOMAINS ||
    (input.source !== undefined && !(input.source.caseItems?.size <= MAX_GROUP_DOMAINS));
  if (bad)
    throw ApplicationFailure.nonRetryable(
      `watchGroup needs a caseId, ISO instants cutoffAt and followUpUntil, and at most ${MAX_GROUP_DOMAINS} domains`,
      FailureType.InvalidInput,
    );
}

/**
 * Watches a group of up to 1,000 domains after the cutoff (workflow ID `watch-group-<caseId>-<n>`, a child of the
 * case): each domain is due on the single watch's adaptive schedule; due domains are probed in batches through
 * `probeDomains` (rate-limited and jittered in the activity), each observation moves the domain by the single
 * watch's confirmation rules, and the changes a round confirms are written to the database and announced grouped
 * by destination: one staff alert per provider change naming the affected domains. Continues as new past
 * `maxEventsPerRun` events or `maxHistoryBytesPerRun` bytes; stops at `followUpUntil` or on `stopWatch`.
 */
export async function watchGroup(input: WatchGroupRunInput): Promise<WatchGroupResult> {
  validate(input);
  const info = workflowInfo();
  const watchKey = `${info.workflowId}/${info.firstExecutionRunId}`;
  let settings: WatchGroupSettings = { ...DEFAULT_WATCH_GROUP_SETTINGS, ...input.settings };
  const cutoffMs = Date.parse(input.cutoffAt);
  const endMs = Date.parse(input.followUpUntil);
  // An account case's group reads its page of the case's names once, at its start (not into the case's history).
  const names =
    !input.carried && input.source
      ? (await loadCaseItemDomains({ caseId: input.caseId, ...input.source.caseItems })).domains
      : input.domains;
  const c: WatchGroupCarried = input.carried ?? {
    domains: initialGroupDomains([...new Set(names)].slice(0, MAX_GROUP_DOMAINS), input.cutoffAt),
    stats: emptyProbeStats(),
    changesConfirmed: 0,
    alertsSent: 0,
    dropped: 0,
    runs: 0,
    provider: 'ours',
  };
  c.runs++;
  let stopped = false;
  setHandler(stopWatchSignal, () => void (stopped = true));
  setHandler(watchGroupPageQuery, (page) => {
    const offset = Math.max(0, Math.floor(page?.offset ?? 0));
    const limit = Math.max(1, Math.min(PAGE_LIMIT, Math.floor(page?.limit ?? 50)));
    return { total: c.domains.length, offset, domains: c.domains.slice(offset, offset + limit).map(pageEntry) };
  });
  setHandler(watchGroupStatsQuery, () => ({
    domains: c.domains.length,
    changesConfirmed: c.changesConfirmed,
    alertsSent: c.alertsSent,
    dropped: c.dropped,
    runs: c.runs,
    stats: c.stats,
  }));
  if (!input.carried) upsertSearchAttributes([{ key: TerminusProvider, value: c.provider }]);
  const finish = (stoppedBecause: WatchGroupResult['stoppedBecause']): WatchGroupResult => ({
    domains: c.domains.length,
    changesConfirmed: c.changesConfirmed,
    alertsSent: c.alertsSent,
    probes: c.stats.probes,
    stoppedBecause,
  });

  if (c.domains.length === 0) return finish('nothing_to_watch');
  for (;;) {
    if (stopped) return finish('stopped_by_staff');
    const now = Date.now();
    if (now >= endMs) return finish('follow_up_ended');
    const w = workflowInfo();
    if (
      w.continueAsNewSuggested ||
      w.historyLength >= settings.maxEventsPerRun ||
      w.historySize >= settings.maxHistoryBytesPerRun
    ) {
      const { source: _loaded, ...rest } = input;
      await continueAsNew<typeof watchGroup>({ ...rest, domains: [], carried: c });
    }
    const due = c.domains
      .map((g, i) => [g.due, i] as const)
      .filter(([at]) => at <= now)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .slice(0, settings.batchSize * settings.batchesInFlight)
      .map(([, i]) => i);
    if (due.length === 0) {
      const next = c.domains.reduce((min, g) => Math.min(min, g.due), endMs);
      await condition(() => stopped, Math.max(1, Math.min(next, endMs) - now));
      continue;
    }
    const batches: number[][] = [];
    for (let i = 0; i < due.length; i += settings.batchSize) batches.push(due.slice(i, i + settings.batchSize));
    const results = await Promise.all(
      batches.map((batch) =>
        probeDomains({ items: batch.map((i) => ({ d: c.domains[i]!.d, provider: c.domains[i]!.cur })) }).catch(
          (error: unknown) => {
            log.warn('probe batch failed; its domains count as unknown', { size: batch.length, error: String(error) });
            return null;
          },
        ),
      ),
    );
    // The worker's schedule (a short dev interval) applies before the round is scheduled, not one round later:
    // otherwise the first round after the cutoff waits the default interval before it looks again.
    const schedule = results.find((r) => r?.schedule)?.schedule;
    if (schedule) settings = withWorkerSchedule(DEFAULT_WATCH_GROUP_SETTINGS, schedule, input.settings);
    const changes = applyRound(c, batches, results, cutoffMs, settings);
    if (changes.length > 0) {
      c.changesConfirmed += changes.length;
      await announceGroupChanges({ input, watchKey, changes, counter: c, settings });
      const provider = majority(c.domains);
      if (provider !== c.provider) {
        c.provider = provider;
        upsertSearchAttributes([{ key: TerminusProvider, value: provider }]);
      }
    }
  }
}

/**
 * Applies a round's outcomes to the group (a failed batch: every domain of it unknown), counts lateness and missed
 * rounds, drops names the probe can never observe, and returns the confirmed changes with their per-domain index.
 */
function applyRound(
  c: WatchGroupCarried,
  batches: number[][],
  results: (ProbeDomainsResult | null)[],
  cutoffMs: number,
  settings: WatchSettings,
): IndexedChange[] {
  const changes: IndexedChange[] = [];
  const invalid = new Set<number>();
  const now = Date.now();
  batches.forEach((batch, b) => {
    const outcomes = results[b]?.outcomes;
    batch.forEach((i, k) => {
      const g = c.domains[i]!;
      const outcome = outcomes?.[k]?.d === g.d ? outcomes[k] : undefined;
      if (outcome && 'invalid' in outcome) {
        log.warn('dropping a name the probe can never observe', { domain: g.d, error: outcome.err });
        invalid.add(i);
        return;
      }
      const observation = observationOf(outcome, now);
      const applied = observeGroupDomain(g, observation, cutoffMs, settings);
      countProbe(c.stats, Date.parse(observation.at) - g.due, !outcome || 'err' in outcome, applied.missed);
      c.domains[i] = applied.next;
      if (applied.change) changes.push({ ...applied.change, index: g.k });
    });
  });
  if (invalid.size > 0) {
    c.domains = c.domains.filter((_, i) => !invalid.has(i));
    c.dropped += invalid.size;
  }
  return changes;
}
