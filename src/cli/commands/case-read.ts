import { Command, InvalidArgumentError, Option } from 'commander';
import type { CaseResponse as CaseView } from '../../api/schemas/case-response';
import { OUTCOMES, STAGES } from '../../domain/vocabularies';
import type { CaseListPage } from '../../services/case/case-list';
import type { CaseRecordResult, StatementBatch } from '../../services/case/case-service';
import { caseIdOf, contextOf, output, withExample, type CliIo } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { duration, Progress } from '../progress';
import { renderCase, renderCaseList, when } from '../render';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive whole number');
  return n;
}

/** `90s`, `10m`, `2h` -> ms. */
export function parseDuration(value: string): number {
  const m = /^(\d{1,6})(ms|s|m|h)$/.exec(value);
  if (!m) throw new InvalidArgumentError('a duration such as 90s, 10m or 2h');
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** `terminus case list`. */
export function caseListCommand(io: CliIo): Command {
  const cmd = new Command('list')
    .description('List cases, newest first, filtered through Temporal visibility')
    .addOption(new Option('--stage <stage>', 'only cases at this stage').choices(STAGES))
    .addOption(new Option('--outcome <outcome>', 'only cases with this outcome').choices(OUTCOMES))
    .option('--category <key>', 'only this policy category')
    .option('--account <id>', 'only this account')
    .option('--domain <domain>', 'only cases whose domain family includes this domain')
    .option('--limit <n>', 'at most this many (1-100)', positiveInt, 50)
    .option('--cursor <cursor>', 'the next page (printed at the end of a full page)')
    .action(async (opts: Record<string, string | number | undefined>, command: Command) => {
      const ctx = contextOf(command, io);
      const page = await ctx.api.request<CaseListPage>('GET', '/cases', { query: opts });
      output(ctx, page, () => renderCaseList(page.cases, page.nextCursor));
    });
  return withExample(
    cmd,
    'terminus case list --stage legal_review',
    'terminus case list --domain example-board.com --json',
  );
}

/** `terminus case show`. */
export function caseShowCommand(io: CliIo): Command {
  const cmd = new Command('show')
    .description('Show a case: where it stands, holds, appeals, providers, and its timeline')
    .argument('<case>', 'case ID (case-<account>) or account ID')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const ctx = contextOf(command, io);
      const view = await ctx.api.request<CaseView>('GET', `/cases/${encodeURIComponent(caseIdOf(id))}`);
      output(ctx, view, () => renderCase(view));
    });
  return withExample(cmd, 'terminus case show case-acct-8832', 'terminus case show acct-8832 --json | jq .stage');
}

/** Whether `current` is at or past `target` in the stage order (a closed case is past everything). */
function reached(current: string, target: string): boolean {
  const order: readonly string[] = STAGES;
  return order.indexOf(current) >= order.indexOf(target);
}

function waitingStatus(view: CaseView, target: string): [string, string] {
  let status = `${view.caseId} is ${view.stage}, waiting for ${target}`;
  let detail = '';
  if (view.stage === 'legal_review' && view.pendingApproverRoles.length) {
    status += ` (needs ${view.pendingApproverRoles.join(', ')})`;
  }
  if (view.activeHolds.some((h) => h.active && h.kind === 'do_not_terminate'))
    status += ' [paused by a do-not-terminate hold]';
  if (view.stage === 'awaiting_cutoff' && view.deadlines.cutoffAt) {
    detail = ` (cutoff ${when(view.deadlines.cutoffAt)}, in ${duration(Date.parse(view.deadlines.cutoffAt) - Date.now())})`;
  }
  return [status, detail];
}

/** `terminus case wait`: polls until the case reaches a stage, showing progress. */
export function caseWaitCommand(io: CliIo): Command {
  const cmd = new Command('wait')
    .description('Wait until a case reaches a stage (or passes it), showing progress on stderr')
    .argument('<case>', 'case ID or account ID')
    .addOption(new Option('--stage <stage>', 'the stage to wait for').choices(STAGES).makeOptionMandatory())
    .option('--timeout <duration>', 'give up after this long (exit 8)', parseDuration, 600_000)
    .option('--interval <duration>', 'poll every', parseDuration, 1000)
    .action(async (id: string, opts: { stage: string; timeout: number; interval: number }, command: Command) => {
      const ctx = contextOf(command, io);
      const path = `/cases/${encodeURIComponent(caseIdOf(id))}`;
      const progress = new Progress(io);
      const deadline = Date.now() + opts.timeout;
      for (;;) {
        const view = await ctx.api.request<CaseView>('GET', path);
        if (view.stage === 'closed' && opts.stage !== 'closed') {
          progress.done(`${view.caseId} closed (${view.outcome ?? 'no outcome'}) before reaching ${opts.stage}`);
          throw new CliError(
            `${view.caseId} closed (${view.outcome ?? '?'}) before reaching ${opts.stage}`,
            ExitCode.Conflict,
          );
        }
        if (reached(view.stage, opts.stage)) {
          progress.done(`${view.caseId} is ${view.stage}`);
          output(ctx, view, () => renderCase(view));
          return;
        }
        if (Date.now() >= deadline) {
          progress.done(`gave up after ${duration(opts.timeout)}: ${waitingStatus(view, opts.stage).join('')}`);
          throw new CliError(
            `timed out waiting for ${view.caseId} to reach ${opts.stage} (it is ${view.stage})`,
            ExitCode.Timeout,
          );
        }
        progress.update(...waitingStatus(view, opts.stage));
        await new Promise((r) => setTimeout(r, Math.min(opts.interval, Math.max(0, deadline - Date.now()))));
      }
    });
  return withExample(cmd, 'terminus case wait case-acct-8832 --stage monitoring --timeout 30m');
}

