import type { CaseView, CaseIntake } from '../../domain/case/case-state';
import type { CaseActionInputs, CaseActionName } from '../../domain/case/actions';
import type { CaseFilter, CaseListPage } from './case-list';
import type { CaseRecordResult, CaseService, OpenedCase, StatementBatch } from './case-service';
import type { DsaStatement } from '../../domain/dsa/dsa-statement';
import type { TransparencyReport } from './transparency';

/** How long reads are kept, and how many. */
export interface ReadCacheOptions {
  /** A view or list page is served from memory for this long after Temporal answered it; 0 turns caching off. */
  ttlMs: number;
  /** Entries kept at most (oldest dropped first). */
  maxEntries: number;
  now?: () => number;
}

interface Entry<T> {
  /** Settled value (absent while the first read is in flight). */
  value?: T;
  expiresAt: number;
  inFlight?: Promise<T>;
}

/** A bounded map of reads with a time to live; concurrent misses of one key share one call (single flight). */
class ReadCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly options: ReadCacheOptions) {}

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry?.inFlight) return entry.inFlight;
    if (entry && 'value' in entry && entry.expiresAt > this.now()) return Promise.resolve(entry.value as T);
    const inFlight = load().then(
      (value) => {
        if (this.entries.get(key)?.inFlight === inFlight) this.put(key, value);
        return value;
      },
      (err: unknown) => {
        // Failures are never kept: the next read asks again.
        if (this.entries.get(key)?.inFlight === inFlight) this.entries.delete(key);
        throw err;
      },
    );
    this.entries.set(key, { expiresAt: 0, inFlight });
    return inFlight;
  }

  /** Stores a value known fresh (what an action answered): later reads in this process see the action. */
  put(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    // In-flight reads may have started before the write; they are dropped rather than stored when they land.
    this.entries.clear();
  }
}

/**
 * A {@link CaseService} whose reads (a case's view, a page of the case list) are answered from memory for a
 * short time, with one Temporal call per key at a time however many clients ask: many staff watching the same
 * cases cost the worker one query per case per `ttlMs`, not one per request. Every write goes to the service
 * underneath; the view an action or an open answered replaces the cached one and the cached list pages are
 * dropped, so this process reads its own writes at once. What changes on its own (the workflow moving a stage,
 * another API instance's actions) shows within `ttlMs`: the list comes from Temporal visibility, which lags by
 * its own moment anyway. Rule checks never use cached views: `act` reads the case itself when it must.
 */
export class CachedCaseService implements CaseService {
  private readonly views: ReadCache<CaseView>;
  private readonly pages: ReadCache<CaseListPage>;

  constructor(
    private readonly inner: CaseService,
    options: ReadCacheOptions,
  ) {
    this.views = new ReadCache(options);
    this.pages = new ReadCache(options);
  }

  async open(intake: CaseIntake): Promise<OpenedCase> {
    const opened = await this.inner.open(intake);
    this.pages.clear();
    if (opened.view) this.views.put(opened.caseId, opened.view);
    return opened;
  }

  list(filter: CaseFilter): Promise<CaseListPage> {
    const key = JSON.stringify([
      filter.stage,
      filter.outcome,
      filter.category,
      filter.account,
      filter.domain,
      filter.taskQueue,
      filter.caseIds,
      filter.requestedBy,
      filter.limit,
      filter.cursor,
    ]);
    return this.pages.get(key, () => this.inner.list(filter));
  }

  view(caseId: string): Promise<CaseView> {
    return this.views.get(caseId, () => this.inner.view(caseId));
  }

  async act<A extends CaseActionName>(
    caseId: string,
    action: A,
    input: CaseActionInputs[A],
    options?: { idempotencyKey?: string },
  ): Promise<CaseView> {
    const view = await this.inner.act(caseId, action, input, options);
    this.views.put(caseId, view);
    this.pages.clear();
    return view;
  }

  record(caseId: string): Promise<CaseRecordResult> {
    return this.inner.record(caseId);
  }

  statement(caseId: string): Promise<DsaStatement> {
    return this.inner.statement(caseId);
  }

  statements(caseIds: string[]): Promise<StatementBatch> {
    return this.inner.statements(caseIds);
  }

  transparency(range: { from: string; to: string }): Promise<TransparencyReport> {
    return this.inner.transparency(range);
  }
}
