import { randomBytes } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowClient, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Database } from '../../db/database';
import { buildCaseView } from '../../domain/case/case-view';
import type { CaseIntake, CaseState, CaseView } from '../../domain/case/case-state';
import { buildCaseRecord, type CaseRecord } from '../../domain/dsa/case-record';
import type { DsaStatement } from '../../domain/dsa/dsa-statement';
import { FailureType } from '../../domain/failures';
import {
  CASE_UPDATES,
  caseViewQuery,
  intakeAcceptedUpdate,
  TERMINATION_CASE_WORKFLOW,
} from '../../workflows/case/messages';
import { terminationCaseStartOptions } from '../../workflows/case/start-options';
import { canAccessCase, isStaff, noSuchCase } from '../access/case-access';
import { ownedRuns, recordCaseOwner } from '../access/case-owners';
import { CASE_ACTION_TABLE, type CaseActionInputs, type CaseActionName } from '../../domain/case/actions';
import type { CutoffWindowRules } from '../../domain/cutoff';
import { InFlightLimit } from './in-flight-limit';
import { checkIntakeAtEdge } from './intake-check';
import { listCases, type CaseFilter, type CaseListPage } from './case-list';
import { errorName, isUnansweredQuery, ServiceFailure, toServiceFailure } from './service-error';
import { statementBatch, statementFromRecord } from './statements';
import { stateOfView } from './view-state';
import { gatherTransparency, type TransparencyReport } from './transparency';

/** What opening a case answers: the IDs at once, the view when the workflow accepted the intake in time. */
export interface OpenedCase {
  caseId: string;
  runId: string;
  view?: CaseView;
}

/**
 * A case record: archived when the case closed; provisional while it is open (built from the live case as of
 * `asOf`, with no outcome or close time until there is one).
 */
export interface CaseRecordResult {
  archived: boolean;
  asOf: string;
  record: Omit<CaseRecord, 'outcome' | 'closedAt'> & { outcome: CaseRecord['outcome'] | null; closedAt: string | null };
}

/** A DSA batch: the statements (unique `puid`, at most 100) and the cases that have none, with why. */
export interface StatementBatch {
  statements: DsaStatement[];
  skipped: { caseId: string; reason: string }[];
}

/**
 * The one service layer over the Temporal client, used by the HTTP API (and so by the CLI, which talks to the
 * API). It never touches adapters; it starts the case workflow, queries it, sends its updates, reads visibility
 * and the case archive. Every failure leaves it as a {@link ServiceFailure} with a type the edge maps.
 */
export interface CaseService {
  open(intake: CaseIntake): Promise<OpenedCase>;
  list(filter: CaseFilter): Promise<CaseListPage>;
  view(caseId: string): Promise<CaseView>;
  act<A extends CaseActionName>(
    caseId: string,
    action: A,
    input: CaseActionInputs[A],
    options?: { idempotencyKey?: string },
  ): Promise<CaseView>;
  record(caseId: string): Promise<CaseRecordResult>;
  statement(caseId: string): Promise<DsaStatement>;
  /** Statements of several cases for one DSA submission; cases without one are listed in `skipped`. */
  statements(caseIds: string[]): Promise<StatementBatch>;
  transparency(range: { from: string; to: string }): Promise<TransparencyReport>;
}

/** What the Temporal-backed service needs. */
export interface TemporalCaseServiceDeps {
  client: Client;
  db: Database;
  taskQueue: string;
  /** Bound on every Temporal call made for one request. */
  timeoutMs: number;
  /** How long `open` waits for the intake to be accepted before answering with IDs only. */
  openWaitMs: number;
  /** Cap on open cases read for transparency figures. */
  transparencyMaxOpenCases: number;
  /** Authenticates list cursors; random per process unless given (several API instances behind one URL). */
  cursorKey?: Uint8Array;
  /** The policy's cutoff rules and window, checked before a case starts (default: 90 days ahead). */
  cutoffRules?: CutoffWindowRules;
  /** Actions this process may have in flight on one case (default 4; Temporal admits 10 per workflow in all). */
  maxActionsInFlightPerCase?: number;
}

