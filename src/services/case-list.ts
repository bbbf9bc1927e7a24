import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { Outcome, Stage } from '../domain/case-types';
import { FailureType } from '../domain/failures';
import {
  TerminusAccount,
  TerminusCategory,
  TerminusCutoff,
  TerminusDomains,
  TerminusOutcome,
  TerminusProvider,
  TerminusStage,
} from '../workflows/search-attributes';
import { TERMINATION_CASE_WORKFLOW } from '../workflows/termination-case-messages';
import { ServiceFailure } from './service-error';

/** Filters of the case list; every value is matched exactly against a search attribute. */
export interface CaseFilter {
  stage?: Stage;
  outcome?: Outcome;
  category?: string;
  account?: string;
  domain?: string;
  /** Only cases run on this task queue (this deployment's cases, when a namespace is shared). */
  taskQueue?: string;
  /** Only these case IDs (per-case authorization: a requester sees the cases they opened). */
  caseIds?: string[];
  /** Newest first; at most this many. */
  limit: number;
  /** Paging: cases whose current run started before this instant (the previous page's `nextCursor`). */
  startedBefore?: string;
}

/** One case as visibility knows it (no query: listing never wakes a worker). */
export interface CaseSummary {
  caseId: string;
  runId: string;
  status: string;
  stage: string | null;
  outcome: string | null;
  category: string | null;
  account: string | null;
  domains: string[];
  provider: string | null;
  cutoffAt: string | null;
  runStartedAt: string;
  closedAt: string | null;
}

/** A page of cases and the cursor of the next one (absent on the last page). */
export interface CaseListPage {
  cases: CaseSummary[];
  nextCursor?: string;
}

/** Values reach the visibility query only if they cannot escape their quotes. */
const SAFE_VALUE = /^[A-Za-z0-9._:@-]{1,253}$/;

function quote(value: string, field: string): string {
  if (!SAFE_VALUE.test(value)) {
    throw new ServiceFailure(
      FailureType.InvalidInput,
      `${field}: "${value.slice(0, 80)}" contains characters not allowed in a filter`,
    );
  }
  return `'${value}'`;
}

/**
 * The visibility query for a filter. Runs that continued as new are left out: each case appears once, as its
 * current run. Every value is checked against {@link SAFE_VALUE} before it is quoted.
 */
export function caseListQuery(filter: Omit<CaseFilter, 'limit'>): string {
  const parts = [`WorkflowType = ${quote(TERMINATION_CASE_WORKFLOW, 'type')}`, `ExecutionStatus != 'ContinuedAsNew'`];
  if (filter.taskQueue) parts.push(`TaskQueue = ${quote(filter.taskQueue, 'taskQueue')}`);
  if (filter.stage) parts.push(`${TerminusStage.name} = ${quote(filter.stage, 'stage')}`);
  if (filter.outcome) parts.push(`${TerminusOutcome.name} = ${quote(filter.outcome, 'outcome')}`);
  if (filter.category) parts.push(`${TerminusCategory.name} = ${quote(filter.category, 'category')}`);
  if (filter.account) parts.push(`${TerminusAccount.name} = ${quote(filter.account, 'account')}`);
  if (filter.domain) parts.push(`${TerminusDomains.name} = ${quote(filter.domain.toLowerCase(), 'domain')}`);
  if (filter.caseIds) {
    const ids = filter.caseIds.length ? filter.caseIds.map((id) => quote(id, 'caseIds')).join(', ') : `''`;
    parts.push(`WorkflowId IN (${ids})`);
  }
  if (filter.startedBefore) {
    if (!Number.isFinite(Date.parse(filter.startedBefore))) {
      throw new ServiceFailure(FailureType.InvalidInput, 'cursor: not an instant');
    }
    parts.push(`StartTime < '${new Date(filter.startedBefore).toISOString()}'`);
  }
  return parts.join(' AND ');
}

function summarise(info: WorkflowExecutionInfo): CaseSummary {
  const sa = info.typedSearchAttributes;
  const cutoff = sa.get(TerminusCutoff);
  return {
    caseId: info.workflowId,
    runId: info.runId,
    status: info.status.name,
    stage: sa.get(TerminusStage) ?? null,
    outcome: sa.get(TerminusOutcome) ?? null,
    category: sa.get(TerminusCategory) ?? null,
    account: sa.get(TerminusAccount) ?? null,
    domains: sa.get(TerminusDomains) ?? [],
    provider: sa.get(TerminusProvider) ?? null,
    cutoffAt: cutoff ? cutoff.toISOString() : null,
    runStartedAt: info.startTime.toISOString(),
    closedAt: info.closeTime ? info.closeTime.toISOString() : null,
  };
}

/** Lists cases through Temporal visibility, newest first. */
export async function listCases(client: Client, filter: CaseFilter): Promise<CaseListPage> {
  const query = caseListQuery(filter);
  const cases: CaseSummary[] = [];
  let more = false;
  for await (const info of client.workflow.list({ query, pageSize: Math.min(filter.limit + 1, 1000) })) {
    if (cases.length === filter.limit) {
      more = true;
      break;
    }
    cases.push(summarise(info));
  }
  const last = cases[cases.length - 1];
  return more && last ? { cases, nextCursor: last.runStartedAt } : { cases };
}
