// `npm run smoke`: against a running stack (`npm start`), runs the end-to-end system check and prints the
// workflow it started, so `temporal workflow list` shows it.
const api = process.env.TERMINUS_API_URL ?? 'http://127.0.0.1:8787';

async function main(): Promise<void> {
  const res = await fetch(`${api}/health/deep`);
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`unhealthy (${res.status}): ${JSON.stringify(body)}`);
  process.stdout.write(`ok: workflow ${String(body.workflowId)} ran on a worker and wrote to the database\n`);
  process.stdout.write(`see it: temporal workflow list --query "WorkflowType = 'systemCheck'"\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`smoke test failed against ${api}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
