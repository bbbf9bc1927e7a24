import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { Database } from '../db/database';
import { fromDomainWatch, fromGroupWatch, type DomainWatchReport } from './watch-report';

/** A watch as the case records it: the domain and the workflow watching it. */
export interface WatchRef {
  domain: string;
  workflowId: string;
}

/** Reads what the watch of one domain of a case recorded, in the console's shape (see `watch-report.ts`). */
export interface WatchReader {
  read(caseId: string, watch: WatchRef): Promise<DomainWatchReport>;
}

/** The `domainWatch` query and activity the console reads (names, not imports: the console never imports workflows). */
const DOMAIN_WATCH_QUERY = 'watchState';
const OBSERVE_ACTIVITY = 'observeDomain';
/** A group watch's query of its domains (a page; a group holds up to 1,000, read in one page). */
const GROUP_PAGE_QUERY = 'watchGroupPage';
const GROUP_PAGE_LIMIT = 1000;
/** Changes of one domain read from the group watch's history table at most (the newest). */
const HISTORY_ROWS = 100;

/** Runs walked back through continue-as-new to find the observations behind older changes. */
const MAX_RUNS = 4;
/** How long a report is reused: a case page polled every few seconds reads each watch's history once. */
const CACHE_MS = 5_000;
/** Reports kept in the cache at most. */
const CACHE_ENTRIES = 200;

interface HistoryEvent {
  eventId?: { toString(): string } | null;
  workflowExecutionStartedEventAttributes?: { continuedExecutionRunId?: string | null } | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskCompletedEventAttributes?: {
    scheduledEventId?: { toString(): string } | null;
    result?: { payloads?: Payload[] | null } | null;
  } | null;
}

/**
 * The observation results of one run's history (`observeDomain` completions, decoded) and the run it continued
 * from, if any.
 */
export function observationsOfHistory(
  events: readonly HistoryEvent[],
  decode: (payload: Payload) => unknown,
): { results: unknown[]; continuedFrom?: string } {
  const observeIds = new Set<string>();
  const results: unknown[] = [];
  let continuedFrom: string | undefined;
  for (const e of events) {
    const started = e.workflowExecutionStartedEventAttributes;
    if (started?.continuedExecutionRunId) continuedFrom = started.continuedExecutionRunId;
    if (e.activityTaskScheduledEventAttributes?.activityType?.name === OBSERVE_ACTIVITY && e.eventId)
      observeIds.add(e.eventId.toString());
    const done = e.activityTaskCompletedEventAttributes;
    const payload = done?.result?.payloads?.[0];
    if (done?.scheduledEventId && payload && observeIds.has(done.scheduledEventId.toString())) {
      try {
        results.push(decode(payload));
      } catch {
        // a payload the converter cannot read is skipped: the change still shows, without its evidence
      }
    }
  }
  return { results, ...(continuedFrom ? { continuedFrom } : {}) };
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/**
 * Reads watches: a `domainWatch` through Temporal (its `watchState` query and the observation results in its
 * history, the current run and a few it continued from, so each confirmed change shows the verdict and evidence it
 * was confirmed on); a watch without that query (a group watch) from the provider history table the group writes.
 * Reports are cached for a few seconds.
 */
export class TemporalWatchReader implements WatchReader {
  private readonly cache = new Map<string, { at: number; report: Promise<DomainWatchReport> }>();
  private readonly groups = new Map<string, { at: number; page: Promise<{ domains?: { domain?: unknown }[] }> }>();

  constructor(
    private readonly client: Client,
    private readonly db?: Database,
    private readonly timeoutMs = 5_000,
  ) {}

  read(caseId: string, watch: WatchRef): Promise<DomainWatchReport> {
    const key = `${caseId}\n${watch.workflowId}\n${watch.domain}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.report;
    const report = this.client
      .withDeadline(Date.now() + this.timeoutMs, () => this.load(caseId, watch))
      .catch((err: unknown): DomainWatchReport => {
        this.cache.delete(key);
        return { ...watch, history: [], problem: `the watch could not be read: ${messageOf(err)}` };
      });
    this.cache.set(key, { at: Date.now(), report });
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return report;
  }

  /** A group watch's domains (one query for all the case's domains in the group, cached with the reports). */
  private groupPage(workflowId: string): Promise<{ domains?: { domain?: unknown }[] }> {
    const hit = this.groups.get(workflowId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.page;
    const page = this.client.workflow
      .getHandle(workflowId)
      .query<{ domains?: { domain?: unknown }[] }, [{ offset: number; limit: number }]>(GROUP_PAGE_QUERY, {
        offset: 0,
        limit: GROUP_PAGE_LIMIT,
      });
    this.groups.set(workflowId, { at: Date.now(), page });
    page.catch(() => this.groups.delete(workflowId)); // the caller sees the failure; the cache forgets it
    if (this.groups.size > CACHE_ENTRIES) this.groups.delete(this.groups.keys().next().value!);
    return page;
  }

  /** The newest rows of one domain's history as the group watch wrote them, oldest first, as a history page. */
  private async historyPage(caseId: string, domain: string): Promise<unknown> {
    if (!this.db) return undefined;
    // Every column: a row that also stores the observation and verdict it was confirmed on shows its evidence.
    const rows = await this.db.query<{
      state: string;
      provider: string | null;
      confidence: number;
      at: Date;
      verdict?: unknown;
      observation?: unknown;
    }>(
      `SELECT *, changed_at AS at FROM watch_history
       WHERE case_id = $1 AND domain = $2 ORDER BY changed_at DESC, change_index DESC LIMIT $3`,
      [caseId, domain, HISTORY_ROWS + 1],
    );
    const entries = rows
      .slice(0, HISTORY_ROWS)
      .reverse()
      .map((r) => ({
        domain,
        state: r.state,
        provider: r.provider,
        confidence: r.confidence,
        at: r.at.toISOString(),
        ...(r.verdict && r.observation ? { verdict: r.verdict, observation: r.observation } : {}),
      }));
    return { entries, ...(rows.length > HISTORY_ROWS ? { nextCursor: 'more' } : {}) };
  }

  private async load(caseId: string, watch: WatchRef): Promise<DomainWatchReport> {
    const handle = this.client.workflow.getHandle(watch.workflowId);
    let queried: unknown;
    try {
      queried = await handle.query(DOMAIN_WATCH_QUERY);
    } catch (err) {
      // Not a domainWatch: a group watch (its page query, and the history rows it writes).
      const [group, page] = await Promise.all([
        this.groupPage(watch.workflowId).catch(() => undefined),
        this.historyPage(caseId, watch.domain).catch(() => undefined),
      ]);
      const entry = group?.domains?.find((d) => d.domain === watch.domain);
      const report = fromGroupWatch(watch.domain, watch.workflowId, entry, page);
      if (report) return report;
      throw err;
    }
    const decode = (p: Payload): unknown => this.client.options.loadedDataConverter.payloadConverter.fromPayload(p);
    const results: unknown[] = [];
    let runId: string | undefined;
    let report = fromDomainWatch(watch.domain, watch.workflowId, queried, results);
    for (let i = 0; i < MAX_RUNS; i++) {
      const history = await this.client.workflow.getHandle(watch.workflowId, runId).fetchHistory();
      const run = observationsOfHistory(history.events ?? [], decode);
      results.push(...run.results);
      report = fromDomainWatch(watch.domain, watch.workflowId, queried, results);
      // Older runs are read only for changes whose confirming observation is not found yet.
      if (!run.continuedFrom || report.history.every((h) => h.verdict)) break;
      runId = run.continuedFrom;
    }
    return report;
  }
}
