import { mkdir } from 'node:fs/promises';
import { freePort } from './ports';

/**
 * Every port the embedded stack listens on, by the variable that sets it. A throwaway stack sets each to 0 (the
 * OS picks a free one), so it never collides with `npm start` or with another throwaway stack.
 */
const STACK_PORT_VARIABLES = [
  'TERMINUS_TEMPORAL_PORT',
  'TERMINUS_TEMPORAL_UI_PORT',
  'TERMINUS_DB_PORT',
  'TERMINUS_API_PORT',
  'TERMINUS_MAIL_SMTP_PORT',
  'TERMINUS_MAIL_WEB_PORT',
  'TERMINUS_SANDBOX_DNS_PORT',
  'TERMINUS_SANDBOX_HTTP_PORT',
] as const;

/** What differs between throwaway stacks (tests, benchmarks). */
export interface EphemeralStackEnvOptions {
  /** The stack's own `TERMINUS_HOME` (created if missing): one stack per home, held by its lock. */
  home: string;
  /** What the stack inherits before the settings here; default `process.env`. */
  base?: NodeJS.ProcessEnv;
  /**
   * Serve the worker's metrics on a free loopback port (`TERMINUS_METRICS_ADDRESS` has no "port 0"); without it
   * the stack keeps whatever `base` says.
   */
  metrics?: boolean;
  /** Set last: wins over everything above (deployment settings of one test or benchmark). */
  env?: NodeJS.ProcessEnv;
}

/** The environment of a throwaway stack, and its home folder. */
export interface EphemeralStackEnv {
  home: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The one way tests and benchmarks build the environment of a throwaway embedded stack (`src/dev/start.ts` in a
 * child process, or `startStack` in-process): its own home folder and every port free, so runs never share state
 * or ports with `npm start` or with each other.
 */
export async function ephemeralStackEnv(o: EphemeralStackEnvOptions): Promise<EphemeralStackEnv> {
  await mkdir(o.home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...(o.base ?? process.env),
    TERMINUS_HOME: o.home,
    ...Object.fromEntries(STACK_PORT_VARIABLES.map((name) => [name, '0'])),
  };
  if (o.metrics) env.TERMINUS_METRICS_ADDRESS = `127.0.0.1:${await freePort()}`;
  Object.assign(env, o.env);
  return { home: o.home, env };
}
