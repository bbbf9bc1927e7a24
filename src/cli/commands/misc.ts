import { Command } from 'commander';
import { openDatabase } from '../../db/database';
import type { TransparencyReport } from '../../services/case/transparency';
import { harmonisedCsv } from '../../services/case/transparency-harmonised';
import { AuditLog } from '../../services/access/audit-log';
import { bootstrapPrincipal } from '../../services/access/principal-store';
import { ALL_ROLES, createToken, type CreatedToken } from '../../services/access/token-store';
import type { Role } from '../../domain/case-types';
import { contextOf, output, withExample, type CliIo } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { renderTransparency } from '../render';

/** `terminus transparency`. */
export function transparencyCommand(io: CliIo): Command {
  const cmd = new Command('transparency')
    .description(
      'Transparency figures over a period: decisions by category and outcome, notice periods, appeals, holds, reappearance',
    )
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC) or an instant')
    .requiredOption('--to <date>', 'last day, included (YYYY-MM-DD), or an instant (excluded)')
    .option('--csv', 'the harmonised template figures (Implementing Regulation (EU) 2024/2835) as CSV')
    .action(async (opts: { from: string; to: string; csv?: boolean }, command: Command) => {
      const ctx = contextOf(command, io);
      const report = await ctx.api.request<TransparencyReport>('GET', '/transparency', {
        query: { from: opts.from, to: opts.to },
      });
      if (opts.csv) {
        io.stdout.write(harmonisedCsv(report.harmonised, report.period));
        return;
      }
      output(ctx, report, () => renderTransparency(report));
    });
  return withExample(
    cmd,
    'terminus transparency --from 2026-01-01 --to 2026-06-30',
    'terminus transparency --from 2026-01-01 --to 2026-06-30 --csv > report.csv',
  );
}

/** `terminus whoami`. */
export function whoamiCommand(io: CliIo): Command {
  const cmd = new Command('whoami')
    .description('The principal and roles of your token')
    .action(async (_opts: unknown, command: Command) => {
      const ctx = contextOf(command, io);
      const me = await ctx.api.request<{ principal: string; roles: string[] }>('GET', '/whoami');
      output(ctx, me, () => `${me.principal} (${me.roles.join(', ')}) at ${ctx.api.baseUrl}\n`);
    });
  return withExample(
    cmd,
    'terminus whoami',
    'terminus --token "$(jq -r .tokens.legal.token .terminus/data/demo-tokens.json)" whoami',
  );
}

function roles(value: string): Role[] {
  const list = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = list.filter((r) => !ALL_ROLES.includes(r as Role));
  if (!list.length || unknown.length) {
    throw new CliError(
      `--roles: unknown role(s) ${unknown.join(', ') || '(none given)'}; known: ${ALL_ROLES.join(', ')}`,
      ExitCode.BadInput,
    );
  }
  return list as Role[];
}

/**
 * `terminus token create`. Through the API (`POST /tokens`) by default: for yourself, or (admin) for a principal
 * that neither approves nor administers; audited and rate-limited like every action. With `--database-url` (or
 * `DATABASE_URL` and no token) it creates the principal if needed and writes the hashed token straight to the
 * database: the bootstrap path for the first admin, for whoever already holds the database credentials.
 */
export function tokenCommand(io: CliIo): Command {
  const token = new Command('token').description('Bearer tokens for principals');
  const create = new Command('create')
    .description('Create a token and print it once (only its SHA-256 is stored)')
    .option('--principal <name>', 'whose token (default: yours; lower-case, e.g. lena)')
    .option(
      '--roles <list>',
      `comma-separated roles it grants (default: all the principal holds): ${ALL_ROLES.join(', ')}`,
    )
    .option(
      '--person <email>',
      "bootstrap only: the person's e-mail when the principal is new (default <principal>@bootstrap)",
    )
    .option('--label <text>', 'what the token is for')
    .option('--expires-at <iso>', 'expiry instant (default: never)')
    .option('--database-url <url>', 'write to this database directly instead of calling the API (bootstrap)')
    .action(
      async (
        opts: {
          principal?: string;
          roles?: string;
          person?: string;
          label?: string;
          expiresAt?: string;
          databaseUrl?: string;
        },
        command: Command,
      ) => {
        const ctx = contextOf(command, io);
        const wanted = opts.roles === undefined ? undefined : roles(opts.roles);
        const direct =
          opts.databaseUrl ??
          (!command.optsWithGlobals<{ token?: string }>().token && !io.env.TERMINUS_TOKEN
            ? io.env.DATABASE_URL
            : undefined);
        let created: CreatedToken;
        if (direct) {
          const id = opts.principal;
          if (!id || !wanted)
            throw new CliError('--principal and --roles are required with --database-url', ExitCode.BadInput);
          const db = openDatabase({ url: direct, maxConnections: 1 });
          try {
            created = await db.transaction(async (tx) => {
              await bootstrapPrincipal(tx, { id, person: opts.person ?? `${id}@bootstrap`, roles: wanted }, 'database');
              return createToken(tx, {
                principal: id,
                roles: wanted,
                createdBy: 'cli:database',
                ...(opts.label ? { label: opts.label } : {}),
                ...(opts.expiresAt ? { expiresAt: opts.expiresAt } : {}),
              });
            });
            // Recorded through the API's audit log, as `POST /tokens` is; no principal: the caller holds database
            // credentials, not a token.
            await new AuditLog(db).write({
              principalId: null,
              roles: [],
              action: 'token.create',
              method: 'CLI',
              path: 'database',
              target: `principal:${id}`,
              remoteAddr: 'cli:database',
              result: 'ok',
              status: 201,
            });
          } catch (err) {
            if ((err as { name?: string }).name === 'ServiceFailure')
              throw new CliError((err as Error).message, ExitCode.BadInput);
            throw new CliError(
              `cannot write the token to the database: ${(err as Error).message}`,
              ExitCode.ServerFailure,
            );
          } finally {
            await db.close();
          }
        } else {
          created = await ctx.api.request<CreatedToken>('POST', '/tokens', {
            body: {
              ...(opts.principal ? { principal: opts.principal } : {}),
              ...(wanted ? { roles: wanted } : {}),
              ...(opts.label ? { label: opts.label } : {}),
              ...(opts.expiresAt ? { expiresAt: opts.expiresAt } : {}),
            },
          });
        }
        output(
          ctx,
          created,
          () =>
            `${created.token}\n` +
            `token for ${created.principal} (${created.roles.join(', ')}), id ${created.tokenId}${created.expiresAt ? `, expires ${created.expiresAt}` : ''}\n` +
            'Store it now: it is shown once and cannot be recovered.\n',
        );
      },
    );
  token.addCommand(
    withExample(
      create,
      'terminus token create --roles legal --label ci   # a narrower token of your own',
      'terminus token create --principal ivan            # admin: for a principal that neither approves nor administers',
      'DATABASE_URL=postgres://... terminus token create --principal root --roles admin   # bootstrap',
    ),
  );
  return token;
}
