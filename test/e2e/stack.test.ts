import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startRunningStack, type RunningStack } from '../helpers/running-stack';

const exec = promisify(execFile);

interface DeepHealth {
  status: string;
  workflowId: string;
  installationId: string;
}

async function listWorkflowIds(address: string, query: string): Promise<string[]> {
  const cli = process.env.TERMINUS_TEMPORAL_CLI!;
  const { stdout } = await exec(cli, ['workflow', 'list', '--address', address, '--query', query, '--output', 'json']);
  return (JSON.parse(stdout || '[]') as Array<{ execution: { workflowId: string } }>).map(
    (w) => w.execution.workflowId,
  );
}

// The README's start command, as a newcomer runs it: everything comes up, answers, stops on Ctrl-C and comes
// back with its data.
describe('npm start (the embedded stack)', () => {
  let home: string;
  let stack: RunningStack | undefined;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'terminus-stack-'));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serves the API, Web UI and metrics, runs a workflow end to end, stops cleanly and restarts with its data', async () => {
    stack = await startRunningStack(home);
    const health = await fetch(`${stack.apiUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });

    const deep = (await (await fetch(`${stack.apiUrl}/health/deep`)).json()) as DeepHealth;
    expect(deep.status).toBe('ok');
    expect(deep.workflowId).toMatch(/^system-check-/);

    expect((await fetch(stack.webUiUrl)).status).toBe(200);
    expect(await (await fetch(stack.metricsUrl)).text()).toMatch(/temporal_workflow_completed/);
    // The smoke test's workflow is visible with `temporal workflow list`, filtered by type.
    expect(await listWorkflowIds(stack.temporalAddress, "WorkflowType = 'systemCheck'")).toContain(deep.workflowId);

    expect(await stack.stop()).toBe(0);
    expect(stack.output()).toContain('terminus stack stopped');

    stack = await startRunningStack(home);
    const again = (await (await fetch(`${stack.apiUrl}/health/deep`)).json()) as DeepHealth;
    expect(again.installationId).toBe(deep.installationId);
    const listed = await listWorkflowIds(stack.temporalAddress, "WorkflowType = 'systemCheck'");
    expect(listed).toEqual(expect.arrayContaining([deep.workflowId, again.workflowId]));
    expect(await stack.stop()).toBe(0);
    stack = undefined;
  }, 400_000);
});
