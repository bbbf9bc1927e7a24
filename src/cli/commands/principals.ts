import { Command } from 'commander';
import type { PrincipalChange, PrincipalInfo } from '../../services/access/principal-store';
import type { CreatedToken } from '../../services/access/token-store';
import { collect, contextOf, output, withExample, type CliIo } from '../context';
import { CliError, ExitCode } from '../exit-codes';

const line = (p: PrincipalInfo) =>
  `${p.id}  ${p.person}  ${p.roles.join(',')}  ${p.status}  proposed by ${p.proposedBy}${p.activatedBy ? `, activated by ${p.activatedBy}` : ''}\n`;

const change = (c: PrincipalChange, next: string) =>
  line(c.principal) +
  (c.enrolmentCode ? `enrolment code (shown once; give it to the person yourself): ${c.enrolmentCode}\n${next}\n` : '');

/**
 * `terminus principal ...`: the audited path to identities (issue 15). One principal per person; `admin`,
 * `legal` and `tns_lead` are proposed by one admin, activated by another, and enrolled by the person with both codes.
 */
export function principalCommand(io: CliIo): Command {
  const principal = new Command('principal').description('Principals: one per person, with the roles it holds');

  const create = new Command('create')
    .description('Create a principal (admin); with admin, legal or tns_lead it is proposed for a second admin')
    .requiredOption('--id <name>', 'principal id (lower-case, e.g. lena)')
    .requiredOption('--person <email>', "the person's e-mail address (one principal per person)")
    .requiredOption('--roles <list>', 'comma-separated roles', collect)
    .option('--display-name <text>', 'the name people know them by')
    .action(async (opts: { id: string; person: string; roles: string[]; displayName?: string }, cmd: Command) => {
      const ctx = contextOf(cmd, io);
      const made = await ctx.api.request<PrincipalChange>('POST', '/principals', {
        body: {
          id: opts.id,
          person: opts.person,
          roles: opts.roles,
          ...(opts.displayName ? { displayName: opts.displayName } : {}),
        },
      });
      output(ctx, made, () => change(made, `A different admin runs: terminus principal activate ${made.principal.id}`));
    });

  const activate = new Command('activate')
    .description('Activate a principal another admin proposed; prints the second enrolment code')
    .argument('<id>', 'principal id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd, io);
      const done = await ctx.api.request<PrincipalChange>('POST', `/principals/${encodeURIComponent(id)}/activate`);
      output(ctx, done, () =>
        change(done, `The person runs: terminus principal enrol ${id} --code <first code> --code <second code>`),
      );
    });

  const disable = new Command('disable')
    .description('Disable a principal; every token of it stops working at once')
    .argument('<id>', 'principal id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd, io);
      const done = await ctx.api.request<PrincipalInfo>('POST', `/principals/${encodeURIComponent(id)}/disable`);
      output(ctx, done, () => line(done));
    });

  const list = new Command('list').description('Every principal (admin)').action(async (_o: unknown, cmd: Command) => {
    const ctx = contextOf(cmd, io);
    const all = await ctx.api.request<{ principals: PrincipalInfo[] }>('GET', '/principals');
    output(ctx, all, () => all.principals.map(line).join(''));
  });

  const enrol = new Command('enrol')
    .description('Claim your first token with the two codes the two admins gave you (no token needed)')
    .argument('<id>', 'your principal id')
    .requiredOption('--code <code>', 'an enrolment code (give both)', collect)
    .option('--label <text>', 'what the token is for')
    .action(async (id: string, opts: { code: string[]; label?: string }, cmd: Command) => {
      if (opts.code.length !== 2) throw new CliError('--code: give the two enrolment codes', ExitCode.BadInput);
      const ctx = contextOf(cmd, io);
      const created = await ctx.api.request<CreatedToken>('POST', '/enrol', {
        body: { principal: id, codes: opts.code, ...(opts.label ? { label: opts.label } : {}) },
      });
      output(
        ctx,
        created,
        () =>
          `${created.token}\ntoken for ${created.principal} (${created.roles.join(', ')}), id ${created.tokenId}\n` +
          'Store it now: it is shown once and cannot be recovered.\n',
      );
    });

  principal.addCommand(
    withExample(create, 'terminus principal create --id lena --person lena@example.org --roles legal'),
  );
  principal.addCommand(withExample(activate, 'terminus principal activate lena'));
  principal.addCommand(withExample(enrol, 'terminus principal enrol lena --code tme_... --code tme_...'));
  principal.addCommand(withExample(disable, 'terminus principal disable lena'));
  principal.addCommand(withExample(list, 'terminus principal list'));
  return principal;
}
