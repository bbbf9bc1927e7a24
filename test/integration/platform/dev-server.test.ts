import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createSystemActivities } from '../../../src/activities/system';
import { systemCheck } from '../../../src/workflows/system-check/system-check';
import { ALL_SEARCH_ATTRIBUTES, TerminusStage } from '../../../src/workflows/search-attributes';
import { startTestDatabase, type TestDatabase } from '../../support/database';
import { connectDevServer, uniqueId, uniqueTaskQueue, workflowsPath } from '../../support/temporal-env';

describe('on the real dev server, with the real database', () => {
  let env: TestWorkflowEnvironment;
  let t: TestDatabase;
  beforeAll(async () => {
    env = await connectDevServer();
    t = await startTestDatabase();
  });
  afterAll(async () => {
    await env?.teardown();
    await t?.stop();
  });

  it('has our custom search attributes registered', async () => {
    const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const key of ALL_SEARCH_ATTRIBUTES) expect(Object.keys(customAttributes ?? {})).toContain(key.name);
  });

  it('runs systemCheck through a worker into the database, and visibility lists it', async () => {
    const taskQueue = uniqueTaskQueue('system');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath,
      activities: createSystemActivities({ db: t.db }),
    });
    const workflowId = uniqueId('system-check');
    const result = await worker.runUntil(
      env.client.workflow.execute(systemCheck, {
        workflowId,
        taskQueue,
        args: [{ requestedAt: new Date().toISOString() }],
        typedSearchAttributes: [{ key: TerminusStage, value: 'closed' }],
      }),
    );
    const [row] = await t.db.query<{ check_key: string }>('SELECT check_key FROM system_checks');
    expect(row?.check_key).toBe(`${workflowId}/record`);
    expect(result.workflowId).toBe(workflowId);

    // Visibility is eventually consistent: poll until the closed run is listed under our attribute.
    const query = `WorkflowId = '${workflowId}' AND TerminusStage = 'closed' AND ExecutionStatus = 'Completed'`;
    let listed: string[] = [];
    for (let i = 0; i < 50 && listed.length === 0; i++) {
      listed = [];
      for await (const wf of env.client.workflow.list({ query })) listed.push(wf.workflowId);
      if (listed.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed).toEqual([workflowId]);
  });
});
