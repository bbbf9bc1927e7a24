import { Command, InvalidArgumentError, Option } from 'commander';
import { CASE_ACTION_NAMES, CASE_ACTIONS, type CaseActionDefinition, type FieldSpec } from '../../domain/case/actions';
import type { CaseResponse as CaseView } from '../../api/schemas/case-response';
import { APPROVAL_DECISIONS, DECISION_GROUNDS, ROLES, type ApprovalDecision } from '../../domain/vocabularies';
import { caseIdOf, collect, contextOf, output, withExample, type CliIo, type CommandContext } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { renderAfterAction } from '../render';

/**
 * Every human action as a `terminus case` subcommand, derived from the action table: each field becomes an option
 * by its kind, so a new action needs no CLI code. `approve` and `reject` are conveniences over the legal decision
 * and the second approval (whichever is due for the caller).
 */

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 180) throw new InvalidArgumentError('whole days, 1 to 180');
  return n;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const flagOf = (key: string, field: FieldSpec) => field.flag ?? kebab(key);

/** The option(s) of one field. */
function optionsOf(key: string, field: FieldSpec): Option[] {
  const flag = flagOf(key, field);
  const required = !field.optional && !field.orDays && !field.defaultsToOpenAppeal;
  const option = (() => {
    switch (field.kind) {
      case 'choice':
        return new Option(`--${flag} <${flag}>`, field.doc).choices(field.values);
      case 'emails':
        return new Option(`--${flag} <email...>`, field.doc).argParser(collect);
      case 'refs':
        return new Option(`--${flag} <ref...>`, field.doc).argParser(collect).default([]);
      case 'instant':
        return new Option(`--${flag === 'expires-at' ? 'expires' : flag} <iso>`, field.doc);
      default:
        return new Option(
          `--${flag} <${field.kind === 'text' ? 'text' : field.kind === 'pathId' ? 'id' : field.kind}>`,
          field.doc,
        );
    }
  })();
  if (required && field.kind !== 'refs') option.makeOptionMandatory();
  const extra = field.orDays ? [new Option('--days <n>', 'or: expires this many days from now').argParser(days)] : [];
  return [option, ...extra];
}

async function send(ctx: CommandContext, id: string, path: string, body: Record<string, unknown>, done: string) {
  const view = await ctx.api.request<CaseView>('POST', `/cases/${encodeURIComponent(caseIdOf(id))}${path}`, {
    body,
    idempotent: true,
  });
  output(ctx, view, () => renderAfterAction(done, view));
}

/** Reads the options of an action into its path and body, as its field list says. */
async function requestOf(
  ctx: CommandContext,
  id: string,
  action: CaseActionDefinition,
  opts: Record<string, unknown>,
): Promise<{ path: string; body: Record<string, unknown>; fields: Record<string, unknown> }> {
  let path = action.path;
  const fields: Record<string, unknown> = {};
  const body: Record<string, unknown> = opts.as ? { role: opts.as } : {};
  for (const [key, field] of Object.entries(action.fields)) {
    const flag = flagOf(key, field);
    let value = opts[camel(field.kind === 'instant' && flag === 'expires-at' ? 'expires' : flag)];
    if (field.orDays && value === undefined) {
      if (opts.days === undefined) throw new CliError(`give --expires ISO or --days N`, ExitCode.BadInput);
      value = new Date(Date.now() + (opts.days as number) * 86_400_000).toISOString();
    }
    if (field.defaultsToOpenAppeal && value === undefined) {
      const view = await ctx.api.request<CaseView>('GET', `/cases/${encodeURIComponent(caseIdOf(id))}`);
      value = view.openAppeal?.id;
      if (!value) throw new CliError(`${caseIdOf(id)} has no open appeal`, ExitCode.Conflict);
    }
    if (value === undefined) continue;
    fields[key] = value;
    if (field.kind === 'pathId' && typeof value === 'string')
      path = path.replace(`{${key}}`, encodeURIComponent(value));
    else body[key] = value;
  }
  return { path, body, fields };
}

const asRole = () =>
  new Option('--as <role>', 'act as this role of your token (default: the first one allowed)').choices(ROLES);

/** The subcommand of one action. */
function actionCommand(io: CliIo, action: CaseActionDefinition): Command {
  const cmd = new Command(action.cli.command)
    .description(action.cli.description)
    .argument('<case>', 'case ID or account ID')
    .addOption(asRole());
  for (const [key, field] of Object.entries(action.fields)) for (const o of optionsOf(key, field)) cmd.addOption(o);
  cmd.action(async (id: string, opts: Record<string, unknown>, command: Command) => {
    const ctx = contextOf(command, io);
    const { path, body, fields } = await requestOf(ctx, id, action, opts);
    await send(ctx, id, path, body, action.cli.done(fields));
  });
  return withExample(cmd, action.cli.example);
}

/** Approve or reject: legal's decision while legal has not decided (and the caller is legal), else the second one. */
function decisionCommand(io: CliIo, decision: ApprovalDecision): Command {
  const legalAction = CASE_ACTIONS['legal-decision'];
  const second = CASE_ACTIONS['second-approval'];
  const cmd = new Command(decision)
    .description(
      decision === 'approve'
        ? "Approve the termination: legal's decision (with the ground) or, once legal approved, the T&S lead's second approval"
        : 'Reject the termination (as legal, or refuse the second approval); the case closes as rejected',
    )
    .argument('<case>', 'case ID or account ID')
    .addOption(asRole())
    .requiredOption('--reasons <text>', 'why (recorded in the case timeline)')
    .addOption(
      new Option('--ground <ground>', 'legal only: the ground stated to the customer').choices(DECISION_GROUNDS),
    )
    .option('--ground-explanation <text>', 'legal only: the explanation of the ground');
  cmd.action(async (id: string, opts: Record<string, unknown>, command: Command) => {
    const ctx = contextOf(command, io);
    const role = opts.as as string | undefined;
    let legal = role === 'legal';
    if (!role) {
      const [me, view] = await Promise.all([
        ctx.api.request<{ roles: string[] }>('GET', '/whoami'),
        ctx.api.request<CaseView>('GET', `/cases/${encodeURIComponent(caseIdOf(id))}`),
      ]);
      legal = !view.legal && me.roles.includes('legal');
    }
    const body: Record<string, unknown> = { decision, reasons: opts.reasons, ...(role ? { role } : {}) };
    if (legal) {
      if (opts.ground) body.ground = opts.ground;
      if (opts.groundExplanation) body.groundExplanation = opts.groundExplanation;
      return send(ctx, id, legalAction.path, body, legalAction.cli.done({ decision, reasons: String(opts.reasons) }));
    }
    if (opts.ground || opts.groundExplanation) {
      throw new CliError('--ground and --ground-explanation belong to the legal decision', ExitCode.BadInput);
    }
    return send(ctx, id, second.path, body, second.cli.done({ decision, reasons: String(opts.reasons) }));
  });
  return withExample(
    cmd,
    `terminus case ${decision} case-acct-8832 --reasons "${decision === 'approve' ? 'AUP 3.1 applies; evidence verified' : 'evidence insufficient'}"`,
  );
}

/** Every human action on a case as a subcommand of `terminus case`. */
export function caseActionCommands(io: CliIo): Command[] {
  return [
    ...APPROVAL_DECISIONS.map((d) => decisionCommand(io, d)),
    ...CASE_ACTION_NAMES.map((name) => actionCommand(io, CASE_ACTIONS[name])),
  ];
}
