import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoTokensFile } from '../../src/dev/demo-principals';
import { startProcess, type ManagedProcess } from '../../src/dev/child-process';
import { PROJECT_ROOT } from '../../src/platform/paths';
import { ephemeralStackEnv } from '../../src/dev/ephemeral-env';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../src/worker/create-worker';
import { ZERO_NOTICE_POLICY_FILE } from './bench-policy';
import { writeWorkflowBundle } from './embedded-stack';

/**
 * The embedded stack as `npm start` runs it (`src/dev/start.ts`), or the cluster profile as `npm run cluster` runs
 * it (`src/dev/cluster/main.ts`: the Temporal server on PostgreSQL, two workers and two API replicas behind one
 * address), in its own process tree, so a load generator in the benchmark process measures the API from outside,
 * as a client would. Started as `node --import tsx`, in the scratch folder, on free ports; stopped with SIGTERM
 * (everything drains and stops cleanly).
 */

/** Which of the two local profiles to start. */
export type StackProfile = 'embedded' | 'cluster';

const ENTRY: Record<StackProfile, { script: string[]; ready: string }> = {
  embedded: { script: ['src', 'dev', 'start.ts'], ready: 'terminus ready' },
  cluster: { script: ['src', 'dev', 'cluster', 'main.ts'], ready: 'terminus cluster ready' },
};

/** A running stack process and what its banner printed. */
export interface StackProcess {
  pid: number;
  apiUrl: string;
  temporalAddress: string;
  demoTokens: DemoTokensFile['tokens'];
  logFile: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts it and waits for "terminus ready". `env` adds deployment settings (rate limits, worker settings). */
export async function startStackProcess(o: {
  workDir: string;
  /** Default `embedded`. */
  profile?: StackProfile;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<StackProcess> {
  const bundle = await writeWorkflowBundle(WORKFLOW_BUNDLE_OPTIONS, path.join(o.workDir, 'terminus-workflows.js'));
  const { env } = await ephemeralStackEnv({
    home: path.join(o.workDir, 'home'),
    // Nothing inherited but PATH and HOME: the stack runs as a deployment would.
    base: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: 'UTC',
      NODE_ENV: 'production',
      TERMINUS_LOG_LEVEL: 'warn',
      TERMINUS_POLICY_FILE: ZERO_NOTICE_POLICY_FILE,
      TERMINUS_WORKFLOW_BUNDLE: bundle,
      // How to find the Temporal CLI, when the environment says (otherwise the stack looks where it always does).
      ...Object.fromEntries(
        [
          'TERMINUS_TEMPORAL_CLI',
          'TERMINUS_BIN_CACHE',
          'TERMINUS_NO_SDK_DOWNLOAD',
          'TERMINUS_TEMPORAL_SERVER',
          'TERMINUS_TEMPORAL_SQL_TOOL',
        ]
          .filter((k) => process.env[k] !== undefined)
          .map((k) => [k, process.env[k]]),
      ),
    },
    metrics: true,
    env: o.env,
  });
  const logFile = path.join(o.workDir, 'stack.log');
  const entry = ENTRY[o.profile ?? 'embedded'];
  const proc = startProcess(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, ...entry.script)], {
    name: 'terminus stack',
    env,
    logFile,
  });
  let out = '';
  proc.child.stdout?.on('data', (c: Buffer) => void (out += c.toString()));
  const deadline = Date.now() + (o.timeoutMs ?? 180_000);
  try {
    while (!out.includes(entry.ready)) {
      const died = proc.exitReason();
      if (died) throw new Error(died);
      if (Date.now() > deadline) throw new Error(`stack not ready after ${o.timeoutMs ?? 180_000} ms; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const grab = (label: RegExp): string => {
      const m = label.exec(out);
      if (!m?.[1]) throw new Error(`the stack's banner has no ${String(label)}`);
      return m[1];
    };
    const tokensFile = grab(/Demo tokens {5}(\S+)/);
    const demo = JSON.parse(await readFile(tokensFile, 'utf8')) as DemoTokensFile;
    return {
      pid: proc.child.pid!,
      apiUrl: grab(/HTTP API {8}(\S+)/),
      temporalAddress: grab(/Temporal(?: {8}| server )(\S+)/),
      demoTokens: demo.tokens,
      logFile,
      process: proc,
      stop: () => proc.stop(60_000),
    };
  } catch (err) {
    await proc.stop(10_000);
    throw err;
  }
}
