import type { CaseResponse as CaseView } from '../../api/schemas/case-response';
import type { SeededSandboxAccount } from '../../api/routes/sandbox';
import { DemoCli, shellLine } from './demo-cli';
import { approveFourEyes, narrator, submitDemoFindings, type DemoRunOptions } from './narration';
import type { DemoTarget } from './locate-stack';
import { DemoError } from './locate-stack';
import { endEarlierCase } from './prepare';
import { demoCutoff, until } from './scenario';

/** What the account demo can be asked to vary. */
export interface AccountDemoOptions extends DemoRunOptions {
  /** Zones the account has on our edge when the case opens (each also a proxied hostname). */
  zones: number;
  /** Zones the customer adds after the approvals (found by the discovery just before revocation). */
  lateZones: number;
}

/** How the account case ended: what was found, what went, in how many batches, how long revocation took. */
export interface AccountDemoResult {
  caseId: string;
  found: number;
  lateAdded: number;
  revoked: number;
  failed: number;
  batches: number;
  batchSize: number;
  revocationSeconds: number;
}

/** The demo's account: a hosting customer with hundreds of zones on our edge (all in the sandbox internet). */
export const ACCOUNT_DEMO = {
  accountId: 'acct-bulk',
  name: 'Bulk Hosting Reseller',
  contact: 'abuse-desk@bulk-hosting.example',
} as const;

const CASE_ID = `case-${ACCOUNT_DEMO.accountId}`;

/**
 * The account-scale case (issue 18), narrated like the domain demo: an account of a few hundred zones is put on
 * the sandbox edge, a case names the account (not a domain list), discovery finds every zone at intake, the
 * customer adds zones after the approvals, the discovery just before revocation catches them, and revocation runs
 * in heartbeating batches whose progress (done / failed / remaining) the case view and the Web UI show.
 */
