// The cluster profile (`npm run cluster`): the Temporal server on PostgreSQL, two workers and two API replicas as
// their own processes behind one address, started on free loopback ports in a throwaway home. A case goes from
// intake to monitoring through the single API address; one worker is SIGKILLed right after the second approval
// (the notice stage), PostgreSQL is restarted while the case waits for its cutoff, and the case still completes
// with exactly one notice; one API replica is restarted while requests keep flowing through the single address.
// Then `npm run demo` runs against the profile as a user would run it (found through the home's stack file), and
// `npm run demo:account` (an account case revoked in batches; its items paged through the API replicas).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { CaseResponse as CaseView } from '../../src/api/schemas/case-response';
import { loadAppConfig } from '../../src/config/app-config';
import { loadDevStackConfig } from '../../src/config/dev-stack';
import { startCluster, type Cluster } from '../../src/dev/cluster/cluster';
import { DemoCli } from '../../src/dev/demo/demo-cli';
import type { DemoTarget } from '../../src/dev/demo/locate-stack';
import { demoCutoff } from '../../src/dev/demo/scenario';
import type { DemoTokensFile } from '../../src/dev/demo-principals';
import { DEMO_CUSTOMER } from '../../src/dev/seed-sandbox';
import { createLogger } from '../../src/platform/logger';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { deepHealth } from '../support/deep-health';

const CASE_ID = `case-${DEMO_CUSTOMER.accountId}`;
let cluster: Cluster | undefined;
let cli: DemoCli;
let startSeconds = 0;
let home: string | undefined;
let operatorToken = '';

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'terminus-cluster-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TERMINUS_HOME: home,
    TERMINUS_API_PORT: '0',
    TERMINUS_TEMPORAL_PORT: '0',
    TERMINUS_TEMPORAL_UI_PORT: '0',
    TERMINUS_DB_PORT: '0',
    TERMINUS_MAIL_SMTP_PORT: '0',
    TERMINUS_MAIL_WEB_PORT: '0',
    TERMINUS_SANDBOX_DNS_PORT: '0',
    TERMINUS_SANDBOX_HTTP_PORT: '0',
  };
  for (const k of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_URL', 'TERMINUS_METRICS_ADDRESS']) delete env[k];
  const began = Date.now();
  cluster = await startCluster(loadAppConfig(env), loadDevStackConfig(env), createLogger('cluster-test', 'warn'), env, {
    workers: 2,
    apis: 2,
  });
  startSeconds = (Date.now() - began) / 1000;
  process.stdout.write(`cluster profile started in ${startSeconds.toFixed(1)} s\n`);
  const tokens = (JSON.parse(await readFile(cluster.info.demoTokensFile, 'utf8')) as DemoTokensFile).tokens;
  operatorToken = tokens.operator.token;
  const target = {
    info: { ...cluster.info, sandbox: cluster.info.sandbox! },
    tokens: Object.fromEntries(Object.entries(tokens).map(([role, t]) => [role, t.token])),
    stackFile: '',
  } as unknown as DemoTarget;
  cli = new DemoCli(target, { write: () => true });
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  if (home) await rm(home, { recursive: true, force: true });
}, 120_000);

