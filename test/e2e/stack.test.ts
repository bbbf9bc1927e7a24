import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Resolver } from 'node:dns/promises';
import http from 'node:http';
import { startRunningStack, type RunningStack } from '../support/running-stack';

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

/** fetch() drops a Host header; the sandbox proxy routes by it, as `curl -H 'Host: ...'` does. */
function getWithHost(base: string, host: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL('/', base), { headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
  });
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
    // MailDev's inbox answers, and the sandbox edge serves the seeded demo customer over real DNS and HTTP.
    const inbox = await fetch(new URL('api/email', stack.mailInboxUrl));
    expect(inbox.status).toBe(200);
    expect(Array.isArray(await inbox.json())).toBe(true);
    const resolver = new Resolver();
    resolver.setServers([`${stack.sandboxDns.host}:${stack.sandboxDns.port}`]);
    expect((await resolver.resolve4('forum.example')).length).toBeGreaterThan(0);
    const site = await getWithHost(stack.sandboxHttpUrl, 'forum.example');
    expect(site.status).toBe(200);
    expect(site.headers['x-terminus-edge']).toBe('sandbox');
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
