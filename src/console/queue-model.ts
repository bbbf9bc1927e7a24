import type { CaseView } from '../domain/case/case-state';
import { apiRoles, CASE_ACTION_TABLE, type CaseActionName } from '../domain/case/actions';
import type { Role, Stage } from '../domain/case-types';
import type { CaseService } from '../services/case/case-service';
import type { CaseSummary } from '../services/case/case-list';

/** One "what waits for me" queue: the cases in some stages whose view shows the action is due. */
export interface QueueSpec {
  id: string;
  title: string;
  /** The action the queue leads to: who sees the queue follows from the action table. */
  action: CaseActionName;
  stages: Stage[];
  due(view: CaseView): boolean;
}

/** The queues, by the action each leads to. */
export const QUEUES: readonly QueueSpec[] = [
  {
    id: 'findings',
    title: 'Findings to submit',
    action: 'findings',
    stages: ['investigating'],
    due: (v) => !v.findings,
  },
  {
    id: 'legal',
    title: 'Findings to review: legal decision',
    action: 'legal-decision',
    stages: ['legal_review'],
    due: (v) => !v.legal,
  },
  {
    id: 'second-approval',
    title: 'Approvals: second approval (T&S lead)',
    action: 'second-approval',
    stages: ['legal_review'],
    due: (v) => v.pendingApproverRoles.includes('tns_lead'),
  },
  {
    id: 'appeals',
    title: 'Appeals to decide',
    action: 'appeal-decision',
    stages: ['notifying', 'awaiting_cutoff', 'revoking', 'monitoring'],
    due: (v) => v.openAppeal !== undefined,
  },
  {
    id: 'holds',
    title: 'Holds to release',
    action: 'hold-release',
    stages: ['investigating', 'legal_review', 'notifying', 'awaiting_cutoff'],
    due: (v) => v.activeHolds.length > 0,
  },
  {
    id: 'retry-revocation',
    title: 'Failed revocations to retry',
    action: 'retry-revocation',
    stages: ['revoking'],
    due: (v) => v.revocationStuck,
  },
  {
    id: 'retry-notice',
    title: 'Undeliverable notices to retry',
    action: 'retry-notice',
    stages: ['notifying'],
    due: (v) => v.noticeUndeliverable,
  },
];

/** A case in a queue, with what the queue page shows. */
export interface QueueItem {
  summary: CaseSummary;
  view: CaseView;
}

/** A queue as shown: its cases (newest first) and how many cases of its stages were looked at. */
export interface FilledQueue {
  spec: QueueSpec;
  items: QueueItem[];
  examined: number;
  /** More cases are in these stages than were examined. */
  truncated: boolean;
  /** Where the next page of this queue starts, when there is one. */
  next?: StageCursors;
}

/** The queues a principal works on: those whose action its roles may take at the API (operators only watch). */
export function queuesFor(roles: readonly Role[]): QueueSpec[] {
  return QUEUES.filter((q) => roles.some((r) => apiRoles(CASE_ACTION_TABLE[q.action]).includes(r)));
}

/** Runs `fn` over `items`, at most `limit` at a time (Temporal queries are cheap but not free). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Where each stage of a queue's listing goes on from (the list's cursors); absent stages start at the newest. */
export type StageCursors = Partial<Record<Stage, string>>;

/**
 * Fills queues: the next `perStage` open cases of each stage a queue covers (visibility, no worker involved; from
 * the cursors given, else the newest), then each of those cases' view (the case service's cached query) to see
 * whether the action is due. The console signs in staff only, who read every case (as at the API).
 */
export async function fillQueues(
  cases: CaseService,
  specs: readonly QueueSpec[],
  perStage: number,
  cursors: StageCursors = {},
): Promise<FilledQueue[]> {
  const stages = [...new Set(specs.flatMap((s) => s.stages))];
  const pages = await Promise.all(
    stages.map((stage) => {
      const cursor = cursors[stage];
      return cases.list({ stage, limit: perStage, ...(cursor ? { cursor } : {}) });
    }),
  );
  const byStage = new Map(stages.map((stage, i) => [stage, pages[i]!]));
  const summaries = [...new Map(pages.flatMap((p) => p.cases).map((s) => [s.caseId, s])).values()];
  const views = new Map<string, CaseView>();
  await mapLimited(summaries, 8, async (s) => {
    const view = await cases.view(s.caseId).catch(() => undefined);
    if (view && view.stage !== 'closed') views.set(s.caseId, view);
  });
  return specs.map((spec) => {
    const inStages = spec.stages.flatMap((stage) => byStage.get(stage)?.cases ?? []);
    const items = inStages
      .map((summary) => ({ summary, view: views.get(summary.caseId) }))
      .filter((i): i is QueueItem => i.view !== undefined && spec.stages.includes(i.view.stage) && spec.due(i.view));
    const next: StageCursors = {};
    for (const stage of spec.stages) {
      const cursor = byStage.get(stage)?.nextCursor;
      if (cursor) next[stage] = cursor;
    }
    return {
      spec,
      items,
      examined: inStages.length,
      truncated: Object.keys(next).length > 0,
      ...(Object.keys(next).length ? { next } : {}),
    };
  });
}

/** Cursors as one URL parameter (opaque to people; checked again by the case list when used). */
export const encodeCursors = (cursors: StageCursors): string =>
  Buffer.from(JSON.stringify(cursors)).toString('base64url');

/** The cursors of a URL parameter, or undefined when it is not one {@link encodeCursors} made. */
export function decodeCursors(text: string | undefined, stages: readonly Stage[]): StageCursors | undefined {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const out: StageCursors = {};
    for (const [stage, cursor] of Object.entries(value)) {
      if (!stages.includes(stage as Stage) || typeof cursor !== 'string' || cursor.length > 4100) return undefined;
      out[stage as Stage] = cursor;
    }
    return out;
  } catch {
    return undefined;
  }
}
