import { Command, InvalidArgumentError, Option } from 'commander';
import type { AccountItem, AccountItemPage, AccountItemStatus } from '../../domain/case/account-items';
import { ACCOUNT_ITEM_STATUSES } from '../../domain/case/account-items';
import { caseIdOf, contextOf, withExample, type CliIo, type CommandContext } from '../context';
import { terminalText } from '../terminal-text';

/** A page as `GET /cases/{caseId}/items` answers it. */
type ItemPage = AccountItemPage & { counts: Record<AccountItemStatus, number> };

/** The API's largest page: `--all` asks for these, so 10,000 items take 20 requests. */
const ALL_PAGE = 500;

function pageSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > ALL_PAGE)
    throw new InvalidArgumentError(`a whole number from 1 to ${ALL_PAGE}`);
  return n;
}

/** One item as a line: name, status, kind, account, which discovery found it, and why it failed or was excluded. */
function itemLine(i: AccountItem): string {
  const note = i.exclusion ? `excluded by ${i.exclusion.by}: ${i.exclusion.reason}` : (i.error ?? '');
  return [i.name.padEnd(40), i.status.padEnd(9), i.kind.padEnd(10), i.accountId.padEnd(20), i.foundBy, note]
    .join(' ')
    .trimEnd();
}

function countsLine(p: ItemPage): string {
  return ACCOUNT_ITEM_STATUSES.map((s) => `${s} ${p.counts[s] ?? 0}`).join(', ');
}

/** Writes a page as it arrives: JSON lines (one item each) for scripts, text lines for people. */
function writePage(ctx: CommandContext, page: ItemPage): void {
  const lines = page.items.map((i) => (ctx.json ? JSON.stringify(i) : itemLine(i)));
  if (lines.length) ctx.io.stdout.write(ctx.json ? `${lines.join('\n')}\n` : terminalText(`${lines.join('\n')}\n`));
}

/**
 * `terminus case items`: an account case's zones and proxied hostnames, a page at a time (`--cursor` for the next),
 * or every page with `--all`, written as each page arrives (never the whole list in memory; `--json` prints one JSON
 * object per line then).
 */
export function caseItemsCommand(io: CliIo): Command {
  const cmd = new Command('items')
    .description("List an account case's zones and proxied hostnames (paged; --all streams every page)")
    .argument('<case>', 'case ID (case-<account>) or account ID')
    .addOption(new Option('--status <status>', 'only items with this status').choices(ACCOUNT_ITEM_STATUSES))
    .option('--limit <n>', `items per page (1-${ALL_PAGE})`, pageSize, 100)
    .option('--cursor <cursor>', 'the next page (printed after a page)')
    .option('--all', 'every page, streamed')
    .action(
      async (
        id: string,
        opts: { status?: string; limit: number; cursor?: string; all?: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command, io);
        const path = `/cases/${encodeURIComponent(caseIdOf(id))}/items`;
        let cursor = opts.cursor;
        let shown = 0;
        for (;;) {
          const query = {
            limit: opts.all ? ALL_PAGE : opts.limit,
            ...(opts.status ? { status: opts.status } : {}),
            ...(cursor ? { cursor } : {}),
          };
          const page = await ctx.api.request<ItemPage>('GET', path, { query });
          if (!opts.all && ctx.json) {
            ctx.io.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
            return;
          }
          writePage(ctx, page);
          shown += page.items.length;
          cursor = page.nextCursor;
          if (!opts.all || !cursor) {
            if (!ctx.json) {
              const next = cursor ? `; next page: --cursor ${cursor}` : '';
              ctx.io.stderr.write(terminalText(`${shown} of ${page.total} shown (${countsLine(page)})${next}\n`));
            }
            return;
          }
        }
      },
    );
  return withExample(
    cmd,
    'terminus case items case-acct-8832 --status failed',
    'terminus case items acct-8832 --all --json > items.ndjson',
  );
}
