import { DateTime } from 'luxon';
import type { CaseResponse as CaseView } from '../../api/schemas/case-response';
import { DEMO_CUSTOMER } from '../seed-sandbox';
import { DemoCli } from './demo-cli';
import { approveFourEyes, narrator, submitDemoFindings, type DemoRunOptions } from './narration';
import { DemoError, type DemoTarget } from './locate-stack';
import { createLooker } from './look';
import { findMessage, type InboxMessage } from './maildev-inbox';
import { prepareDemo } from './prepare';

/** What the demo can be asked to vary. */
export interface DemoOptions extends DemoRunOptions {
  /** Competitor profile the customer reappears on. */
  provider: string;
}

/** The end of the story: where the demo moved the customer, what the watch detected, and when. */
export interface DemoResult {
  caseId: string;
  domain: string;
  movedTo: { id: string; name: string };
  /** The confirmed placement: the provider id (`unknown` for one not in the fingerprint database). */
  detected: string;
  detectedAt: string;
  secondsFromMoveToDetection: number;
}

const CASE_ID = `case-${DEMO_CUSTOMER.accountId}`;
const DOMAIN = DEMO_CUSTOMER.primary;

/** Polls `check` every second until it returns a value or `timeoutMs` passes (then a {@link DemoError}). */
export async function until<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | null | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline)
      throw new DemoError(`gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first whole minute at least `leadMs` from now, as the intake's local cutoff in `timeZone`. */
export function demoCutoff(
  nowMs: number,
  leadMs: number,
  timeZone: string,
): { time: string; date: string; at: DateTime } {
  const at = DateTime.fromMillis(Math.ceil((nowMs + leadMs) / 60_000) * 60_000, { zone: timeZone });
  if (!at.isValid) throw new DemoError(`--tz: "${timeZone}" is not an IANA time zone`);
  return { time: at.toFormat('HH:mm'), date: at.toFormat('yyyy-MM-dd'), at };
}

/**
 * The scripted case, from intake to monitoring and the customer's reappearance: each step by the demo principal
 * whose role it needs, narrated with the command a person would type and what to open to see it.
 */
export async function runDemo(target: DemoTarget, options: DemoOptions): Promise<DemoResult> {
  const narration = narrator(options.out);
  const { say, step, cmd } = narration;
  const cli = new DemoCli(target, options.progress);
  const look = createLooker(target);
  const { info } = target;
  const dnsPort = info.sandbox.dnsPort;
  const dig = `dig @127.0.0.1 -p ${dnsPort} +norecurse ${DOMAIN} | grep -E 'status:|^${DOMAIN}'`;
  const curl = `curl -si -H 'Host: ${DOMAIN}' ${info.sandbox.http}/ | head -n 4`;
  const caseUrl = info.webUiUrl ? `${info.webUiUrl}/namespaces/${info.namespace}/workflows/${CASE_ID}` : undefined;

  const providers = (
    await cli.api('operator').request<{ providers: { id: string; name: string }[] }>('GET', '/sandbox/providers')
  ).providers;
  const provider = providers.find((p) => p.id === options.provider);
  if (!provider) {
    throw new DemoError(
      `--provider: "${options.provider}" is not in the sandbox (${providers.map((p) => p.id).join(', ')})`,
    );
  }

  say(`terminus demo: a case against ${DEMO_CUSTOMER.name} (${DEMO_CUSTOMER.accountId}) from intake to monitoring,`);
  say(`then the customer reappears on ${provider.name} and the migration watch detects it.`);
  say(`Stack: ${info.apiUrl} (found in ${target.stackFile}).`);
  say(`Each step runs the terminus CLI as a demo principal; to type them yourself:`);
  say(`   export TERMINUS_API_URL=${info.apiUrl}`);
  say(`   export TERMINUS_TOKEN=$(jq -r .tokens.ROLE.token ${info.dataDir}/demo-tokens.json)   # ROLE as shown`);

  step(0, 'Preparing the sandbox');
  for (const line of await prepareDemo(cli, CASE_ID)) say(`   ${line}`);

  step(1, `Before: ${DOMAIN} is served by our edge`);
  const before = await look(DOMAIN);
  say(`   ${DOMAIN}: ${before.line}`);
  if (before.verdict.state !== 'ours')
    throw new DemoError(`${DOMAIN} should be on our edge before the case, it is ${before.verdict.state}`);
  say(`   Try it: ${dig}`);
  say(`           ${curl}`);

  const cutoff = demoCutoff(Date.now(), options.leadMs, options.timeZone);
  step(2, `Intake: the requester opens the case, cutoff ${cutoff.time} ${options.timeZone} on ${cutoff.date}`);
  const openArgs = [
    'case',
    'open',
    '--account',
    DEMO_CUSTOMER.accountId,
    '--name',
    DEMO_CUSTOMER.name,
    '--contact',
    DEMO_CUSTOMER.noticeContacts[0],
    '--domain',
    DOMAIN,
    ...DEMO_CUSTOMER.aliases.flatMap((d) => ['--domain', d]),
    '--services',
    'dns,proxy',
    '--category',
    'csam',
    '--summary',
    'Hotline report: the forum distributes child sexual abuse material',
    '--evidence',
    'https://hotline.example/report/2026-0815',
    '--cutoff-local',
    cutoff.time,
    '--tz',
    options.timeZone,
    '--cutoff-date',
    cutoff.date,
  ];
  cmd('requester', openArgs);
  const openedAt = Date.now();
  await cli.json('requester', openArgs);
  say(`   The case in the Temporal Web UI: ${caseUrl ?? '(no Web UI: the stack uses an external Temporal)'}`);

  step(3, 'Investigation: the investigator submits findings');
  await submitDemoFindings(cli, narration, CASE_ID, {
    facts: 'Hash matches on three boards, confirmed by the hotline',
    evidence: `sha256:${'ab'.repeat(32)}`,
  });

  step(4, 'Legal review: legal approves, the T&S lead gives the second approval (four eyes)');
  await approveFourEyes(cli, narration, CASE_ID, 'AUP 2.1 applies; no law-enforcement hold');

  step(5, 'Notice: the statement of reasons goes to the customer, exactly once');
  const waiting = await cli.json<CaseView>('operator', [
    'case',
    'wait',
    CASE_ID,
    '--stage',
    'awaiting_cutoff',
    '--timeout',
    '3m',
  ]);
  const notice = waiting.notices.find((n) => n.kind === 'termination_notice');
  if (!notice?.delivered)
    throw new DemoError(`the termination notice was not delivered: ${JSON.stringify(notice ?? 'none')}`);
  say(
    `   Sent to ${notice.to.join(', ')} at ${notice.at}; effective ${waiting.cutoff?.localTime} ${waiting.cutoff?.timeZone} = ${waiting.cutoff?.at}`,
  );
  if (info.mailInboxUrl) {
    const inbox = info.mailInboxUrl;
    const mail = await until<InboxMessage>('the notice in MailDev', 60_000, () =>
      findMessage(inbox, { to: DEMO_CUSTOMER.noticeContacts[0], subject: /termination/i, since: openedAt }),
    );
    say(`   In the MailDev inbox: "${mail.subject}"  ${new URL(`#/email/${mail.id}`, inbox).href}`);
  }

  step(6, `Cutoff at ${waiting.cutoff?.at}: these answers change then (run them before and after)`);
  say(`   ${dig}`);
  say(`   ${curl}`);
  const monitoring = await cli.json<CaseView>('operator', [
    'case',
    'wait',
    CASE_ID,
    '--stage',
    'monitoring',
    '--timeout',
    '5m',
  ]);
  const done = monitoring.revocation.filter((r) => r.status === 'done').length;
  say(`   Revoked and verified (${done} steps); the case is ${monitoring.stage}, outcome ${monitoring.outcome}.`);
  const after = await look(DOMAIN);
  say(`   ${DOMAIN}: ${after.line}`);

  step(7, "Monitoring: a group watch over the case's domains; a change counts after consistent observations");
  const dark = await until('the watch to confirm the domain is dark', 180_000, async () => {
    const v = await cli.api('operator').request<CaseView>('GET', `/cases/${CASE_ID}`);
    return v.providerChain.find((c) => c.domain === DOMAIN && c.state === 'dark');
  });
  say(`   Confirmed dark at ${dark.at} (staff alerted by email).`);

  step(8, `The customer reappears on ${provider.name} (the sandbox internet, through the admin API)`);
  say(`   $ curl -X POST ${info.apiUrl}/sandbox/moves -H "Authorization: Bearer $ADMIN_TOKEN" \\`);
  say(`          -H 'content-type: application/json' -d '{"domain":"${DOMAIN}","provider":"${provider.id}"}'`);
  const movedAt = Date.now();
  await cli.api('admin').request('POST', '/sandbox/moves', { body: { domain: DOMAIN, provider: provider.id } });
  const moved = await look(DOMAIN);
  say(`   ${DOMAIN}: ${moved.line}`);
  // What the watch should confirm: the provider the probe recognises (`unknown` for one not in the database).
  const expected = moved.verdict.state === 'elsewhere' ? (moved.verdict.provider ?? 'unknown') : null;
  if (!expected)
    throw new DemoError(`after the move ${DOMAIN} should be served elsewhere; it looks ${moved.verdict.state}`);

  step(9, 'Detection');
  const detected = await until(`the watch to confirm ${DOMAIN} on ${expected}`, 240_000, async () => {
    const v = await cli.api('operator').request<CaseView>('GET', `/cases/${CASE_ID}`);
    return v.providerChain.find(
      (c) => c.domain === DOMAIN && c.state === expected && Date.parse(c.at) >= movedAt - 1000,
    );
  });
  const seconds = Math.round((Date.parse(detected.at) - movedAt) / 1000);
  say(`   The watch confirmed ${DOMAIN} on ${detected.state} at ${detected.at}, ${seconds} s after the move.`);
  if (info.mailInboxUrl) {
    const inbox = info.mailInboxUrl;
    const headline = expected === 'unknown' ? 'a provider not in the fingerprint database' : escape(expected);
    const alert = await until<InboxMessage>('the staff alert in MailDev', 60_000, () =>
      findMessage(inbox, {
        to: 'tns-staff@terminus.test',
        // A group watch names the domain when it moved alone, or counts the domains that moved together
        // (forum.example with its www when the competitor fronts both).
        subject: new RegExp(`(?:${escape(DOMAIN)}|\\d+ domains): moved to ${headline}$`),
        since: movedAt,
      }),
    );
    say(`   Staff alert in MailDev: "${alert.subject}"  ${new URL(`#/email/${alert.id}`, inbox).href}`);
  }

  say('\nOpen:');
  if (info.webUiUrl) {
    say(`   the case           ${caseUrl}`);
    say(
      `   cases by stage     ${info.webUiUrl}/namespaces/${info.namespace}/workflows?query=${encodeURIComponent('TerminusStage="monitoring"')}`,
    );
  }
  if (info.mailInboxUrl) say(`   notice and alerts  ${info.mailInboxUrl}`);
  say(`   the case, in text  terminus case show ${CASE_ID}   (as any demo principal)`);
  say(`   the API docs       ${info.apiUrl}/docs`);
  return {
    caseId: CASE_ID,
    domain: DOMAIN,
    movedTo: { id: provider.id, name: provider.name },
    detected: detected.state,
    detectedAt: detected.at,
    secondsFromMoveToDetection: seconds,
  };
}
