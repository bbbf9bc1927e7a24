import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { CaseIntake } from '../../src/domain/case/case-state';
import { caseListQuery } from '../../src/services/case/case-list';
import { caseViewQuery, intakeAcceptedUpdate, TERMINATION_CASE_WORKFLOW } from '../../src/workflows/case/messages';
import { terminationCaseStartOptions } from '../../src/workflows/case/start-options';
import { openBody } from './api-load';
import type { LoadExecutor, LoadOp } from './open-loop';

/**
 * The two sides the capacity benchmark compares, as executors of the same mix. Through the API: a principal's
 * bearer token, `GET /cases/{id}`, `GET /cases?limit=20` and `POST /cases` (answered once the workflow accepted the
 * intake), each authenticated, rate-limited and audited. Bare: a Temporal client in the benchmark process making
 * the calls the API's service layer makes for them and nothing else: the case workflow's view query, the
 * visibility list with the same query, and the same update-with-start of the intake.
 */

/** Cases the reads target, and the tag that keeps this side's opened accounts apart. */
export interface OpsTargets {
  viewTargets: string[];
  runTag: string;
  timeoutMs: number;
}

const target = (t: OpsTargets, n: number): string => t.viewTargets[(n * 7) % t.viewTargets.length]!;
const listFilter = (n: number) => (n % 4 === 1 ? { stage: 'investigating' as const } : {});

/** Through the HTTP API; `tokens` are distinct principals used in turn (each has its own rate limits). */
export function apiExecutor(apiUrl: string, tokens: string[], t: OpsTargets): LoadExecutor {
  return async (op: LoadOp, n: number) => {
    const headers = { authorization: `Bearer ${tokens[n % tokens.length]!}` };
    const signal = AbortSignal.timeout(t.timeoutMs);
    let res: Response;
    if (op === 'open') {
      res = await fetch(`${apiUrl}/cases`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(openBody(t.runTag, 0, n)),
        signal,
      });
    } else if (op === 'view') {
      res = await fetch(`${apiUrl}/cases/${encodeURIComponent(target(t, n))}`, { headers, signal });
    } else {
      const stage = listFilter(n).stage;
      res = await fetch(`${apiUrl}/cases?limit=20${stage ? `&stage=${stage}` : ''}`, { headers, signal });
    }
    const text = await res.text();
    const expected = op === 'open' ? 201 : 200;
    return res.status === expected ? undefined : `${res.status}: ${text.slice(0, 200)}`;
  };
}

/** Straight to Temporal with the SDK client, on the deployment's namespace and task queue. */
export function bareExecutor(client: Client, taskQueue: string, t: OpsTargets): LoadExecutor {
  const namespace = client.options.namespace;
  return async (op: LoadOp, n: number) => {
    await client.withDeadline(Date.now() + t.timeoutMs, async () => {
      if (op === 'open') {
        const intake = { ...(openBody(t.runTag, 0, n) as object), requestedBy: 'bench-bare-client' } as CaseIntake;
        const start = new WithStartWorkflowOperation(TERMINATION_CASE_WORKFLOW, {
          ...terminationCaseStartOptions(intake),
          taskQueue,
        });
        await client.workflow.executeUpdateWithStart(intakeAcceptedUpdate, { startWorkflowOperation: start });
      } else if (op === 'view') {
        await client.workflow.getHandle(target(t, n)).query(caseViewQuery);
      } else {
        await client.workflowService.listWorkflowExecutions({
          namespace,
          query: caseListQuery({ ...listFilter(n), taskQueue }),
          pageSize: 20,
        });
      }
    });
    return undefined;
  };
}
