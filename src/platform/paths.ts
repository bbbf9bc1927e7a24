import path from 'node:path';

/** The repository root, found from this file so scripts work from any working directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The project's local state folder (git-ignored): Temporal's SQLite file, the embedded PostgreSQL's cluster and
 * password, MailDev's mail, the binary cache, the running stack's lock. `TERMINUS_HOME` moves it (tests use throwaway folders).
 */
export function terminusHome(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TERMINUS_HOME ?? path.join(PROJECT_ROOT, '.terminus'));
}

/** Binary cache; shared across `TERMINUS_HOME`s so a test run does not download twice. */
export function binaryCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TERMINUS_BIN_CACHE ?? path.join(PROJECT_ROOT, '.terminus', 'bin'));
}
