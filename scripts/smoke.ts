// `npm run smoke`: against a running stack (`npm start`), runs the end-to-end system check and prints the
// workflow it started, so `temporal workflow list` shows it. The check starts a workflow, so it needs an operator
// or admin token: TERMINUS_TOKEN, or the embedded stack's demo operator token from its data folder.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoTokensFile } from '../src/dev/demo-principals';
import { terminusHome } from '../src/platform/paths';

const api = process.env.TERMINUS_API_URL ?? 'http://127.0.0.1:8787';

async function token(): Promise<string> {
  if (process.env.TERMINUS_TOKEN) return process.env.TERMINUS_TOKEN;
  const file = path.join(terminusHome(), 'data', 'demo-tokens.json');
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as DemoTokensFile).tokens.operator.token;
  } catch {
    throw new Error(`set TERMINUS_TOKEN to an operator or admin token (no demo tokens at ${file})`);
  }
}

async function main(): Promise<void> {
  const res = await fetch(`${api}/health/deep`, { headers: { authorization: `Bearer ${await token()}` } });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`unhealthy (${res.status}): ${JSON.stringify(body)}`);
  process.stdout.write(`ok: workflow ${String(body.workflowId)} ran on a worker and wrote to the database\n`);
  process.stdout.write(`see it: temporal workflow list --query "WorkflowType = 'systemCheck'"\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`smoke test failed against ${api}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