/** Polls `check` every 250 ms until it returns a value, or fails naming `what` after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function health(url: string): Promise<number> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return res.status;
}

it('answers through one address, with the namespace and every search attribute on the real server', async () => {
  const c = cluster!;
  expect(startSeconds).toBeGreaterThan(0);
  expect(await health(c.info.apiUrl)).toBe(200);
  for (const replica of c.info.apiReplicas) expect(await health(replica)).toBe(200);
  const deep = await deepHealth(c.info.apiUrl, { tokensFile: c.info.demoTokensFile });
  expect(deep.status).toBe(200);
  expect(c.workers.map((w) => w.alive())).toEqual([true, true]);
  const connection = await Connection.connect({ address: c.info.temporalAddress });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: c.info.namespace,
    });
    expect(Object.keys(customAttributes ?? {}).sort()).toEqual(ALL_SEARCH_ATTRIBUTES.map((k) => k.name).sort());
  } finally {
    await connection.close();
  }
});

it('runs a case to monitoring through a worker kill, an API replica restart and a PostgreSQL restart; one notice', async () => {
  const c = cluster!;
  const cutoff = demoCutoff(Date.now(), 150_000, 'UTC');
  await cli.json('requester', [
    'case',
    'open',
    '--account',
    DEMO_CUSTOMER.accountId,
    '--name',
    DEMO_CUSTOMER.name,
    '--contact',
    DEMO_CUSTOMER.noticeContacts[0],
    '--domain',
    DEMO_CUSTOMER.primary,
    ...DEMO_CUSTOMER.aliases.flatMap((d) => ['--domain', d]),
    '--services',
    'dns,proxy',
    '--category',
    'csam',
    '--summary',
    'cluster profile test',
    '--evidence',
    'https://hotline.example/report/cluster',
    '--cutoff-local',
    cutoff.time,
    '--tz',
    'UTC',
    '--cutoff-date',
    cutoff.date,
  ]);

  // Restart API replica 1 while requests keep going to the single address: none may fail.
  let stopPolling = false;
  const statuses: number[] = [];
  const polling = (async () => {
    while (!stopPolling) {
      statuses.push(await health(c.info.apiUrl).catch(() => 0));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const before = c.apis[0]!.pid;
  const restarted = await c.restartApi(0);
  stopPolling = true;
  await polling;
  expect(restarted.pid).not.toBe(before);
  expect(await health(c.info.apiReplicas[0]!)).toBe(200);
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);

  await cli.json('operator', ['case', 'wait', CASE_ID, '--stage', 'investigating', '--timeout', '2m']);
  await cli.json('investigator', [
    'case',
    'findings',
    CASE_ID,
    '--facts',
    'Hash matches on three boards',
    '--evidence',
    `sha256:${'ab'.repeat(32)}`,
    '--reasons',
    'AUP 2.1: distribution of CSAM',
  ]);
  await cli.json('operator', ['case', 'wait', CASE_ID, '--stage', 'legal_review', '--timeout', '2m']);
  await cli.json('legal', ['case', 'approve', CASE_ID, '--reasons', 'AUP 2.1 applies', '--ground', 'illegal_content']);
  await cli.json('tns_lead', ['case', 'approve', CASE_ID, '--reasons', 'Agree with legal']);

  // The notice stage begins: one worker dies like a machine would.
  await c.workers[0]!.kill();
  expect(c.workers[0]!.alive()).toBe(false);

  // While the case waits for its cutoff, PostgreSQL (Temporal's persistence and visibility, and the app's
  // database) goes down for 5 s and comes back: the server, the surviving worker and the APIs reconnect.
  await cli.json('operator', ['case', 'wait', CASE_ID, '--stage', 'awaiting_cutoff', '--timeout', '3m']);
  const pgRestartedAt = Date.now();
  await c.restartPostgres(5000);
  const afterRestart = await until('the case readable after the PostgreSQL restart', 60_000, () =>
    cli.json<CaseView>('operator', ['case', 'show', CASE_ID]),
  );
  expect(afterRestart.caseId).toBe(CASE_ID);
  process.stdout.write(`case readable ${((Date.now() - pgRestartedAt) / 1000).toFixed(1)} s after the restart began\n`);

  const monitoring = await cli.json<CaseView>('operator', [
    'case',
    'wait',
    CASE_ID,
    '--stage',
    'monitoring',
    '--timeout',
    '6m',
  ]);
  expect(monitoring.stage).toBe('monitoring');
  expect(monitoring.outcome).toBe('terminated');
  const notices = monitoring.notices.filter((n) => n.kind === 'termination_notice');
  expect(notices).toHaveLength(1);
  expect(notices[0]!.delivered).toBe(true);

  // Exactly one notice: one outbox row, sent, and one message in the inbox.
  const rows = await c.db.query<{ status: string }>(
    `SELECT status FROM mail_outbox WHERE case_id = $1 AND kind = 'termination_notice'`,
    [CASE_ID],
  );
  expect(rows.map((r) => r.status)).toEqual(['sent']);
  const inbox = await until('the notice in MailDev', 30_000, async () => {
    const res = await fetch(new URL('api/email/summary?limit=200', c.info.mailInboxUrl));
    const items = ((await res.json()) as { items: { subject: string; to: { address: string }[] }[] }).items;
    const toCustomer = items.filter((m) => m.to.some((t) => t.address === DEMO_CUSTOMER.noticeContacts[0]));
    return toCustomer.length > 0 ? toCustomer : undefined;
  });
  expect(inbox.map((m) => m.subject)).toEqual([expect.stringMatching(/^Notice of service termination for/)]);

  // Visibility on PostgreSQL with the custom search attributes: the case is listed by stage.
  const listed = await until('the case listed as monitoring', 30_000, async () => {
    const page = await cli.api('operator').request<{ cases: { caseId: string }[] }>('GET', '/cases?stage=monitoring');
    return page.cases.some((x) => x.caseId === CASE_ID) ? page : undefined;
  });
  expect(listed.cases.map((x) => x.caseId)).toContain(CASE_ID);

  // The killed worker comes back; both poll again.
  await c.restartWorker(0);
  expect(c.workers.map((w) => w.alive())).toEqual([true, true]);
});

/** Runs `scripts/<script>.ts ARGS` against the cluster's home, as `npm run` would. */
async function runScript(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const run = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: path.join(__dirname, '..', '..'),
    env: { ...process.env, TERMINUS_HOME: home, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  run.stdout.on('data', (d: Buffer) => (out += d.toString()));
  run.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => run.kill('SIGKILL'), 420_000);
    run.on('exit', (exit) => {
      clearTimeout(timer);
      resolve(exit);
    });
  });
  if (code !== 0) process.stdout.write(`${script} stdout:\n${out}\n${script} stderr:\n${err}\n`);
  return { code, out, err };
}

it('passes `npm run demo` (the command a user types) against the running profile', async () => {
  const c = cluster!;
  const began = Date.now();
  const { code, out } = await runScript('demo', ['--provider', 'njalla']);
  expect(code).toBe(0);
  expect(out).toContain(`Stack: ${c.info.apiUrl}`);
  expect(out.trim().split('\n').at(-1)).toMatch(
    new RegExp(
      `^Detected competitor: njalla \\(moved to Njalla\\) serves ${DEMO_CUSTOMER.primary.replace('.', '\\.')} since `,
    ),
  );
  process.stdout.write(`npm run demo on the cluster profile: ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
}, 480_000);

it('passes `npm run demo:account`: the account case on the real server, its items paged by the API replicas', async () => {
  const began = Date.now();
  const { code, out } = await runScript('demo-account', ['--zones', '100', '--late', '1', '--lead', '10']);
  expect(code).toBe(0);
  expect(out.trim().split('\n').at(-1)).toBe(
    'Revoked 202 of 202 items (2 found before revocation) in 3 batches of up to 100',
  );
  // Each replica answers from the same case_items rows (not an empty list: the store is wired in `npm run api`).
  const c = cluster!;
  for (const replica of c.info.apiReplicas) {
    const res = await fetch(`${replica}/cases/case-acct-bulk/items?limit=500&status=done`, {
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { name: string }[] };
    expect(page.items).toHaveLength(202);
  }
  process.stdout.write(`npm run demo:account on the cluster profile: ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
}, 480_000);
