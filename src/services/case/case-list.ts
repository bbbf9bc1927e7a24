import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import {
  JsonPayloadConverter,
  SearchAttributeType,
  TypedSearchAttributes,
  ValueError,
  type Payload,
  type SearchAttributePair,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Outcome, Stage } from '../../domain/case-types';
import { FailureType } from '../../domain/failures';
import {
  TerminusAccount,
  TerminusCategory,
  TerminusCutoff,
  TerminusDomains,
  TerminusOutcome,
  TerminusProvider,
  TerminusStage,
} from '../../workflows/search-attributes';
import { TERMINATION_CASE_WORKFLOW } from '../../workflows/case/messages';
import type { OwnedRuns } from '../access/case-owners';
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
  /** Only these case IDs (a search by ID). */
  caseIds?: string[];
  /**
   * Only the cases this principal opened (per-case authorization: a requester sees its own cases). Matched on the
   * case reference of each run, never on the workflow ID alone: an ID is reused once its case ended.
   */
  requestedBy?: string;
  /** Newest first; at most this many. */
  limit: number;
  /** Paging: the previous page's `nextCursor`. */
  cursor?: string;
}

/** One case as visibility knows it (no query: listing never wakes a worker). */
export interface CaseSummary {
  caseId: string;
  /**
   * The run ID the case began with: with the case ID, what tells two cases of one reused ID apart. Present when
   * visibility reports it, and always in a list restricted to a requester's cases.
   */
  caseRef?: string;
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
export function caseListQuery(filter: Omit<CaseFilter, 'limit' | 'cursor' | 'requestedBy'>): string {
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
  return parts.join(' AND ');
}

type RawInfo = temporal.api.workflow.v1.IWorkflowExecutionInfo;
const STATUS = temporal.api.enums.v1.WorkflowExecutionStatus;

// The list reads raw executions (the public list iterator hides the page token this API pages with), so it decodes
// their search attributes and timestamps itself, with the SDK's public pieces and the SDK's rules.
const json = new JsonPayloadConverter();

function isValidFor(type: SearchAttributeType, value: unknown): boolean {
  switch (type) {
    case SearchAttributeType.TEXT:
    case SearchAttributeType.KEYWORD:
      return typeof value === 'string';
    case SearchAttributeType.INT:
      return Number.isInteger(value);
    case SearchAttributeType.DOUBLE:
      return typeof value === 'number';
    case SearchAttributeType.BOOL:
      return typeof value === 'boolean';
    case SearchAttributeType.DATETIME:
      return value instanceof Date;
    case SearchAttributeType.KEYWORD_LIST:
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    default:
      return false;
  }
}

/** Typed search attributes from raw payloads: each typed by its `type` metadata; untyped or invalid ones skipped. */
function decodeSearchAttributes(fields: Record<string, Payload> | null | undefined): TypedSearchAttributes {
  const pairs: SearchAttributePair[] = [];
  for (const [name, payload] of Object.entries(fields ?? {})) {
    if (payload.metadata == null) throw new ValueError('Missing payload metadata');
    const typeName = payload.metadata.type;
    const type = typeName
      ? TypedSearchAttributes.toSearchAttributeType(Buffer.from(typeName).toString('utf8'))
      : undefined;
    if (type === undefined) continue;
    let value: unknown = json.fromPayload(payload);
    if (type !== SearchAttributeType.KEYWORD_LIST && Array.isArray(value)) {
      if (value.length > 1) continue;
      value = value[0];
    }
    if (type === SearchAttributeType.DATETIME && value) value = new Date(value as string | number);
    if (isValidFor(type, value)) pairs.push({ key: { name, type }, value } as SearchAttributePair);
  }
  return new TypedSearchAttributes(pairs);
}

/** A protobuf timestamp as an ISO instant (millisecond precision), or null when absent. */
function isoOf(ts: RawInfo['startTime']): string | null {
  if (ts == null) return null;
  const ms = (ts.seconds?.toNumber() ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1_000_000);
  return new Date(ms).toISOString();
}

function summarise(info: RawInfo): CaseSummary {
  const sa = decodeSearchAttributes(info.searchAttributes?.indexedFields);
  const cutoff = sa.get(TerminusCutoff);
  return {
    caseId: info.execution?.workflowId ?? '',
    ...(info.firstRunId ? { caseRef: info.firstRunId } : {}),
    runId: info.execution?.runId ?? '',
    status: (STATUS[info.status ?? 0] ?? 'UNKNOWN').replace('WORKFLOW_EXECUTION_STATUS_', ''),
    stage: sa.get(TerminusStage) ?? null,
    outcome: sa.get(TerminusOutcome) ?? null,
    category: sa.get(TerminusCategory) ?? null,
    account: sa.get(TerminusAccount) ?? null,
    domains: sa.get(TerminusDomains) ?? [],
    provider: sa.get(TerminusProvider) ?? null,
    cutoffAt: cutoff ? cutoff.toISOString() : null,
    runStartedAt: isoOf(info.startTime) ?? '',
    closedAt: isoOf(info.closeTime),
  };
}

/**
 * A page cursor: Temporal's page token, bound to the query and authenticated with a key of this API process. A
 * forged or foreign token never reaches the server (which retries on a bad token until the deadline).
 */
export function encodeCursor(token: Uint8Array, query: string, key: Uint8Array): string {
  const mac = createHmac('sha256', key).update(query).update(token).digest().subarray(0, 16);
  return `${Buffer.from(token).toString('base64url')}.${mac.toString('base64url')}`;
}

/** The page token inside a cursor, or an InvalidInput failure naming `cursor`. */
export function decodeCursor(cursor: string, query: string, key: Uint8Array): Uint8Array {
  const [token, mac] = cursor.split('.');
  const invalid = () =>
    new ServiceFailure(
      FailureType.InvalidInput,
      'cursor: not a cursor of this list (or the API restarted); list again',
    );
  if (!token || !mac || !/^[A-Za-z0-9_-]+$/.test(token) || !/^[A-Za-z0-9_-]+$/.test(mac)) throw invalid();
  const bytes = Buffer.from(token, 'base64url');
  const expected = createHmac('sha256', key).update(query).update(bytes).digest().subarray(0, 16);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  return bytes;
}

/**
 * The summaries of runs the requester opened: a run is kept when its case reference is one the requester opened.
 * A run that is not itself an opened run (a case continued as new, or another case under a reused ID) is asked
 * for the run its chain began with, one describe each, when visibility does not report it.
 */
async function ownedOnly(client: Client, cases: CaseSummary[], owned: OwnedRuns): Promise<CaseSummary[]> {
  const kept: CaseSummary[] = [];
  for (const c of cases) {
    const refs = owned.get(c.caseId);
    if (!refs) continue;
    const ref = c.caseRef ?? (refs.has(c.runId) ? c.runId : await firstRunOf(client, c.caseId, c.runId));
    if (ref && refs.has(ref)) kept.push({ ...c, caseRef: ref });
  }
  return kept;
}

async function firstRunOf(client: Client, workflowId: string, runId: string): Promise<string | undefined> {
  const described = await client.workflowService.describeWorkflowExecution({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
  });
  return described.workflowExecutionInfo?.firstRunId || undefined;
}

/**
 * Lists cases through Temporal visibility in its own order, one page of at most `limit`. With `owned`, only those
 * case IDs are asked for and only the runs whose case reference is owned are kept (a page may then hold fewer).
 */
export async function listCases(
  client: Client,
  filter: Omit<CaseFilter, 'requestedBy'>,
  cursorKey: Uint8Array,
  owned?: OwnedRuns,
): Promise<CaseListPage> {
  const caseIds = owned
    ? [...owned.keys()].filter((id) => !filter.caseIds || filter.caseIds.includes(id))
    : filter.caseIds;
  const query = caseListQuery({ ...filter, ...(caseIds ? { caseIds } : {}) });
  const nextPageToken = filter.cursor ? decodeCursor(filter.cursor, query, cursorKey) : undefined;
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query,
    pageSize: filter.limit,
    ...(nextPageToken ? { nextPageToken } : {}),
  });
  const all = (response.executions ?? []).map(summarise);
  const cases = owned ? await ownedOnly(client, all, owned) : all;
  const token = response.nextPageToken;
  return token && token.length ? { cases, nextCursor: encodeCursor(token, query, cursorKey) } : { cases };
}
