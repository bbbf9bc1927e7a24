// The terminus CLI end to end against the running embedded stack (`npm start` in a temp TERMINUS_HOME, ports 0):
// a whole case from opening to monitoring driven by the CLI alone, each step by the demo principal whose role it
// needs; `--json` output parsed; exit codes for bad input, not found, conflict, forbidden checked.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CaseResponse as CaseView } from '../../src/api/schemas/case-response';
import type { DemoTokensFile } from '../../src/dev/demo-principals';
import type { Role } from '../../src/domain/case-types';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { dsaPuid } from '../../src/domain/dsa/dsa-puid';
import { startRunningStack, type RunningStack } from '../support/running-stack';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let stack: RunningStack | undefined;
let home: string;
let tokens: DemoTokensFile['tokens'];

/** Runs `bin/terminus.js` (the package bin) as a person would, with a role's demo token (or none). */
function terminus(as: Role | null, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/terminus.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        TERMINUS_API_URL: stack!.apiUrl,
        TERMINUS_TOKEN: as ? tokens[as].token : '',
        DATABASE_URL: '',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok<T = unknown>(as: Role | null, args: string[]): Promise<T> {
  const r = await terminus(as, [...args, '--json']);
  if (r.code !== 0) throw new Error(`terminus ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'terminus-cli-'));
  stack = await startRunningStack(home);
  const file = path.join(home, 'data', 'demo-tokens.json');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  tokens = (JSON.parse(await readFile(file, 'utf8')) as DemoTokensFile).tokens;
}, 240_000);
afterAll(async () => {
  await stack?.stop();
}, 90_000);

jest.setTimeout(240_000);

const CASE = 'case-acct-demo';
const testStart = new Date(Date.now() - 60_000).toISOString();

it('every command explains itself with an example', async () => {
  const top = await terminus(null, ['--help']);
  expect(top.code).toBe(0);
  expect(top.stdout).toContain('Exit codes:');
  const commands = [
    ['case', 'open'],
    ['case', 'list'],
    ['case', 'show'],
    ['case', 'wait'],
    ['case', 'findings'],
    ['case', 'approve'],
    ['case', 'reject'],
    ['case', 'hold'],
    ['case', 'release'],
    ['case', 'appeal'],
    ['case', 'decide-appeal'],
    ['case', 'expedite'],
    ['case', 'withdraw'],
    ['case', 'add-domain'],
    ['case', 'record'],
    ['case', 'sor'],
    ['transparency'],
    ['probe'],
    ['token', 'create'],
    ['whoami'],
  ];
  const helps = await Promise.all(commands.map((c) => terminus(null, [...c, '--help'])));
  helps.forEach((h, i) => {
    expect({ command: commands[i]!.join(' '), code: h.code }).toEqual({ command: commands[i]!.join(' '), code: 0 });
    expect(h.stdout).toMatch(/Examples?:\n {2}\$ terminus /);
  });
});

it('drives a whole case from opening to monitoring with the demo principals', async () => {
  const me = await ok<{ principal: string; roles: string[] }>('legal', ['whoami']);
  expect(me).toEqual({ principal: tokens.legal.principal, roles: ['legal'] });

  const cutoff = new Date(Date.now() + 25_000).toISOString();
  const opened = await ok<{ caseId: string; view?: CaseView }>('requester', [
    'case',
    'open',
    '--account',
    'acct-demo',
    '--name',
    'Demo Forum Ltd',
    '--contact',
    'abuse@forum.example',
    '--domain',
    'forum.example',
    '--domain',
    'www.forum.example',
    '--domain',
    'forum-mirror.example',
    '--services',
    'dns,proxy',
    '--category',
    'csam',
    '--summary',
    'CSAM distribution reported by a hotline',
    '--evidence',
    'https://hotline.example/report/77',
    '--cutoff-at',
    cutoff,
    '--urgency',
    'imminent',
  ]);
  expect(opened.caseId).toBe(CASE);

  // A second open case for the account is a conflict (exit 4).
  const again = await terminus('requester', [
    'case',
    'open',
    '--account',
    'acct-demo',
    '--name',
    'x',
    '--contact',
    'a@forum.example',
    '--domain',
    'forum.example',
    '--category',
    'csam',
    '--summary',
    's',
    '--cutoff-at',
    cutoff,
  ]);
  expect(again.code).toBe(4);
  expect(again.stderr).toContain('already open');

  await ok('operator', ['case', 'wait', CASE, '--stage', 'investigating', '--timeout', '60s']);
  // The operator is read-only (exit 5); the investigator submits the findings.
  expect((await terminus('operator', ['case', 'findings', CASE, '--facts', 'f', '--reasons', 'r'])).code).toBe(5);
  const findings = await ok<CaseView>('investigator', [
    'case',
    'findings',
    'acct-demo',
    '--facts',
    'Hash matches on three boards',
    '--evidence',
    'sha256:' + 'ab'.repeat(32),
    '--reasons',
    'confirmed by the hotline and our own hash matching',
  ]);
  expect(findings.findings?.by).toBe(tokens.investigator.principal);

  await ok('operator', ['case', 'wait', CASE, '--stage', 'legal_review', '--timeout', '60s']);
  // The requester may not approve (exit 5); legal approves, then the T&S lead gives the second approval.
  expect((await terminus('requester', ['case', 'approve', CASE, '--reasons', 'mine'])).code).toBe(5);
  const legal = await ok<CaseView>('legal', [
    'case',
    'approve',
    CASE,
    '--reasons',
    'AUP 2.1 applies',
    '--ground',
    'illegal_content',
  ]);
  expect(legal.pendingApproverRoles).toEqual(['tns_lead']);
  const second = await ok<CaseView>('tns_lead', ['case', 'approve', CASE, '--reasons', 'agree']);
  expect(second.approvals.map((a) => a.by)).toEqual([tokens.tns_lead.principal]);

  // A long wait shows progress on stderr and prints the case as JSON on stdout.
  const waited = await terminus('operator', [
    'case',
    'wait',
    CASE,
    '--stage',
    'monitoring',
    '--timeout',
    '3m',
    '--json',
  ]);
  expect(waited.code).toBe(0);
  expect(waited.stderr).toMatch(/\.\.\. case-acct-demo is (notifying|awaiting_cutoff), waiting for monitoring/);
  const monitoring = JSON.parse(waited.stdout) as CaseView;
  expect(monitoring.stage).toBe('monitoring');
  expect(monitoring.outcome).toBe('terminated');
  expect(monitoring.notices.some((n) => n.kind === 'termination_notice' && n.delivered)).toBe(true);
  expect(monitoring.revocation.filter((s) => s.status === 'done').length).toBeGreaterThanOrEqual(4);

  // Human output: the timeline reads top to bottom with who did what.
  const shown = await terminus('operator', ['case', 'show', CASE]);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toContain('stage         monitoring   outcome: terminated');
  expect(shown.stdout).toMatch(/Timeline \(\d+ entries\)/);
  expect(shown.stdout).toContain(`${tokens.legal.principal} (legal)`);
  expect(shown.stdout).toMatch(/why: AUP 2\.1 applies/);

  const list = await ok<{ cases: { caseId: string; stage: string }[] }>('operator', [
    'case',
    'list',
    '--stage',
    'monitoring',
  ]);
  expect(list.cases.map((c) => c.caseId)).toContain(CASE);
  const byDomain = await ok<{ cases: { caseId: string }[] }>('operator', [
    'case',
    'list',
    '--domain',
    'forum-mirror.example',
  ]);
  expect(byDomain.cases.map((c) => c.caseId)).toEqual([CASE]);

  const record = await ok<{ archived: boolean; record: { caseId: string; caseRef: string; outcome: string } }>(
    'legal',
    ['case', 'record', CASE],
  );
  expect(record).toMatchObject({ archived: false, record: { outcome: 'terminated' } });
  const sor = await ok<Record<string, unknown>>('legal', ['case', 'sor', CASE]);
  expect(sor).toMatchObject({
    puid: dsaPuid(record.record.caseId, record.record.caseRef),
    decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
    category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
    decision_provision: 'DECISION_PROVISION_TOTAL_TERMINATION',
  });

  const figures = await ok<{ decisions: { byOutcome: Record<string, number> }; noticePeriods: { count: number } }>(
    'operator',
    ['transparency', '--from', testStart, '--to', new Date(Date.now() + 3_600_000).toISOString()],
  );
  expect(figures.decisions.byOutcome.terminated).toBe(1);
  expect(figures.noticePeriods.count).toBe(1);

  // The appeal goes to an appeals reviewer who approved nothing; denied, service stays ended.
  await ok('appeals', ['case', 'appeal', CASE, '--text', 'We deleted the boards.']);
  const denied = await ok<CaseView>('appeals', [
    'case',
    'decide-appeal',
    CASE,
    '--outcome',
    'denied',
    '--reasons',
    'mirrors still serve it',
  ]);
  expect(denied.appeals[0]?.decision?.outcome).toBe('denied');
});

it('tells failures apart by exit code', async () => {
  expect((await terminus('operator', ['case', 'show', 'case-acct-nope'])).code).toBe(3);
  expect((await terminus(null, ['case', 'list'])).code).toBe(5);
  expect((await terminus('operator', ['case', 'list'], { TERMINUS_TOKEN: 'tmn_forged' })).code).toBe(5);
  const badZone = await terminus('requester', [
    'case',
    'open',
    '--account',
    'acct-x',
    '--name',
    'X',
    '--contact',
    'a@x.example',
    '--domain',
    'x.example',
    '--category',
    'csam',
    '--summary',
    's',
    '--cutoff-local',
    '00:00',
    '--tz',
    'Mars/Olympus_Mons',
  ]);
  expect(badZone.code).toBe(2);
  expect(badZone.stderr).toContain('cutoff.timeZone');
  const noCutoff = await terminus('requester', [
    'case',
    'open',
    '--account',
    'acct-x',
    '--name',
    'X',
    '--contact',
    'a@x.example',
    '--domain',
    'x.example',
    '--category',
    'csam',
    '--summary',
    's',
  ]);
  expect(noCutoff.code).toBe(2);
  expect((await terminus('operator', ['case', 'frobnicate'])).code).toBe(2);
  const json = await terminus('operator', ['case', 'show', 'case-acct-nope', '--json']);
  expect(JSON.parse(json.stderr)).toMatchObject({ status: 404, title: 'Not found' });
  expect((await terminus('operator', ['case', 'list'], { TERMINUS_API_URL: 'http://127.0.0.1:9' })).code).toBe(7);
});

it('creates principals and tokens through the admin API and, for bootstrap, in the database', async () => {
  // A token is minted only for a principal created first, through the audited path.
  const refused = await terminus('admin', ['token', 'create', '--principal', 'nina', '--roles', 'investigator']);
  expect(refused.code).toBe(3);
  expect(refused.stderr).toMatch(/no principal nina \(create it first/);
  const nina = await ok<{ principal: { id: string; status: string } }>('admin', [
    'principal',
    'create',
    '--id',
    'nina',
    '--person',
    'nina@example.org',
    '--roles',
    'investigator',
  ]);
  expect(nina.principal).toMatchObject({ id: 'nina', status: 'active' });
  const created = await ok<{ token: string; principal: string }>('admin', [
    'token',
    'create',
    '--principal',
    'nina',
    '--roles',
    'investigator',
  ]);
  expect(created.token).toMatch(/^tmn_/);
  const who = await terminus(null, ['whoami', '--json'], { TERMINUS_TOKEN: created.token });
  expect(JSON.parse(who.stdout)).toEqual({ principal: 'nina', roles: ['investigator'] });
  expect((await terminus('legal', ['token', 'create', '--principal', 'eve', '--roles', 'admin'])).code).toBe(5);
  expect((await terminus('admin', ['token', 'create', '--principal', 'eve', '--roles', 'king'])).code).toBe(2);

  // Bootstrap: straight to the database, with the embedded PostgreSQL's password from its 0600 file in the home.
  const embedded = /Database {8}embedded PostgreSQL \d+ (\S+) {2}\(password in (\S+)\)/.exec(stack!.output());
  let dbUrl = process.env.DATABASE_URL!;
  if (embedded) {
    const passwordFile = embedded[2]!;
    expect(passwordFile).toBe(path.join(home, 'data', 'postgres.password'));
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    const password = (await readFile(passwordFile, 'utf8')).trim();
    expect(stack!.output()).not.toContain(password);
    const wrong = await terminus(null, [
      'token',
      'create',
      '--principal',
      'mallory',
      '--roles',
      'admin',
      '--database-url',
      embedded[1]!.replace(':***@', ':guessed@'),
    ]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/password authentication failed/);
    dbUrl = embedded[1]!.replace(':***@', `:${encodeURIComponent(password)}@`);
  }
  const boot = await terminus(null, [
    'token',
    'create',
    '--principal',
    'first-admin',
    '--roles',
    'admin',
    '--database-url',
    dbUrl,
  ]);
  expect(boot.code).toBe(0);
  const token = boot.stdout.split('\n')[0]!;
  const admin = await terminus(null, ['whoami', '--json'], { TERMINUS_TOKEN: token });
  expect(JSON.parse(admin.stdout)).toEqual({ principal: 'first-admin', roles: ['admin'] });
});
