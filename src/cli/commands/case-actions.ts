import { Command, InvalidArgumentError, Option } from 'commander';
import type { CaseView } from '../../domain/case/case-state';
import { caseIdOf, contextOf, output, withExample, type CliIo, type CommandContext } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { renderAfterAction } from '../render';

const ROLES = ['requester', 'investigator', 'legal', 'tns_lead', 'appeals', 'operator', 'admin'];
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

async function act(
  ctx: CommandContext,
  id: string,
  path: string,
  body: Record<string, unknown>,
  what: string,
): Promise<void> {
  const view = await ctx.api.request<CaseView>('POST', `/cases/${encodeURIComponent(caseIdOf(id))}${path}`, {
    body,
    idempotent: true,
  });
  output(ctx, view, () => renderAfterAction(what, view));
}

const asRole = () =>
  new Option('--as <role>', 'act as this role of your token (default: the first one allowed)').choices(ROLES);
const withRole = (body: Record<string, unknown>, role?: string) => (role ? { ...body, role } : body);

/** One action command: `<case>` argument, `--reasons`, `--as`, and what else `configure` adds. */
function action(
  io: CliIo,
  name: string,
  description: string,
  example: string,
  configure: (cmd: Command) => Command,
  run: (ctx: CommandContext, id: string, opts: Record<string, unknown>) => Promise<void>,
): Command {
  const cmd = configure(
    new Command(name).description(description).argument('<case>', 'case ID or account ID').addOption(asRole()),
  );
  cmd.action(async (id: string, opts: Record<string, unknown>, command: Command) =>
    run(contextOf(command, io), id, opts),
  );
  return withExample(cmd, example);
}

const reasons = (cmd: Command) => cmd.requiredOption('--reasons <text>', 'why (recorded in the case timeline)');

/** Approve or reject: legal's decision while legal has not decided, the second approval after. */
async function decide(ctx: CommandContext, id: string, decision: 'approve' | 'reject', opts: Record<string, unknown>) {
  const role = opts.as as string | undefined;
  let legal = role === 'legal';
  if (!role) {
    const [me, view] = await Promise.all([
      ctx.api.request<{ roles: string[] }>('GET', '/whoami'),
      ctx.api.request<CaseView>('GET', `/cases/${encodeURIComponent(caseIdOf(id))}`),
    ]);
    legal = !view.legal && me.roles.includes('legal');
  }
  const body: Record<string, unknown> = withRole({ decision, reasons: opts.reasons }, role);
  if (legal) {
    if (opts.ground) body.ground = opts.ground;
    if (opts.groundExplanation) body.groundExplanation = opts.groundExplanation;
    return act(ctx, id, '/legal-decision', body, `legal ${decision === 'approve' ? 'approval' : 'rejection'} recorded`);
  }
  if (opts.ground || opts.groundExplanation) {
    throw new CliError('--ground and --ground-explanation belong to the legal decision', ExitCode.BadInput);
  }
  return act(ctx, id, '/second-approval', body, `${decision === 'approve' ? 'approval' : 'refusal'} recorded`);
}

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 180) throw new InvalidArgumentError('whole days, 1 to 180');
  return n;
}