export async function runAccountDemo(target: DemoTarget, options: AccountDemoOptions): Promise<AccountDemoResult> {
  const narration = narrator(options.out);
  const { say, step } = narration;
  const cli = new DemoCli(target, options.progress);
  const { info } = target;
  const view = () => cli.api('operator').request<CaseView>('GET', `/cases/${CASE_ID}`);
  const items = (v: CaseView) => {
    if (!v.accountItems) throw new DemoError(`${CASE_ID} has no account items: is it an account case?`);
    return v.accountItems;
  };

  say(`terminus account demo: a case against the account ${ACCOUNT_DEMO.accountId} and every zone it has on our edge.`);
  say(`Stack: ${info.apiUrl} (found in ${target.stackFile}).`);

  step(0, 'Preparing: end an earlier account demo case, put the account on the sandbox edge');
  for (const line of await endEarlierCase(cli, CASE_ID)) say(`   ${line}`);
  const seed = (zones: number, start: number) =>
    cli.api('admin').request<SeededSandboxAccount>('POST', '/sandbox/accounts', {
      body: { accountId: ACCOUNT_DEMO.accountId, zones, start },
    });
  const seeded = await seed(options.zones, 0);
  say(`   $ curl -X POST ${info.apiUrl}/sandbox/accounts -H "Authorization: Bearer $ADMIN_TOKEN" \\`);
  say(`          -d '{"accountId":"${ACCOUNT_DEMO.accountId}","zones":${options.zones}}'`);
  say(`   ${seeded.zones} zones on our edge, ${seeded.first} to ${seeded.last}, each also a proxied hostname.`);

  const cutoff = demoCutoff(Date.now(), options.leadMs, options.timeZone);
  step(1, `Intake: the requester opens a case on the account, cutoff ${cutoff.time} ${options.timeZone}`);
  const body = {
    scope: 'account',
    account: { id: ACCOUNT_DEMO.accountId, name: ACCOUNT_DEMO.name, noticeContacts: [ACCOUNT_DEMO.contact] },
    domains: { primary: seeded.first, aliases: [] },
    services: ['dns', 'proxy'],
    category: 'csam',
    summary: 'Hotline reports: the reseller hosts many sites distributing child sexual abuse material',
    evidenceRefs: ['https://hotline.example/report/2026-1207'],
    cutoff: { kind: 'local', time: cutoff.time, timeZone: options.timeZone, date: cutoff.date },
  };
  say(
    `   $ curl -X POST ${info.apiUrl}/cases -H "Authorization: Bearer $REQUESTER_TOKEN" -d '{"scope":"account",...}'`,
  );
  await cli.api('requester').request('POST', '/cases', { body });
  const opened = await until('the intake discovery', 120_000, async () => {
    const v = await view().catch(() => undefined);
    return v && items(v).discoveries.length > 0 ? v : undefined;
  });
  say(`   Discovery at intake found ${items(opened).total} items (zones and proxied hostnames) of the account.`);
  say(`   Page them: ${shellLine(['terminus', 'case', 'items', CASE_ID, '--limit', '20'])}`);
  if (info.webUiUrl)
    say(`   The case in the Web UI: ${info.webUiUrl}/namespaces/${info.namespace}/workflows/${CASE_ID}`);

  step(2, 'Findings, legal approval and the T&S lead approval (four eyes)');
  await submitDemoFindings(cli, narration, CASE_ID, {
    facts: 'Hash matches on sites across the account, confirmed by the hotline',
    evidence: `sha256:${'cd'.repeat(32)}`,
  });
  await approveFourEyes(cli, narration, CASE_ID, 'AUP 2.1 applies');

  step(3, `After the approvals the customer adds ${options.lateZones} zones`);
  const late = options.lateZones > 0 ? await seed(options.lateZones, options.zones) : undefined;
  if (late) say(`   ${late.first} to ${late.last} appear on our edge; the discovery before revocation will find them.`);

  step(4, 'Notice, then the cutoff; revocation runs in batches');
  const waiting = await cli.json<CaseView>('operator', [
    'case',
    'wait',
    CASE_ID,
    '--stage',
    'awaiting_cutoff',
    '--timeout',
    '3m',
  ]);
  say(`   Notice sent; effective ${waiting.cutoff?.localTime} ${waiting.cutoff?.timeZone} = ${waiting.cutoff?.at}`);
  let last = '';
  const monitoring = await until('the revocation to finish', 600_000, async () => {
    const v = await view();
    const a = items(v);
    const line = `${a.done} done, ${a.failed} failed, ${a.remaining} remaining after ${a.batches} batches of up to ${a.batchSize}`;
    if (a.revocationStartedAt && line !== last) say(`   [${new Date().toISOString().slice(11, 19)}] ${(last = line)}`);
    return v.stage === 'monitoring' || v.stage === 'closed' ? v : undefined;
  });
  const a = items(monitoring);
  const started = Date.parse(a.revocationStartedAt ?? monitoring.cutoff?.at ?? '');
  const revokedAt = Date.parse(monitoring.revokedAt ?? '');
  const seconds = Number.isFinite(started) && Number.isFinite(revokedAt) ? (revokedAt - started) / 1000 : NaN;
  say(`   The discovery before revocation found ${a.lateAdded} items (zones and hostnames) added after the approvals.`);
  say(
    `   ${a.done} items revoked, ${a.failed} failed, in ${a.batches} batches (${seconds.toFixed(1)} s); the case is ${monitoring.stage}.`,
  );
  if (info.webUiUrl) say(`   Each batch is a revokeAccountBatch activity in the Web UI's event history of ${CASE_ID}.`);
  if (a.failed > 0)
    throw new DemoError(
      `${a.failed} items failed to revoke: ${shellLine(['terminus', 'case', 'items', CASE_ID, '--status', 'failed'])}`,
    );
  return {
    caseId: CASE_ID,
    found: a.total,
    lateAdded: a.lateAdded,
    revoked: a.done,
    failed: a.failed,
    batches: a.batches,
    batchSize: a.batchSize,
    revocationSeconds: seconds,
  };
}
