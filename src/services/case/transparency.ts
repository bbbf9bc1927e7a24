import type { Client } from '@temporalio/client';
import type { Database } from '../../db/database';
import type { CaseState, CaseView } from '../../domain/case/case-state';
import type { CaseRecord } from '../../domain/dsa/case-record';
import type { HoldKind, Outcome } from '../../domain/case-types';
import { caseListQuery } from './case-list';
import { stateOfView } from './view-state';
import { harmonisedFigures, type HarmonisedFigures } from './transparency-harmonised';

/** Minimum, median and maximum of a set of durations, in hours (null when the set is empty). */
export interface DurationStats {
  count: number;
  minHours: number | null;
  medianHours: number | null;
  maxHours: number | null;
}

/**
 * Aggregate figures over a period, as a transparency report publishes them. Events are counted when they happen
 * in [from, to): a termination when service ended, other outcomes when the case closed, appeals when filed and
 * when decided, holds when placed. A case terminated in one period and reinstated in a later one counts in both.
 */
export interface TransparencyReport {
  period: { from: string; to: string };
  generatedAt: string;
  sources: { archivedCases: number; openCases: number; openCasesNotRead: number };
  cases: { opened: number; closed: number };
  decisions: {
    byOutcome: Record<Outcome, number>;
    byCategory: ({ category: string; dsaCategory: string } & Record<Outcome, number>)[];
  };
  noticePeriods: DurationStats & { expedited: number; raisedToMinimumNotice: number; withoutDeliveredNotice: number };
  appeals: { filed: number; decided: number; upheld: number; denied: number; reversals: number; pending: number };
  holds: { placed: number; byKind: Record<HoldKind, number>; released: number };
  reappearance: DurationStats & {
    domainsRevoked: number;
    stillDark: number;
    byProvider: { provider: string; count: number }[];
  };
  /** The harmonised template's figures (orders, notices by source, own initiative, complaints, automated means). */
  harmonised: HarmonisedFigures;
}

const HOURS = 3_600_000;

function stats(valuesMs: number[]): DurationStats {
  if (!valuesMs.length) return { count: 0, minHours: null, medianHours: null, maxHours: null };
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const h = (ms: number) => Math.round((ms / HOURS) * 100) / 100;
  return {
    count: sorted.length,
    minHours: h(sorted[0]!),
    medianHours: h(median),
    maxHours: h(sorted[sorted.length - 1]!),
  };
}