/** Every human action on a case as a subcommand of `terminus case`. */
export function caseActionCommands(io: CliIo): Command[] {
  const decision = (name: 'approve' | 'reject') =>
    action(
      io,
      name,
      name === 'approve'
        ? "Approve the termination: legal's decision (with the ground) or, once legal approved, the T&S lead's second approval"
        : 'Reject the termination (as legal, or refuse the second approval); the case closes as rejected',
      `terminus case ${name} case-acct-8832 --reasons "${name === 'approve' ? 'AUP 3.1 applies; evidence verified' : 'evidence insufficient'}"`,
      (cmd) =>
        reasons(cmd)
          .addOption(
            new Option('--ground <ground>', 'legal only: the ground stated to the customer').choices([
              'illegal_content',
              'incompatible_content',
            ]),
          )
          .option('--ground-explanation <text>', 'legal only: the explanation of the ground'),
      (ctx, id, opts) => decide(ctx, id, name, opts),
    );

  return [
    action(
      io,
      'findings',
      "Submit the investigator's findings; the case moves to legal review",
      'terminus case findings case-acct-8832 --facts "Attack manifestos posted before three shootings" --evidence sha256:ab12... --reasons "pattern over 6 months"',
      (cmd) =>
        reasons(cmd)
          .requiredOption('--facts <text>', 'the facts the statement of reasons relies on')
          .option('--evidence <ref...>', 'evidence references', collect, []),
      (ctx, id, o) =>
        act(
          ctx,
          id,
          '/findings',
          withRole({ facts: o.facts, evidence: o.evidence, reasons: o.reasons }, o.as as string),
          'findings submitted',
        ),
    ),
    decision('approve'),
    decision('reject'),
    action(
      io,
      'hold',
      'Place a law-enforcement hold: preservation, do_not_terminate (pauses before revocation) or non_disclosure',
      'terminus case hold case-acct-8832 --kind do_not_terminate --reference "FBI-2026-0042" --agency-contact "SA Doe, +1 202 555 0100" --days 30 --reasons "ongoing investigation"',
      (cmd) =>
        reasons(cmd)
          .addOption(
            new Option('--kind <kind>', 'hold kind')
              .choices(['preservation', 'do_not_terminate', 'non_disclosure'])
              .makeOptionMandatory(),
          )
          .requiredOption('--reference <ref>', 'the agency reference')
          .requiredOption('--agency-contact <text>', 'who at the agency')
          .option('--expires <iso>', 'expiry instant')
          .option('--days <n>', 'or: expires this many days from now', days),
      (ctx, id, o) => {
        if (!o.expires && !o.days) throw new CliError('give --expires ISO or --days N', ExitCode.BadInput);
        const expiresAt =
          (o.expires as string | undefined) ?? new Date(Date.now() + (o.days as number) * 86_400_000).toISOString();
        return act(
          ctx,
          id,
          '/holds',
          withRole(
            { kind: o.kind, reference: o.reference, agencyContact: o.agencyContact, expiresAt, reasons: o.reasons },
            o.as as string,
          ),
          `${String(o.kind)} hold placed`,
        );
      },
    ),
    action(
      io,
      'release',
      'Release a hold before its expiry',
      'terminus case release case-acct-8832 --hold hold-1 --reasons "agency withdrew the request"',
      (cmd) => reasons(cmd).requiredOption('--hold <id>', 'the hold id (see case show)'),
      (ctx, id, o) =>
        act(
          ctx,
          id,
          `/holds/${encodeURIComponent(String(o.hold))}/release`,
          withRole({ reasons: o.reasons }, o.as as string),
          `hold ${String(o.hold)} released`,
        ),
    ),
    action(
      io,
      'appeal',
      "Record the customer's appeal (staff file it on the customer's behalf)",
      'terminus case appeal case-acct-8832 --text "The forum removed the threads and banned the posters."',
      (cmd) => cmd.requiredOption('--text <text>', "the customer's appeal"),
      (ctx, id, o) => act(ctx, id, '/appeals', withRole({ text: o.text }, o.as as string), 'appeal filed'),
    ),
    action(
      io,
      'decide-appeal',
      'Uphold or deny the open appeal (an appeals reviewer who approved nothing in the case)',
      'terminus case decide-appeal case-acct-8832 --outcome denied --reasons "threads still online"',
      (cmd) =>
        reasons(cmd)
          .addOption(
            new Option('--outcome <outcome>', 'upheld restores service; denied keeps it ended')
              .choices(['upheld', 'denied'])
              .makeOptionMandatory(),
          )
          .option('--appeal <id>', 'the appeal id (default: the open appeal)'),
      async (ctx, id, o) => {
        let appealId = o.appeal as string | undefined;
        if (!appealId) {
          const view = await ctx.api.request<CaseView>('GET', `/cases/${encodeURIComponent(caseIdOf(id))}`);
          appealId = view.openAppeal?.id;
          if (!appealId) throw new CliError(`${caseIdOf(id)} has no open appeal`, ExitCode.Conflict);
        }
        return act(
          ctx,
          id,
          `/appeals/${encodeURIComponent(appealId)}/decision`,
          withRole({ outcome: o.outcome, reasons: o.reasons }, o.as as string),
          `appeal ${appealId} ${String(o.outcome)}`,
        );
      },
    ),
    action(
      io,
      'expedite',
      'Approve cutting service now (imminent threat to life); two distinct approvers make it effective',
      'terminus case expedite case-acct-8832 --reasons "attack announced for tonight"',
      reasons,
      (ctx, id, o) =>
        act(ctx, id, '/expedite', withRole({ reasons: o.reasons }, o.as as string), 'expedite approval recorded'),
    ),
    action(
      io,
      'withdraw',
      'Withdraw the case before service ends',
      'terminus case withdraw case-acct-8832 --reasons "customer removed the content"',
      reasons,
      (ctx, id, o) => act(ctx, id, '/withdraw', withRole({ reasons: o.reasons }, o.as as string), 'case withdrawn'),
    ),
    action(
      io,
      'add-domain',
      'Add an alias or mirror to the domain family (revoked with the rest, or watched if service already ended)',
      'terminus case add-domain case-acct-8832 --domain example-board.org --reasons "new mirror announced on the forum"',
      (cmd) => reasons(cmd).requiredOption('--domain <domain>', 'the alias or mirror'),
      (ctx, id, o) =>
        act(
          ctx,
          id,
          '/aliases',
          withRole({ domain: o.domain, reasons: o.reasons }, o.as as string),
          `${String(o.domain)} added`,
        ),
    ),
    action(
      io,
      'end-monitoring',
      'End monitoring before the follow-up period does; the case closes and its record is archived',
      'terminus case end-monitoring case-acct-8832 --reasons "domains parked for 60 days"',
      reasons,
      (ctx, id, o) =>
        act(ctx, id, '/end-monitoring', withRole({ reasons: o.reasons }, o.as as string), 'monitoring ending'),
    ),
    action(
      io,
      'retry-notice',
      'Send an undeliverable notice again, optionally to corrected contacts',
      'terminus case retry-notice case-acct-8832 --contact legal@example-board.com --reasons "new contact from registrar"',
      (cmd) => reasons(cmd).option('--contact <email...>', 'corrected notice contacts', collect),
      (ctx, id, o) =>
        act(
          ctx,
          id,
          '/retry-notice',
          withRole({ reasons: o.reasons, ...(o.contact ? { contacts: o.contact } : {}) }, o.as as string),
          'notice retry requested',
        ),
    ),
    action(
      io,
      'retry-revocation',
      'Retry revocation (or restore) steps that escalated to a human',
      'terminus case retry-revocation case-acct-8832 --reasons "provider API back"',
      reasons,
      (ctx, id, o) =>
        act(
          ctx,
          id,
          '/retry-revocation',
          withRole({ reasons: o.reasons }, o.as as string),
          'revocation retry requested',
        ),
    ),
  ];
}