/** Two API replicas at this default stay under Temporal's 10 updates in flight per workflow. */
export const DEFAULT_ACTIONS_IN_FLIGHT_PER_CASE = 4;

/** The Temporal-backed {@link CaseService}. */
export class TemporalCaseService implements CaseService {
  private readonly cursorKey: Uint8Array;
  /**
   * The same connection with queries the server rejects when the workflow is not open: a running case's view is
   * one query (no describe first), and a closed one answers with its status instead of replaying its history.
   */
  private openQueriesClient?: WorkflowClient;

  private readonly inFlight: InFlightLimit;

  constructor(private readonly deps: TemporalCaseServiceDeps) {
    this.cursorKey = deps.cursorKey ?? randomBytes(32);
    this.inFlight = new InFlightLimit(deps.maxActionsInFlightPerCase ?? DEFAULT_ACTIONS_IN_FLIGHT_PER_CASE);
  }

  private get openQueries(): WorkflowClient {
    this.openQueriesClient ??= new WorkflowClient({
      connection: this.deps.client.connection,
      namespace: this.deps.client.options.namespace,
      dataConverter: this.deps.client.options.loadedDataConverter,
      queryRejectCondition: 'NOT_OPEN',
    });
    return this.openQueriesClient;
  }

  private bounded<T>(fn: () => Promise<T>, caseId?: string): Promise<T> {
    return this.deps.client
      .withDeadline(Date.now() + this.deps.timeoutMs, fn)
      .catch((err: unknown) => Promise.reject(toServiceFailure(err, { caseId })));
  }

  private handle(caseId: string): WorkflowHandle {
    return this.deps.client.workflow.getHandle(caseId);
  }

  /**
   * Starts the case and, in the same call (update-with-start), waits for the workflow to accept the intake, at most
   * `openWaitMs`. If no worker takes it in that time, the case is open all the same and goes on when one does, so
   * the answer is its IDs, not an error a client would retry into a conflict.
   */
  async open(intake: CaseIntake): Promise<OpenedCase> {
    checkIntakeAtEdge(intake, this.deps.cutoffRules);
    const options = terminationCaseStartOptions(intake);
    const caseId = options.workflowId;
    const start = new WithStartWorkflowOperation(TERMINATION_CASE_WORKFLOW, {
      ...options,
      taskQueue: this.deps.taskQueue,
    });
    try {
      const view = await this.deps.client.withDeadline(Date.now() + this.deps.openWaitMs, () =>
        this.deps.client.workflow.executeUpdateWithStart(intakeAcceptedUpdate, { startWorkflowOperation: start }),
      );
      // The case reference is the run ID the case began with.
      await recordCaseOwner(this.deps.db, caseId, view.caseRef, intake.requestedBy);
      return { caseId, runId: view.caseRef, view };
    } catch (err) {
      const failure = toServiceFailure(err, { caseId });
      if (failure.type === 'Timeout') return this.openedWithoutView(caseId, intake.requestedBy, failure);
      // The intake was refused in the workflow (it failed, and the update with it): say why.
      if (failure.type === FailureType.NotFound || errorName(err) === 'WorkflowUpdateFailedError') {
        await this.viewOfEnded(caseId);
      }
      throw failure;
    }
  }

  /** After a timed-out open: the case's IDs if it was started (start and update are one operation), else the
   * timeout. A closed earlier case of the account does not count. */
  private async openedWithoutView(caseId: string, requestedBy: string, timeout: ServiceFailure): Promise<OpenedCase> {
    const found = await this.caseStatus(caseId).catch(() => undefined);
    if (found?.status !== 'RUNNING') throw timeout;
    await recordCaseOwner(this.deps.db, caseId, found.runId, requestedBy);
    return { caseId, runId: found.runId };
  }