/** Pure: the figures for `states` (each case's state at its latest) over [from, to). */
export function computeTransparency(
  states: CaseState[],
  range: { from: string; to: string },
  sources: TransparencyReport['sources'],
  generatedAt: string,
): TransparencyReport {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const inPeriod = (iso: string | undefined): boolean => {
    if (!iso) return false;
    const t = Date.parse(iso);
    return t >= from && t < to;
  };
  const zero = (): Record<Outcome, number> => ({ terminated: 0, rejected: 0, withdrawn: 0, reinstated: 0 });
  const byOutcome = zero();
  const byCategory = new Map<string, { category: string; dsaCategory: string } & Record<Outcome, number>>();
  const count = (s: CaseState, outcome: Outcome) => {
    byOutcome[outcome]++;
    const key = s.policy.category.id;
    const row = byCategory.get(key) ?? { category: key, dsaCategory: s.policy.category.dsaCategory, ...zero() };
    row[outcome]++;
    byCategory.set(key, row);
  };
  const notice: number[] = [];
  const noticeFlags = { expedited: 0, raisedToMinimumNotice: 0, withoutDeliveredNotice: 0 };
  const appeals = { filed: 0, decided: 0, upheld: 0, denied: 0, reversals: 0, pending: 0 };
  const holds = { placed: 0, byKind: { preservation: 0, do_not_terminate: 0, non_disclosure: 0 }, released: 0 };
  const reappeared: number[] = [];
  const where = new Map<string, number>();
  let domainsRevoked = 0;
  let stillDark = 0;
  let opened = 0;
  let closed = 0;

  for (const s of states) {
    if (inPeriod(s.openedAt)) opened++;
    if (inPeriod(s.closedAt)) closed++;
    if (inPeriod(s.revokedAt)) {
      count(s, 'terminated');
      const revokedMs = Date.parse(s.revokedAt!);
      const sent = s.notices.find((n) => n.kind === 'termination_notice' && n.delivered);
      if (sent) notice.push(Math.max(0, revokedMs - Date.parse(sent.at)));
      else noticeFlags.withoutDeliveredNotice++;
      if (s.expedite.effectiveAt) noticeFlags.expedited++;
      if (s.cutoff?.adjustment === 'raised_to_minimum_notice') noticeFlags.raisedToMinimumNotice++;
      for (const domain of s.snapshotCoverage.length ? s.snapshotCoverage : [s.domains.primary, ...s.domains.aliases]) {
        domainsRevoked++;
        const back = s.providerChain.find(
          (c) => c.domain === domain && c.state !== 'dark' && c.state !== 'ours' && Date.parse(c.at) >= revokedMs,
        );
        if (!back) {
          stillDark++;
          continue;
        }
        reappeared.push(Date.parse(back.at) - revokedMs);
        const provider = back.provider ?? back.state;
        where.set(provider, (where.get(provider) ?? 0) + 1);
      }
    }
    if (s.outcome && s.outcome !== 'terminated' && inPeriod(s.closedAt)) count(s, s.outcome);
    for (const a of s.appeals) {
      if (inPeriod(a.filedAt)) {
        appeals.filed++;
        if (!a.decision) appeals.pending++;
      }
      if (a.decision && inPeriod(a.decision.at)) {
        appeals.decided++;
        if (a.decision.outcome === 'upheld') {
          appeals.upheld++;
          if (a.afterRevocation) appeals.reversals++;
        } else appeals.denied++;
      }
    }
    for (const h of s.holds) {
      if (inPeriod(h.placedAt)) {
        holds.placed++;
        holds.byKind[h.kind]++;
      }
      if (inPeriod(h.releasedAt)) holds.released++;
    }
  }
  return {
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    generatedAt,
    sources,
    cases: { opened, closed },
    decisions: { byOutcome, byCategory: [...byCategory.values()].sort((a, b) => a.category.localeCompare(b.category)) },
    noticePeriods: { ...stats(notice), ...noticeFlags },
    appeals,
    holds,
    reappearance: {
      ...stats(reappeared),
      domainsRevoked,
      stillDark,
      byProvider: [...where.entries()]
        .map(([provider, n]) => ({ provider, count: n }))
        .sort((a, b) => b.count - a.count || a.provider.localeCompare(b.provider)),
    },
    harmonised: harmonisedFigures(states, inPeriod),
  };
}

/** What {@link gatherTransparency} reads from. */
export interface TransparencySources {
  db: Database;
  client: Client;
  maxOpenCases: number;
  /** Only cases of this task queue (this deployment's). */
  taskQueue: string;
  view(caseId: string): Promise<CaseView>;
  bounded<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Collects the cases that can have events in the period: archived records of cases that closed after it began
 * (events never follow a close) and opened before it ended, plus every open case through visibility (each read
 * with the case query, at most `maxOpenCases`, four at a time).
 */
export async function gatherTransparency(
  src: TransparencySources,
  range: { from: string; to: string },
): Promise<TransparencyReport> {
  const rows = await src.db.query<{ record: CaseRecord }>(
    'SELECT record FROM case_records WHERE closed_at >= $1 AND opened_at < $2',
    [range.from, range.to],
  );
  const states = rows.map((r) => r.record.state);
  const openIds = await src.bounded(async () => {
    const ids: string[] = [];
    const query = caseListQuery({ taskQueue: src.taskQueue }).replace(
      `ExecutionStatus != 'ContinuedAsNew'`,
      `ExecutionStatus = 'Running'`,
    );
    for await (const info of src.client.workflow.list({ query, pageSize: 500 })) ids.push(info.workflowId);
    return ids;
  });
  const toRead = openIds.slice(0, src.maxOpenCases);
  let next = 0;
  const worker = async () => {
    while (next < toRead.length) {
      const id = toRead[next++]!;
      // A case that closed or cannot be read right now is left out rather than failing the whole report.
      const view = await src.view(id).catch(() => null);
      if (view && view.stage !== 'closed') states.push(stateOfView(view));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return computeTransparency(
    states,
    range,
    { archivedCases: rows.length, openCases: toRead.length, openCasesNotRead: openIds.length - toRead.length },
    new Date().toISOString(),
  );
}
