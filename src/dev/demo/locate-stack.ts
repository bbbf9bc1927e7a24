import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Role } from '../../domain/case-types';
import { terminusHome } from '../../platform/paths';
import { demoTokensPath, type DemoTokensFile } from '../demo-principals';
import type { StackInfo } from '../stack';
import { processAlive, readStackFile, stackFilePath } from '../stack-file';

/** A failure the demo explains to the person running it (no stack trace: what is wrong and what to do). */
export class DemoError extends Error {
  override name = 'DemoError';
}

/** The running stack the demo drives, and the demo principals' tokens. */
export interface DemoTarget {
  info: StackInfo & { sandbox: NonNullable<StackInfo['sandbox']> };
  tokens: Record<Role, string>;
  stackFile: string;
}

const START_HINT =
  'Start the embedded stack in another terminal with `npm start` (or the cluster profile with `npm run cluster`), ' +
  'wait for its "ready" line, then run `npm run demo` again (with the same TERMINUS_HOME, if you set one).';

/**
 * Finds the stack `npm start` (or `npm run cluster`) runs for this `TERMINUS_HOME` (its `data/stack.json`), checks that it is alive and
 * answers, and reads the demo tokens it wrote. Every failure says exactly what to run.
 */
export async function locateStack(env: NodeJS.ProcessEnv = process.env): Promise<DemoTarget> {
  const dataDir = path.join(terminusHome(env), 'data');
  const file = stackFilePath(dataDir);
  const stack = await readStackFile(dataDir);
  if (!stack) throw new DemoError(`No terminus stack is running (no ${file}).\n${START_HINT}`);
  if (!processAlive(stack.pid)) {
    throw new DemoError(`The stack that wrote ${file} (pid ${stack.pid}) is no longer running.\n${START_HINT}`);
  }
  const info = stack.info;
  try {
    const res = await fetch(`${info.apiUrl}/health`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { status?: string };
    if (body.status !== 'ok') throw new Error(`health is ${JSON.stringify(body)}`);
  } catch (err) {
    throw new DemoError(
      `The stack (pid ${stack.pid}) does not answer at ${info.apiUrl}/health: ${(err as Error).message}.\n` +
        'If it is still starting, wait for "terminus ready"; otherwise restart it with `npm start`.',
    );
  }
  if (!info.sandbox) {
    throw new DemoError(
      'The running stack does not use the sandbox edge (TERMINUS_EDGE_* points at real providers), so there is no ' +
        'sandbox internet for the customer to reappear in. Run the demo on the default embedded stack: `npm start` ' +
        'without TERMINUS_EDGE_* variables.',
    );
  }
  let tokens: DemoTokensFile;
  try {
    tokens = JSON.parse(await readFile(demoTokensPath(info.dataDir), 'utf8')) as DemoTokensFile;
  } catch (err) {
    throw new DemoError(
      `Cannot read the demo tokens at ${demoTokensPath(info.dataDir)}: ${(err as Error).message}.\n` +
        'The stack writes them at start; restart it with `npm start`.',
    );
  }
  const byRole = Object.fromEntries(Object.entries(tokens.tokens).map(([role, t]) => [role, t.token])) as Record<
    Role,
    string
  >;
  return { info: { ...info, sandbox: info.sandbox }, tokens: byRole, stackFile: file };
}
