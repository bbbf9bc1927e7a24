// `npm run demo:account`: on the running stack (`npm start` or `npm run cluster`), a case against a whole customer
// account of a few hundred zones: discovery at intake, zones added after the approvals caught before revocation,
// revocation in heartbeating batches with its progress. Unattended; exits 0 on success, 1 saying what went wrong.
import { Command, InvalidArgumentError } from 'commander';
import { runAccountDemo } from '../src/dev/demo/account-scenario';
import { DemoError, locateStack } from '../src/dev/demo/locate-stack';

function count(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`a whole number, ${min}-${max}`);
    return n;
  };
}

const program = new Command('npm run demo:account --')
  .description(
    'Drive one account-scale termination case on the running stack: an account of many zones on the sandbox edge, ' +
      'discovered at intake and again before revocation, revoked in batches.',
  )
  .option('--zones <n>', 'zones the account has when the case opens', count(1, 5000), 300)
  .option('--late <n>', 'zones the customer adds after the approvals', count(0, 100), 3)
  .option('--lead <seconds>', 'the cutoff is the first whole minute at least this far ahead', count(10, 3600), 60)
  .option('--tz <zone>', 'IANA time zone the cutoff is stated in', 'America/Los_Angeles');

async function main(): Promise<number> {
  program.parse(process.argv.slice(2), { from: 'user' });
  const opts = program.opts<{ zones: number; late: number; lead: number; tz: string }>();
  const started = Date.now();
  try {
    const result = await runAccountDemo(await locateStack(), {
      zones: opts.zones,
      lateZones: opts.late,
      leadMs: opts.lead * 1000,
      timeZone: opts.tz,
      out: process.stdout,
      progress: process.stderr,
    });
    process.stdout.write(`\n(account demo done in ${Math.round((Date.now() - started) / 1000)} s)\n`);
    process.stdout.write(
      `Revoked ${result.revoked} of ${result.found} items (${result.lateAdded} found before revocation) in ` +
        `${result.batches} batches of up to ${result.batchSize}\n`,
    );
    return 0;
  } catch (err) {
    const message =
      err instanceof DemoError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`\naccount demo failed: ${message}\n`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
