import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { binaryCacheDir } from '../../../src/platform/paths';
import { resolveTemporalBinary } from '../../../src/dev/temporal-binaries';
import { WORKFLOWS_PATH } from '../../../src/worker/create-worker';
import { resolveSqlTool, resolveTemporalServer } from '../../../src/dev/cluster/temporal-server';
import { faultsProfile } from './profile';

/**
 * Once per fault-suite run: find the Temporal CLI (as the main suite's global setup does) and bundle the workflow
 * code once, so every worker process the suite starts and restarts loads the same pre-built bundle
 * (`TERMINUS_WORKFLOW_BUNDLE`, the production option) instead of running webpack on each start. Each test file
 * starts its own Temporal server: the suite stops and restarts them.
 */
export default async function globalSetup(): Promise<void> {
  const log = (m: string): void => void process.stderr.write(`[faults setup] ${m}\n`);
  const cli = await resolveTemporalBinary('cli', { cacheDir: binaryCacheDir(), log });
  process.env.TERMINUS_TEMPORAL_CLI = cli.path;
  if (faultsProfile() === 'cluster') {
    // The cluster profile's server and schema tool: from the env, PATH or the cache, else built once (go install).
    const server = await resolveTemporalServer(process.env, log);
    const sql = await resolveSqlTool(process.env, log);
    process.env.TERMINUS_TEMPORAL_SERVER = server.path;
    process.env.TERMINUS_TEMPORAL_SQL_TOOL = sql.path;
    log(`cluster profile: Temporal server ${server.path} (${server.source})`);
  }
  const started = Date.now();
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'terminus-faults-bundle-')), 'workflow-bundle.js');
  await writeFile(file, code);
  process.env.FAULTS_WORKFLOW_BUNDLE = file;
  log(`workflow bundle ${(code.length / 1024).toFixed(0)} KiB in ${Date.now() - started} ms`);
}

const noop = (): void => undefined;
const quiet = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
