import { shellLine, type DemoCli } from './demo-cli';

/**
 * How the demos tell their story: numbered steps, plain lines, and each command as a person would type it (with
 * the demo role whose token it needs), so the narration doubles as a script to follow by hand.
 */
export interface Narration {
  say: (line?: string) => void;
  step: (n: number, title: string) => void;
  cmd: (role: string, args: string[]) => void;
}

/** What every demo can be asked: the cutoff's lead and zone, and where narration and CLI progress go. */
export interface DemoRunOptions {
  /** The cutoff is the first whole minute at least this far ahead. */
  leadMs: number;
  /** Zone the cutoff is stated in (the wall-clock time the notice names). */
  timeZone: string;
  out: { write(s: string): unknown };
  progress: { write(s: string): unknown; isTTY?: boolean };
}

/** A narrator writing to `out`. */
export function narrator(out: DemoRunOptions['out']): Narration {
  const say = (line = ''): void => void out.write(`${line}\n`);
  return {
    say,
    step: (n, title) => say(`\n${n}. ${title}`),
    cmd: (role, args) => say(`   $ ${shellLine(['terminus', ...args])}   # as demo ${role}`),
  };
}

/** Runs `terminus ARGS` as the demo `role`, printing the command first. */
async function run<T>(cli: DemoCli, n: Narration, role: 'investigator' | 'legal' | 'tns_lead', args: string[]) {
  n.cmd(role, args);
  return cli.json<T>(role, args);
}

/** The investigator's findings, once the case investigates (each demo states its own facts). */
export async function submitDemoFindings(
  cli: DemoCli,
  n: Narration,
  caseId: string,
  findings: { facts: string; evidence: string },
): Promise<void> {
  await cli.json('operator', ['case', 'wait', caseId, '--stage', 'investigating', '--timeout', '2m']);
  await run(cli, n, 'investigator', [
    'case',
    'findings',
    caseId,
    '--facts',
    findings.facts,
    '--evidence',
    findings.evidence,
    '--reasons',
    'AUP 2.1: distribution of CSAM',
  ]);
}

/** Legal's approval once the case is in legal review, then the T&S lead's: the four eyes termination needs. */
export async function approveFourEyes(cli: DemoCli, n: Narration, caseId: string, legalReasons: string): Promise<void> {
  await cli.json('operator', ['case', 'wait', caseId, '--stage', 'legal_review', '--timeout', '2m']);
  await run(cli, n, 'legal', ['case', 'approve', caseId, '--reasons', legalReasons, '--ground', 'illegal_content']);
  await run(cli, n, 'tns_lead', ['case', 'approve', caseId, '--reasons', 'Agree with legal']);
}