  /** A list; with `requestedBy`, only the runs that principal opened (by case reference, not workflow ID). */
  async list({ requestedBy, ...filter }: CaseFilter): Promise<CaseListPage> {
    const owned = requestedBy === undefined ? undefined : await ownedRuns(this.deps.db, requestedBy);
    if (owned?.size === 0) return { cases: [] };
    return this.bounded(() =>
      listCases(this.deps.client, { ...filter, taskQueue: this.deps.taskQueue }, this.cursorKey, owned),
    );
  }

  async view(caseId: string): Promise<CaseView> {
    const running = await this.bounded(
      () =>
        this.openQueries
          .getHandle(caseId)
          .query(caseViewQuery)
          .catch((err: unknown) => {
            // Not answered (the case is not open, or this is no case): describe says which.
            if (isUnansweredQuery(err)) return undefined;
            throw err;
          }),
      caseId,
    );
    if (running) return running;
    return this.viewOfEnded(caseId);
  }

  /**
   * The case workflow's status (`RUNNING`, `COMPLETED`, ...) and current run, or undefined when no case has this ID
   * (no workflow, or one of another type).
   */
  private async caseStatus(caseId: string): Promise<{ status: string; runId: string } | undefined> {
    const description = await this.bounded(() => this.handle(caseId).describe(), caseId).catch((err: unknown) => {
      if (toServiceFailure(err).type === FailureType.NotFound) return undefined;
      throw err;
    });
    if (description?.type !== TERMINATION_CASE_WORKFLOW) return undefined;
    return { status: description.status.name, runId: description.runId };
  }

  /** The view of a case whose workflow is no longer running: its archived record, or why there is none. */
  private async viewOfEnded(caseId: string): Promise<CaseView> {
    const found = await this.caseStatus(caseId);
    if (!found) throw noSuchCase(caseId);
    const handle = this.handle(caseId);
    if (found.status === 'RUNNING') return this.bounded(() => handle.query(caseViewQuery), caseId);
    if (found.status === 'COMPLETED') {
      const archived = await this.archived(caseId);
      if (archived) return buildCaseView(archived, Date.now());
      return this.bounded(() => handle.query(caseViewQuery), caseId);
    }
    throw await this.endedWithoutDecision(caseId, found.status);
  }

  /** Why a case whose workflow failed, was terminated or timed out has no decision: a Conflict naming it. */
  private async endedWithoutDecision(caseId: string, status: string): Promise<ServiceFailure> {
    const why = await this.bounded(
      () =>
        this.handle(caseId)
          .result()
          .then(() => ''),
      caseId,
    ).catch((err: unknown) => toServiceFailure(err).message);
    return new ServiceFailure(
      FailureType.Conflict,
      `case ${caseId} ended without a decision (workflow ${status.toLowerCase()}${why ? `: ${why}` : ''})`,
      { workflowStatus: status },
    );
  }

  /**
   * Staff actions go straight to the workflow update, whose validator runs the same rule on the case as it
   * stands (a refusal never touches history). A principal that is not staff may act only on a case it opened,
   * which needs the case read first.
   */
  async act<A extends CaseActionName>(
    caseId: string,
    action: A,
    input: CaseActionInputs[A],
    options: { idempotencyKey?: string } = {},
  ): Promise<CaseView> {
    const spec = CASE_ACTION_TABLE[action];
    if (!isStaff(input.principal)) {
      const view = await this.view(caseId);
      // Not this principal's case: answered exactly as a case that does not exist (no existence oracle).
      if (!canAccessCase(input.principal, view)) throw noSuchCase(caseId);
      if (view.stage === 'closed') throw new ServiceFailure(FailureType.Conflict, `case ${caseId} is closed`);
      const violation = spec.check(stateOfView(view), input, Date.now());
      if (violation) throw new ServiceFailure(violation.type, violation.message);
    }
    const updateId = options.idempotencyKey ? `${action}:${input.principal.id}:${options.idempotencyKey}` : undefined;
    const release = this.inFlight.acquire(caseId);
    if (!release) {
      throw new ServiceFailure(
        'RateLimited',
        `case ${caseId} already has ${this.inFlight.max} actions in progress; try again when they are answered`,
      );
    }
    return this.bounded(
      () =>
        this.handle(caseId).executeUpdate(CASE_UPDATES[action], { args: [input], ...(updateId ? { updateId } : {}) }),
      caseId,
    )
      .catch(async (err: unknown) => {
        const failure = toServiceFailure(err, { caseId });
        if (failure.type !== FailureType.NotFound) throw failure;
        // The server answers an update to a workflow that no longer runs as "not found": say what became of it.
        const found = await this.caseStatus(caseId).catch(() => undefined);
        if (found?.status === 'COMPLETED') throw new ServiceFailure(FailureType.Conflict, `case ${caseId} is closed`);
        if (found && found.status !== 'RUNNING') throw await this.endedWithoutDecision(caseId, found.status);
        throw failure;
      })
      .finally(release);
  }

