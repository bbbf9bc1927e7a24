import type { Command } from 'commander';
import { ApiClient, DEFAULT_API_URL } from './api-client';
import { CliError, ExitCode } from './exit-codes';
import { terminalText } from './terminal-text';

/** Where the CLI writes and what it reads from its environment (injected so it can run in-process). */
export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Where `terminus classify -` reads (the process's stdin when absent). */
  stdin?: NodeJS.ReadableStream;
}

/** What every command gets: the API client, output mode and streams. */
export interface CommandContext {
  api: ApiClient;
  json: boolean;
  io: CliIo;
  env: NodeJS.ProcessEnv;
}

/** Global options (`--api`, `--token`, `--json`), read from the command line or the environment. */
export function contextOf(cmd: Command, io: CliIo): CommandContext {
  const opts = cmd.optsWithGlobals<{ api?: string; token?: string; json?: boolean }>();
  const baseUrl = opts.api ?? io.env.TERMINUS_API_URL ?? DEFAULT_API_URL;
  if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) {
    throw new CliError(`--api: "${baseUrl}" is not an http(s) URL`, ExitCode.BadInput);
  }
  const token = opts.token ?? io.env.TERMINUS_TOKEN;
  return { api: new ApiClient({ baseUrl, ...(token ? { token } : {}) }), json: Boolean(opts.json), io, env: io.env };
}

/** Prints the JSON value with `--json` (JSON escapes controls itself), the human text made terminal-safe otherwise. */
export function output(ctx: CommandContext, value: unknown, human: () => string): void {
  ctx.io.stdout.write(ctx.json ? `${JSON.stringify(value, null, 2)}\n` : terminalText(human()));
}

/** `case-<account>` from a case ID or a bare account ID. */
export function caseIdOf(id: string): string {
  return id.startsWith('case-') ? id : `case-${id}`;
}

/** Adds the example block every command's help ends with. */
export function withExample(cmd: Command, ...examples: string[]): Command {
  return cmd.addHelpText(
    'after',
    `\nExample${examples.length > 1 ? 's' : ''}:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`,
  );
}

/** Repeatable, comma-separable option values (`--contact a --contact b,c`), accumulated into one list. */
export const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];
