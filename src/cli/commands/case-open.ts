import { Command, InvalidArgumentError, Option } from 'commander';
import { CASE_SCOPES } from '../../domain/case/account-case';
import { CASE_SOURCE_KINDS } from '../../domain/case/case-source';
import { SERVICE_KINDS } from '../../domain/vocabularies';
import type { OpenedCase } from '../../services/case/case-service';
import { collect, contextOf, output, withExample, type CliIo } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { renderCase } from '../render';

function services(value: string): string[] {
  const list = value.split(',').map((v) => v.trim());
  if (!list.length || list.some((s) => !(SERVICE_KINDS as readonly string[]).includes(s))) {
    throw new InvalidArgumentError('a comma-separated list of dns and proxy');
  }
  return list;
}

interface OpenOptions {
  account: string;
  name: string;
  contact: string[];
  domain: string[];
  services: string[];
  category: string;
  summary: string;
  evidence?: string[];
  cutoffAt?: string;
  cutoffLocal?: string;
  tz?: string;
  cutoffDate?: string;
  urgency: string;
  accountCreated?: string;
  source?: string;
  notifier?: string;
  authority?: string;
  country?: string;
  sourceRef?: string;
  receivedAt?: string;
  scope?: string;
  linkedAccount?: LinkedAccountOption[];
}

interface LinkedAccountOption {
  id: string;
  reason: string;
  evidenceRefs: string[];
}

/** `--linked-account "ID|REASON|REF [REF...]"`, repeatable: another account of the same operator, why, and the
 * references to what links them (account ids and references never contain "|" or spaces). */
function linkedAccount(value: string, previous: LinkedAccountOption[] = []): LinkedAccountOption[] {
  const [id, reason, refs, ...rest] = value.split('|').map((v) => v.trim());
  const evidenceRefs = (refs ?? '').split(/\s+/).filter(Boolean);
  if (!id || !reason || !evidenceRefs.length || rest.length) {
    throw new InvalidArgumentError('"ID|REASON|REF [REF...]", e.g. "acct-2|same billing contact|https://evidence/1"');
  }
  return [...previous, { id, reason, evidenceRefs }];
}

/** The source from the options; none given means own initiative (the API checks what each kind needs). */
function sourceOf(o: OpenOptions): Record<string, string> | undefined {
  const details = {
    notifier: o.notifier,
    authority: o.authority,
    country: o.country,
    reference: o.sourceRef,
    receivedAt: o.receivedAt,
  };
  const given = Object.entries(details).filter((e): e is [string, string] => e[1] !== undefined);
  if (!o.source) {
    if (given.length) {
      const option = given[0]![0].replace(/^reference$/, 'source-ref').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      throw new CliError(`--${option} needs --source`, ExitCode.BadInput);
    }
    return undefined;
  }
  return { kind: o.source, ...Object.fromEntries(given) };
}

/** The cutoff request from the options: an instant, or a wall-clock time in a zone. */
function cutoffOf(o: OpenOptions): Record<string, string> {
  if (o.cutoffAt && (o.cutoffLocal || o.tz)) {
    throw new CliError('give either --cutoff-at or --cutoff-local with --tz, not both', ExitCode.BadInput);
  }
  if (o.cutoffAt) return { kind: 'instant', at: o.cutoffAt };
  if (o.cutoffLocal && o.tz) {
    return { kind: 'local', time: o.cutoffLocal, timeZone: o.tz, ...(o.cutoffDate ? { date: o.cutoffDate } : {}) };
  }
  throw new CliError(
    'a cutoff is required: --cutoff-at ISO, or --cutoff-local HH:MM with --tz ZONE',
    ExitCode.BadInput,
  );
}

