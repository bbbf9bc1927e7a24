// `npm run demo` as a person runs it: against a stack started like `npm start`, unattended, exit 0, last line the
// detected competitor, which must be the one the demo moved the customer to (checked again through the API and
// the staff alert in MailDev); run twice on the same stack (the second run ends the first case and resets the
// sandbox); and a clear message with what to run when no stack is there.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DemoTokensFile } from '../../src/dev/demo-principals';
import type { CaseResponse as CaseView } from '../../src/api/schemas/case-response';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { run } from '../../src/cli/main';
import { createTransparencyDatabase } from '../../src/adapters/dsa/transparency-db-client';
import { startTransparencyDbStandIn } from '../../src/adapters/dsa/transparency-db-standin';
import { dsaPuid } from '../../src/domain/dsa/dsa-puid';
import type { DsaStatement } from '../../src/domain/dsa/dsa-statement';
import { validateDsaStatement } from '../../src/domain/dsa/dsa-validate';
import { stackFilePath } from '../../src/dev/stack-file';
import type { StackInfo } from '../../src/dev/stack';
import { startRunningStack, type RunningStack } from '../support/running-stack';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run demo -- ARGS` (or another demo script) in the project, with this TERMINUS_HOME. */
function demo(home: string, args: string[], timeoutMs = 330_000, script = 'demo'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', script, '--', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TERMINUS_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const lastLine = (s: string): string => s.trimEnd().split('\n').at(-1) ?? '';

/** The group watch's alert that forum.example moved to `provider` (alone, or counted with its www). */
const movedAlert = (provider: string): RegExp =>
  new RegExp(`^\\[terminus\\] Migration detected: (forum\\.example|2 domains): moved to ${provider}$`);

describe('without a running stack', () => {
  it('says exactly what to run, and exits non-zero', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'terminus-nodemo-'));
    const none = await demo(empty, [], 60_000);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`No terminus stack is running (no ${path.join(empty, 'data', 'stack.json')})`);
    expect(none.stderr).toContain('`npm start`');

    // A stack file left by a stack that was killed is recognised as such.
    await mkdir(path.join(empty, 'data'));
    const info = { apiUrl: 'http://127.0.0.1:9', dataDir: path.join(empty, 'data') };
    await writeFile(path.join(empty, 'data', 'stack.json'), JSON.stringify({ pid: 2 ** 22 + 17, info }));
    const stale = await demo(empty, [], 60_000);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/is no longer running\.\nStart the embedded stack .* `npm start`/);
  }, 120_000);
});

describe('on a running embedded stack', () => {
  let stack: RunningStack | undefined;
  let home: string;
  let tokens: DemoTokensFile['tokens'];

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'terminus-demo-'));
    stack = await startRunningStack(home);
    tokens = (JSON.parse(await readFile(path.join(home, 'data', 'demo-tokens.json'), 'utf8')) as DemoTokensFile).tokens;
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  }, 90_000);

  async function caseView(): Promise<CaseView> {
    const res = await fetch(`${stack!.apiUrl}/cases/case-acct-demo`, {
      headers: { authorization: `Bearer ${tokens.operator.token}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as CaseView;
  }

  async function inbox(): Promise<{ subject: string; to: { address: string }[] }[]> {
    const res = await fetch(new URL('api/email/summary?limit=200', stack!.mailInboxUrl));
    return ((await res.json()) as { items: { subject: string; to: { address: string }[] }[] }).items;
  }

  // Two competitors, different from each other, drawn per run so no fixed answer can pass.
  const pool = ['ddos-guard', 'cloudflare', 'njalla'];
  const first = pool.splice(Date.now() % 3, 1)[0]!;
  const second = pool[Date.now() % 2]!;

  it('drives a case from intake to monitoring and ends by printing the competitor it moved the customer to', async () => {
    const run = await demo(home, ['--provider', first, '--lead', '10']);
    if (run.code !== 0) throw new Error(`demo exited ${run.code}\n${run.stdout}\n${run.stderr}`);
    expect(lastLine(run.stdout)).toMatch(
      new RegExp(`^Detected competitor: ${first} \\(moved to [^)]+\\) serves forum\\.example since \\S+Z$`),
    );
    // What it prints to open: the case in the Web UI, the notice in MailDev, the commands whose answers change.
    expect(run.stdout).toContain(`${stack!.webUiUrl}/namespaces/default/workflows/case-acct-demo`);
    expect(run.stdout).toMatch(/In the MailDev inbox: "Notice of service termination for forum\.example/);
    expect(run.stdout).toContain(`dig @127.0.0.1 -p ${stack!.sandboxDns.port} +norecurse forum.example`);
    expect(run.stdout).toContain(`curl -si -H 'Host: forum.example' ${stack!.sandboxHttpUrl}/`);
    expect(run.stdout).toMatch(/--cutoff-local \d\d:\d\d --tz America\/Los_Angeles --cutoff-date \d{4}-\d\d-\d\d/);

    // Independently of the demo's own words: the case, and the mail.
    const view = await caseView();
    expect(view.stage).toBe('monitoring');
    expect(view.outcome).toBe('terminated');
    expect(view.providerChain.filter((c) => c.domain === 'forum.example').map((c) => c.state)).toEqual(['dark', first]);
    const mail = await inbox();
    const notices = mail.filter((m) => m.to.some((t) => t.address === 'abuse@forum.example'));
    expect(notices.map((m) => m.subject)).toEqual(['Notice of service termination for forum.example and 2 more']);
    // One alert per change of the group: forum.example alone, or with its www when both moved to the same front.
    expect(mail.map((m) => m.subject)).toContainEqual(expect.stringMatching(movedAlert(first)));
  }, 360_000);

  it("the demo case's statement, exported through the CLI and the API, is the one the stand-in accepted", async () => {
    const view = await caseView();
    let stdout = '';
    const code = await run(['case', 'sor', 'case-acct-demo'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => undefined },
      env: { TERMINUS_API_URL: stack!.apiUrl, TERMINUS_TOKEN: tokens.legal.token },
    });
    expect(code).toBe(0);
    const fromCli = JSON.parse(stdout) as Record<string, unknown>;
    const res = await fetch(`${stack!.apiUrl}/cases/case-acct-demo/statement`, {
      headers: { authorization: `Bearer ${tokens.legal.token}` },
    });
    expect(res.status).toBe(200);
    const fromApi = (await res.json()) as Record<string, unknown>;
    expect(fromCli).toEqual(fromApi);
    expect(validateDsaStatement(fromCli)).toEqual({});
    expect(fromCli.puid).toBe(dsaPuid(view.caseId, view.caseRef));

    // The case submitted it on its own, to the stack's stand-in of the EU database, which stored it as exported.
    const info = (JSON.parse(await readFile(stackFilePath(path.join(home, 'data')), 'utf8')) as { info: StackInfo })
      .info;
    expect(info.dsaStandInUrl).toBeDefined();
    const stored = async () =>
      ((await (await fetch(info.dsaStandInUrl!)).json()) as { statements: Record<string, unknown>[] }).statements;
    const deadline = Date.now() + 60_000;
    while (!(await stored()).some((s) => s.puid === fromCli.puid) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
    }
    const { uuid: _uuid, ...submitted } = (await stored()).find((s) => s.puid === fromCli.puid)!;
    expect(submitted).toEqual(fromCli);
    // And a fresh stand-in takes the CLI's export as is.
    const fresh = await startTransparencyDbStandIn({ token: 'X|e2e' });
    try {
      const created = await createTransparencyDatabase({ baseUrl: fresh.url, token: 'X|e2e' }).submit([
        fromCli as unknown as DsaStatement,
      ]);
      expect(created.created.map((c) => c.puid)).toEqual([fromCli.puid]);
    } finally {
      await fresh.stop();
    }
  }, 120_000);

  it('runs again on the same stack: ends the earlier case, resets the sandbox, detects the new competitor', async () => {
    const run = await demo(home, ['--provider', second, '--lead', '10']);
    if (run.code !== 0) throw new Error(`demo exited ${run.code}\n${run.stdout}\n${run.stderr}`);
    expect(run.stdout).toContain('ended monitoring of the earlier demo case');
    expect(run.stdout).toMatch(/reset the sandbox: forum\.example, .* back on our edge and nowhere else/);
    expect(lastLine(run.stdout)).toMatch(new RegExp(`^Detected competitor: ${second} \\(moved to `));
    const view = await caseView();
    expect(view.providerChain.filter((c) => c.domain === 'forum.example').map((c) => c.state)).toEqual([
      'dark',
      second,
    ]);
    // The second case's watch alerts under its own keys (a repeat of the first case's would be dropped).
    const subjects = (await inbox()).map((m) => m.subject);
    expect(subjects).toContainEqual(expect.stringMatching(movedAlert(second)));
    // Each case's group alerts that its domains went dark (three together, or in more than one round under load):
    // the second case's alerts have keys of their own, so none is dropped as a repeat of the first case's.
    expect(subjects.filter((s) => /^\[terminus\] Migration detected: .+: dark$/.test(s)).length).toBeGreaterThanOrEqual(
      2,
    );
  }, 360_000);

  it('npm run demo:account: an account of 200 zones found at intake, 2 added late caught, all revoked in batches', async () => {
    const run = await demo(home, ['--zones', '200', '--late', '2', '--lead', '10'], 330_000, 'demo:account');
    if (run.code !== 0) throw new Error(`demo:account exited ${run.code}\n${run.stdout}\n${run.stderr}`);
    // Each zone is also a proxied hostname: 202 zones are 404 items; the late ones are 4.
    expect(lastLine(run.stdout)).toBe('Revoked 404 of 404 items (4 found before revocation) in 5 batches of up to 100');
    expect(run.stdout).toContain('Discovery at intake found 400 items');
    // Through the CLI, every page: 404 items, all revoked, the late ones found by the pre-revocation discovery.
    let out = '';
    const code = await run_(['case', 'items', 'case-acct-bulk', '--all', '--json'], (s) => (out += s));
    expect(code).toBe(0);
    const items = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; status: string; foundBy: string });
    expect(items).toHaveLength(404);
    expect(items.filter((i) => i.status !== 'done')).toEqual([]);
    expect(
      items
        .filter((i) => i.foundBy === 'pre_revocation')
        .map((i) => i.name)
        .sort(),
    ).toEqual([
      'acct-bulk-000200.example',
      'acct-bulk-000200.example',
      'acct-bulk-000201.example',
      'acct-bulk-000201.example',
    ]);
    // And the sandbox edge no longer answers for a late zone.
    const dig = await digStatus(stack!.sandboxDns.port, 'acct-bulk-000201.example');
    expect(dig).toBe('NXDOMAIN');
  }, 360_000);

  function run_(args: string[], write: (s: string) => void): Promise<number> {
    return run(args, {
      stdout: { write },
      stderr: { write: () => true },
      env: { ...process.env, TERMINUS_API_URL: stack!.apiUrl, TERMINUS_TOKEN: tokens.operator.token },
    });
  }
});

/** The status `dig` reports for `name`'s A record on the sandbox DNS server. */
function digStatus(port: number, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('dig', ['@127.0.0.1', '-p', String(port), '+norecurse', name, 'A'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(/status: ([A-Z]+)/.exec(out)?.[1] ?? `no status in: ${out}`));
  });
}
