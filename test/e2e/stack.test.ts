import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Resolver } from 'node:dns/promises';
import http from 'node:http';
import { deleteSandboxRoute } from '../../src/adapters/sandbox/route-repository';
import { deleteSandboxZone } from '../../src/adapters/sandbox/zone-repository';
import { openDatabase } from '../../src/db/database';
import type { StackFile } from '../../src/dev/stack-file';
import { startRunningStack, type RunningStack } from '../support/running-stack';
import { deepHealth } from '../support/deep-health';

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

/** Does the sandbox edge still serve `forum.example` (DNS answer and proxied site)? */
async function servesForum(stack: RunningStack): Promise<{ dns: boolean; http: number }> {
  const resolver = new Resolver();
  resolver.setServers([`${stack.sandboxDns.host}:${stack.sandboxDns.port}`]);
  const dns = await resolver.resolve4('forum.example').then(
    (a) => a.length > 0,
    () => false,
  );
  return { dns, http: (await getWithHost(stack.sandboxHttpUrl, 'forum.example')).status };
}

/** What a case's revocation does on the sandbox edge, done through the running stack's own database. */
async function revokeForumExample(home: string): Promise<void> {
  const file = JSON.parse(await readFile(path.join(home, 'data', 'stack.json'), 'utf8')) as StackFile;
  const password = (await readFile(file.info.embeddedDatabase!.passwordFile, 'utf8')).trim();
  const db = openDatabase({ url: file.info.databaseUrl.replace(':***@', `:${encodeURIComponent(password)}@`) });
  try {
    expect(await deleteSandboxZone(db, 'edge', 'forum.example')).toBe(true);
    expect(await deleteSandboxRoute(db, 'edge', 'forum.example')).toBe(true);
  } finally {
    await db.close();
  }
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

    const deep = (await (await deepHealth(stack.apiUrl, { home })).json()) as DeepHealth;
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

    expect(stack.output()).toMatch(/Sandbox state {3}seeded with the demo customers \(first start/);
    // A case revokes the demo customer on our edge: its zone and route go.
    await revokeForumExample(home);
    expect(await servesForum(stack)).toEqual({ dns: false, http: 421 });

    expect(await stack.stop()).toBe(0);
    expect(stack.output()).toContain('terminus stack stopped');

    stack = await startRunningStack(home);
    const again = (await (await deepHealth(stack.apiUrl, { home })).json()) as DeepHealth;
    expect(again.installationId).toBe(deep.installationId);
    const listed = await listWorkflowIds(stack.temporalAddress, "WorkflowType = 'systemCheck'");
    expect(listed).toEqual(expect.arrayContaining([deep.workflowId, again.workflowId]));
    // The restart keeps what the case did (issue 15, finding 7): no re-seed puts the revoked customer back.
    expect(stack.output()).toMatch(/Sandbox state {3}as cases left it/);
    expect(await servesForum(stack)).toEqual({ dns: false, http: 421 });
    expect(await stack.stop()).toBe(0);

    // `npm start --reset` (npm hands the flag over as npm_config_reset) seeds the sandbox again and says so.
    stack = await startRunningStack(home, { npm_config_reset: 'true' });
    expect(stack.output()).toMatch(/Sandbox state {3}RESET to the demo seed/);
    expect(await servesForum(stack)).toEqual({ dns: true, http: 200 });
    expect(await stack.stop()).toBe(0);
    stack = undefined;
  }, 600_000);
});