/** `terminus case record`. */
export function caseRecordCommand(io: CliIo): Command {
  const cmd = new Command('record')
    .description('The case record: archived at close, provisional while the case is open')
    .argument('<case>', 'case ID or account ID')
    .action(async (id: string, _opts: unknown, command: Command) => {
      const ctx = contextOf(command, io);
      const result = await ctx.api.request<CaseRecordResult>(
        'GET',
        `/cases/${encodeURIComponent(caseIdOf(id))}/record`,
      );
      output(ctx, result, () => {
        const r = result.record;
        const s = r.state;
        const decisions = [
          s.findings ? `findings by ${s.findings.by} at ${when(s.findings.at)}` : null,
          s.legal ? `legal ${s.legal.decision} by ${s.legal.by} at ${when(s.legal.at)} (${s.legal.ground})` : null,
          ...s.approvals.map((a) => `${a.role} ${a.decision} by ${a.by} at ${when(a.at)}`),
          ...s.appeals.map(
            (a) => `appeal ${a.id}: ${a.decision ? `${a.decision.outcome} by ${a.decision.by}` : 'open'}`,
          ),
        ].filter(Boolean);
        return (
          [
            `${r.recordId}  ${result.archived ? 'ARCHIVED' : `provisional as of ${when(result.asOf)}`}`,
            `outcome      ${r.outcome ?? '(open)'}${r.closedAt ? ` closed ${when(r.closedAt)}` : ''}`,
            `policy       ${r.policy.version} ${r.policy.category} clause ${r.policy.clause} (${r.policy.dsaCategory})`,
            `decisions    ${decisions.join('\n             ') || '-'}`,
            `notices      ${s.notices.map((n) => `${n.kind} ${n.delivered ? 'delivered' : 'NOT delivered'} ${when(n.at)}`).join('\n             ') || '-'}`,
            `revoked      ${
              s.revocation
                .filter((x) => x.status === 'done')
                .map((x) => `${x.domain}/${x.service}`)
                .join(', ') || '-'
            }`,
            `providers    ${s.providerChain.map((p) => `${p.domain} -> ${p.provider ?? p.state} ${when(p.at)}`).join('\n             ') || '-'}`,
            `DSA          ${r.dsa ? `statement puid ${r.dsa.puid} (terminus case sor ${r.caseId})` : 'none'}`,
            '(--json prints the whole record)',
          ].join('\n') + '\n'
        );
      });
    });
  return withExample(cmd, 'terminus case record case-acct-8832 --json > record.json');
}

/** `terminus case sor`: the DSA statement of one case, or a batch for several. */
export function caseSorCommand(io: CliIo): Command {
  const cmd = new Command('sor')
    .description(
      'Statement of reasons in the EU DSA transparency-database format (JSON); several cases make one batch (max 100)',
    )
    .argument('<case...>', 'case IDs or account IDs')
    .action(async (ids: string[], _opts: unknown, command: Command) => {
      const ctx = contextOf(command, io);
      if (ids.length === 1) {
        const statement = await ctx.api.request<unknown>(
          'GET',
          `/cases/${encodeURIComponent(caseIdOf(ids[0]!))}/statement`,
        );
        io.stdout.write(`${JSON.stringify(statement, null, 2)}\n`);
        return;
      }
      const batch = await ctx.api.request<StatementBatch>('POST', '/statements/batch', {
        body: { caseIds: ids.map(caseIdOf) },
      });
      io.stdout.write(`${JSON.stringify(ctx.json ? batch : { statements: batch.statements }, null, 2)}\n`);
      for (const s of batch.skipped) io.stderr.write(`skipped ${s.caseId}: ${s.reason}\n`);
    });
  return withExample(cmd, 'terminus case sor case-acct-8832', 'terminus case sor case-a case-b case-c > batch.json');
}
