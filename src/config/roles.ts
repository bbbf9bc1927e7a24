import { loadApiConfig } from './api';
import { loadAppConfig, type AppConfig } from './app-config';
import { loadEdgeConfig } from './edge';
import { loadPolicy } from './policy';
import { loadProbeConfig } from './probe';
import { parseSmtpConfig } from './smtp';
import { loadTransparencyDbConfig } from './transparency-db';

/** The processes of a deployment that read the environment on their own (the stack composes them in one). */
export type ProcessRole = 'worker' | 'api';

/** The command each role runs as, for messages. */
const COMMAND: Record<ProcessRole, string> = { worker: 'npm run worker', api: 'npm run api' };

/**
 * Validates everything `role` reads from the environment, at once, before it connects anywhere: the application
 * settings, Temporal's address and the database (both required outside the embedded stack), and per role the
 * mail, edge, probe and policy settings (worker) or the API's limits and the policy (API). Throws ONE error
 * listing every missing or bad variable, one per line; returns the application settings otherwise.
 */
export function loadRoleConfig(role: ProcessRole, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const check = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      problems.push(...splitProblems(err instanceof Error ? err.message : String(err)));
      return undefined;
    }
  };
  const config = check(() => loadAppConfig(env));
  if (!env.TEMPORAL_ADDRESS && !env.TEMPORAL_PROFILE && !env.TEMPORAL_CONFIG_FILE) {
    problems.push('TEMPORAL_ADDRESS: is required (host:port of the Temporal frontend, or a TEMPORAL_PROFILE)');
  }
  if (!env.DATABASE_URL) problems.push('DATABASE_URL: is required (postgres://user:password@host:port/database)');
  if (role === 'worker') {
    check(() => parseSmtpConfig(env));
    check(() => loadEdgeConfig(env));
    check(() => loadProbeConfig(env));
    check(() => loadTransparencyDbConfig(env));
  } else {
    check(() => loadApiConfig(env));
  }
  check(() => loadPolicy(env.TERMINUS_POLICY_FILE));
  if (problems.length > 0 || !config) {
    throw new Error(
      `${COMMAND[role]} cannot start, its configuration is incomplete (for a local stack use npm start):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
  return config;
}

/** `invalid mail configuration: A: x; B: y` -> [`A: x`, `B: y`] (each loader lists its own variables). */
function splitProblems(message: string): string[] {
  const body = message.replace(/^invalid [a-z ]*configuration: /, '');
  return body
    .split(/; (?=[A-Z][A-Z0-9_]*: |\(root\): )/)
    .map((s) => s.trim())
    .filter(Boolean);
}
