import { Command, CommanderError } from 'commander';
import { caseActionCommands } from './commands/case-actions';
import { caseItemsCommand } from './commands/case-items';
import { caseOpenCommand } from './commands/case-open';
import {
  caseListCommand,
  caseRecordCommand,
  caseShowCommand,
  caseSorCommand,
  caseWaitCommand,
} from './commands/case-read';
import { tokenCommand, transparencyCommand, whoamiCommand } from './commands/misc';
import { principalCommand } from './commands/principals';
import { classifyCommand, providersCommand } from './commands/providers';
import { withExample, type CliIo } from './context';
import { createProbeCommand } from './probe-command';
import { CliError, ExitCode, EXIT_CODES_HELP } from './exit-codes';
import { terminalText } from './terminal-text';

/** Builds the `terminus` program; `io` is where it reads and writes. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('terminus')
    .description(
      'Open, drive and inspect termination cases through the terminus API.\n' +
        'Every command talks to the API; the acting principal is the holder of the token.',
    )
    .option('--api <url>', 'API base URL (env TERMINUS_API_URL; default http://127.0.0.1:8787)')
    .option('--token <token>', 'bearer token (env TERMINUS_TOKEN; prefer the variable: arguments show in ps)')
    .option('--json', 'print JSON for scripts instead of text')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ export TERMINUS_API_URL=http://127.0.0.1:8787 TERMINUS_TOKEN=tmn_...\n  $ terminus case list --stage legal_review\n  $ terminus case show case-acct-8832\n${EXIT_CODES_HELP}\n`,
    );

  const caseCmd = withExample(
    new Command('case').description('Open, drive and inspect cases'),
    'terminus case open --help',
    'terminus case show case-acct-8832',
  );
  for (const sub of [
    caseOpenCommand(io),
    caseListCommand(io),
    caseShowCommand(io),
    caseItemsCommand(io),
    caseWaitCommand(io),
    ...caseActionCommands(io),
    caseRecordCommand(io),
    caseSorCommand(io),
  ]) {
    caseCmd.addCommand(sub);
  }
  program.addCommand(caseCmd);
  program.addCommand(transparencyCommand(io));
  program.addCommand(tokenCommand(io));
  program.addCommand(principalCommand(io));
  program.addCommand(whoamiCommand(io));
  program.addCommand(createProbeCommand(io));
  program.addCommand(classifyCommand(io));
  program.addCommand(providersCommand(io));

  const configure = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
    for (const sub of cmd.commands) configure(sub);
  };
  configure(program);
  return program;
}

/** Runs the CLI and returns its exit code (never throws). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.Ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0)
        return ExitCode.Ok;
      return ExitCode.BadInput;
    }
    if (err instanceof CliError) {
      const json = program.opts<{ json?: boolean }>().json || argv.includes('--json');
      if (json && err.problem) io.stderr.write(`${JSON.stringify(err.problem)}\n`);
      else io.stderr.write(`terminus: ${terminalText(err.message)}\n`);
      return err.exitCode;
    }
    io.stderr.write(`terminus: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return ExitCode.Failure;
  }
}

if (require.main === module) {
  void run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
    process.exitCode = code;
  });
}
