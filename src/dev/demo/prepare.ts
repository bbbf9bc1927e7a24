import type { CaseResponse as CaseView } from '../../api/schemas/case-response';
import { CliError, ExitCode } from '../../cli/exit-codes';
import { PRE_REVOCATION } from '../../domain/case/case-rules';
import type { DemoCli } from './demo-cli';
import { DemoError } from './locate-stack';

async function view(cli: DemoCli, caseId: string): Promise<CaseView | null> {
  try {
    return await cli.api('operator').request<CaseView>('GET', `/cases/${caseId}`);
  } catch (err) {
    if (err instanceof CliError && err.exitCode === ExitCode.NotFound) return null;
    throw err;
  }
}

/**
 * Makes the demo repeatable on one stack: a case left open for the demo account by an earlier run is ended the
 * way staff would end it (withdrawn before the cutoff, monitoring ended after it) and waited for until closed;
 * then the sandbox puts the demo customer back on our edge. Returns what it did, for the narration.
 */
export async function prepareDemo(cli: DemoCli, caseId: string, timeoutMs = 120_000): Promise<string[]> {
  const done = await endEarlierCase(cli, caseId, timeoutMs);
  const reset = await cli.api('admin').request<{ domains: string[] }>('POST', '/sandbox/reset');
  done.push(`reset the sandbox: ${reset.domains.join(', ')} back on our edge and nowhere else`);
  return done;
}

/**
 * Ends a case an earlier demo run left open (withdrawn before the cutoff, monitoring ended after it) and waits
 * until it is closed, so the same case ID can be opened again. Returns what it did.
 */
export async function endEarlierCase(cli: DemoCli, caseId: string, timeoutMs = 120_000): Promise<string[]> {
  const done: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (
    let current = await view(cli, caseId);
    current && current.stage !== 'closed';
    current = await view(cli, caseId)
  ) {
    if (Date.now() > deadline) {
      throw new DemoError(
        `${caseId} from an earlier run is still ${current.stage} after ${timeoutMs / 1000} s; ` +
          'restart the stack with a fresh data folder (stop it, remove .terminus/data, `npm start`) and run the demo again.',
      );
    }
    const reasons = 'demo: making room for a new demo run';
    if (PRE_REVOCATION.includes(current.stage) && !done.length) {
      await cli.json('tns_lead', ['case', 'withdraw', caseId, '--reasons', reasons]);
      done.push(`withdrew the earlier demo case (it was ${current.stage})`);
    } else if (current.stage === 'monitoring' && !current.monitoringEnd) {
      await cli.json('tns_lead', ['case', 'end-monitoring', caseId, '--reasons', reasons]);
      done.push('ended monitoring of the earlier demo case');
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return done;
}
