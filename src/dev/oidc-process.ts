import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../platform/paths';
import { startProcess } from './child-process';
import type { DevOidcOptions, DevOidcProvider } from './oidc-provider';

/** The line `oidc-provider-main.ts` prints once it listens, followed by what the console needs as JSON. */
export const OIDC_READY_PREFIX = 'terminus-oidc-ready ';

/**
 * Starts the embedded identity provider as a child process (`node --import tsx src/dev/oidc-provider-main.ts`) and
 * resolves once it listens, with its issuer, the console's client and the sign-in file; `stop` ends the process.
 * Its output is appended to `logFile`.
 */
export async function startDevOidcProcess(
  options: DevOidcOptions,
  logFile: string,
  timeoutMs = 60_000,
): Promise<DevOidcProvider> {
  const entry = path.join(PROJECT_ROOT, 'src', 'dev', 'oidc-provider-main.ts');
  // tsx's loader by path: the stack may run with another working folder than the project.
  const tsx = pathToFileURL(path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const proc = startProcess(process.execPath, ['--import', tsx, entry, JSON.stringify(options)], {
    name: 'OIDC provider',
    logFile,
  });
  const info = await new Promise<Omit<DevOidcProvider, 'stop'>>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      reject(new Error(`the OIDC provider did not start within ${timeoutMs} ms; see ${logFile}`));
    }, timeoutMs);
    const done = (fn: () => void): void => {
      clearTimeout(timer);
      proc.child.stdout?.off('data', onData);
      fn();
    };
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith(OIDC_READY_PREFIX));
      if (line) done(() => resolve(JSON.parse(line.slice(OIDC_READY_PREFIX.length)) as Omit<DevOidcProvider, 'stop'>));
    };
    proc.child.stdout?.on('data', onData);
    proc.child.once('exit', () => done(() => reject(new Error(proc.exitReason() ?? 'the OIDC provider exited'))));
  }).catch(async (err: unknown) => {
    await proc.stop();
    throw err;
  });
  return { ...info, stop: () => proc.stop() };
}