/** `terminus case open`: opens a case (the token's principal is the requester). */
export function caseOpenCommand(io: CliIo): Command {
  const cmd = new Command('open')
    .description('Open a termination case for an account (you, the token holder, are its requester)')
    .requiredOption('--account <id>', 'customer account id (the case ID is case-<id>)')
    .requiredOption('--name <name>', 'account name as the notice addresses it')
    .requiredOption('--contact <email...>', 'notice contact e-mail (repeat or comma-separate)', collect)
    .requiredOption(
      '--domain <domain...>',
      'domains: the first is the primary, the others aliases and mirrors',
      collect,
    )
    .option('--services <list>', 'services to end: dns,proxy', services, [...SERVICE_KINDS])
    .requiredOption('--category <key>', 'policy category (e.g. violent_extremism, phishing_malware)')
    .requiredOption('--summary <text>', 'why this case is opened')
    .option('--evidence <ref...>', 'evidence references (URLs or sha256:...)', collect)
    .option('--cutoff-at <iso>', 'cutoff instant, e.g. 2026-03-02T08:00:00Z')
    .option('--cutoff-local <HH:MM>', 'cutoff as a wall-clock time (with --tz), e.g. 00:00 for midnight')
    .option('--tz <zone>', 'IANA time zone of --cutoff-local, e.g. America/Los_Angeles')
    .option(
      '--cutoff-date <YYYY-MM-DD>',
      'local date of --cutoff-local (default: its next occurrence after the notice)',
    )
    .option('--urgency <level>', 'standard or imminent (imminent allows expedite where policy does)', 'standard')
    .option('--account-created <YYYY-MM-DD>', 'when the account or its oldest zone was created (DSA content date)')
    .addOption(
      new Option('--source <kind>', 'where the case came from (default: own initiative)').choices(CASE_SOURCE_KINDS),
    )
    .option('--notifier <name>', 'who sent the notice (article_16_notice, trusted_flagger, other_notification)')
    .option('--authority <name>', 'the authority that issued the order (member_state_order)')
    .option('--country <CC>', "the issuing authority's Member State, e.g. FR (member_state_order)")
    .option('--source-ref <ref>', "the notice's or order's reference")
    .addOption(
      new Option(
        '--scope <scope>',
        'account: end every zone and proxied hostname of the account (default domain)',
      ).choices(CASE_SCOPES),
    )
    .option(
      '--linked-account <spec>',
      'with --scope account: another account of the same operator, "ID|REASON|REF [REF...]" (repeatable)',
      linkedAccount,
    )
    .option(
      '--received-at <iso>',
      'when the notice or order reached us (required with --source other than own_initiative)',
    )
    .action(async (opts: OpenOptions, command: Command) => {
      const ctx = contextOf(command, io);
      const [primary, ...aliases] = opts.domain;
      const source = sourceOf(opts);
      const body = {
        account: {
          id: opts.account,
          name: opts.name,
          noticeContacts: opts.contact,
          ...(opts.accountCreated ? { createdOn: opts.accountCreated } : {}),
        },
        domains: { primary, aliases },
        services: opts.services,
        category: opts.category,
        summary: opts.summary,
        evidenceRefs: opts.evidence ?? [],
        cutoff: cutoffOf(opts),
        urgency: opts.urgency,
        ...(source ? { source } : {}),
        ...(opts.scope ? { scope: opts.scope } : {}),
        ...(opts.linkedAccount ? { linkedAccounts: opts.linkedAccount } : {}),
      };
      const opened = await ctx.api.request<OpenedCase>('POST', '/cases', { body });
      output(ctx, opened, () =>
        opened.view
          ? `opened ${opened.caseId}\n\n${renderCase(opened.view)}`
          : `opened ${opened.caseId} (run ${opened.runId}); the workflow is still accepting the intake\n`,
      );
    });
  return withExample(
    cmd,
    'terminus case open --account acct-8832 --name "Example Board" --contact abuse@example-board.com ' +
      '--domain example-board.com --domain mirror.example-board.net --services dns,proxy --category violent_extremism ' +
      '--summary "Forum used to announce attacks" --evidence https://evidence.example/r1 ' +
      '--cutoff-local 00:00 --tz America/Los_Angeles --urgency imminent',
  );
}