  async record(caseId: string): Promise<CaseRecordResult> {
    const handle = this.handle(caseId);
    const description = await this.bounded(() => handle.describe(), caseId).catch(async (err: unknown) => {
      const failure = toServiceFailure(err, { caseId });
      if (failure.type === FailureType.NotFound && (await this.archived(caseId))) return undefined;
      throw failure;
    });
    if (description?.status.name === 'RUNNING') {
      const view = await this.bounded(() => handle.query(caseViewQuery), caseId);
      const asOf = new Date().toISOString();
      const state = stateOfView(view);
      const record = buildCaseRecord(state, asOf);
      return { archived: false, asOf, record: { ...record, outcome: state.outcome ?? null, closedAt: null } };
    }
    const archived = await this.archivedRecord(caseId);
    if (archived) return { archived: true, asOf: archived.closedAt, record: archived };
    if (description?.status.name === 'COMPLETED') {
      throw new ServiceFailure(FailureType.NotFound, `case ${caseId} closed but its record is not in the archive`);
    }
    await this.view(caseId);
    throw new ServiceFailure(FailureType.NotFound, `no record for case ${caseId}`);
  }

  async statement(caseId: string): Promise<DsaStatement> {
    const { record } = await this.record(caseId);
    return statementFromRecord(record, caseId);
  }

  async statements(caseIds: string[]): Promise<StatementBatch> {
    const unique = [...new Set(caseIds)];
    if (unique.length !== caseIds.length)
      throw new ServiceFailure(FailureType.InvalidInput, 'caseIds: a case appears twice');
    const results = await Promise.all(
      unique.map((id) =>
        this.statement(id).then(
          (statement) => ({ id, statement }),
          (err: unknown) => {
            const failure = toServiceFailure(err, { caseId: id });
            if (failure.type === FailureType.NotFound || failure.type === FailureType.Conflict) {
              return { id, reason: failure.message };
            }
            throw failure;
          },
        ),
      ),
    );
    const skipped = results.flatMap((r) => ('reason' in r ? [{ caseId: r.id, reason: r.reason }] : []));
    const statements = results.flatMap((r) => ('statement' in r ? [r.statement] : []));
    if (!statements.length) {
      throw new ServiceFailure(
        FailureType.Conflict,
        `no statement to submit: ${skipped.map((x) => x.reason).join('; ')}`,
      );
    }
    return { ...statementBatch(statements), skipped };
  }

  transparency(range: { from: string; to: string }): Promise<TransparencyReport> {
    return gatherTransparency(
      {
        db: this.deps.db,
        client: this.deps.client,
        maxOpenCases: this.deps.transparencyMaxOpenCases,
        taskQueue: this.deps.taskQueue,
        view: (id) => this.view(id),
        bounded: (fn) => this.bounded(fn),
      },
      range,
    );
  }

  private async archivedRecord(caseId: string): Promise<CaseRecord | null> {
    const rows = await this.deps.db.query<{ record: CaseRecord }>(
      'SELECT record FROM case_records WHERE case_id = $1 ORDER BY closed_at DESC LIMIT 1',
      [caseId],
    );
    return rows[0]?.record ?? null;
  }

  private async archived(caseId: string): Promise<CaseState | null> {
    return (await this.archivedRecord(caseId))?.state ?? null;
  }
}
