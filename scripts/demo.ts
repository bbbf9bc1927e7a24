// `npm run demo`: on the running stack (`npm start`, or the cluster profile `npm run cluster`), a scripted case from intake to monitoring, then the
// customer reappearing on a competitor in the sandbox internet and the watch detecting it. Unattended; exits 0 on
// success, 1 with a message saying what went wrong (and what to run) otherwise.
import { Command, InvalidArgumentError } from 'commander';
import { DemoError, locateStack } from '../src/dev/demo/locate-stack';
import { runDemo } from '../src/dev/demo/scenario';

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10 || n > 3600) throw new InvalidArgumentError('a whole number of seconds, 10-3600');
  return n * 1000;
}

const program = new Command('npm run demo --')
  .description(
    'Drive one termination case on the running stack (npm start or npm run cluster), from intake to monitoring, then move the customer ' +
      'to a competitor in the sandbox internet and wait for the migration watch to detect it.',
  )
  .option(
    '--provider <id>',
    'the competitor the customer reappears on (ddos-guard, cloudflare, njalla, self-hosted)',
    'ddos-guard',
  )
  .option('--lead <seconds>', 'the cutoff is the first whole minute at least this far ahead', seconds, 60_000)
  .option('--tz <zone>', 'IANA time zone the cutoff is stated in', 'America/Los_Angeles')
  .addHelpText(
    'after',
    '\nStart the stack first (`npm start` or `npm run cluster`, in another terminal), then:\n  $ npm run demo\n  $ npm run demo -- --provider njalla\n',
  );

async function main(): Promise<number> {
  program.parse(process.argv.slice(2), { from: 'user' });
  const opts = program.opts<{ provider: string; lead: number; tz: string }>();
  const started = Date.now();
  try {
    const target = await locateStack();
    const result = await runDemo(target, {
      provider: opts.provider,
      leadMs: opts.lead,
      timeZone: opts.tz,
      out: process.stdout,
      progress: process.stderr,
    });
    process.stdout.write(`\n(demo done in ${Math.round((Date.now() - started) / 1000)} s)\n`);
    // The last line, for people and scripts alike.
    process.stdout.write(
      `Detected competitor: ${result.detected} (moved to ${result.movedTo.name}) serves ${result.domain} since ${result.detectedAt}\n`,
    );
    return 0;
  } catch (err) {
    const message =
      err instanceof DemoError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`\ndemo failed: ${message}\n`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
