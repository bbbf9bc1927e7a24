import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { startTemporalOnPostgres } from '../../src/dev/cluster/temporal-on-postgres';
import { resolveTemporalBinary } from '../../src/dev/temporal-binaries';
import { startDevServer } from '../../src/dev/temporal-dev-server';
import { binaryCacheDir } from '../../src/platform/paths';
import type { AccountRevocationProfile } from './options';

/**
 * The platform under the account-revocation benchmark, in the shape of one of the two profiles: `embedded` as
 * `npm start` runs it (the Temporal dev server on its own SQLite, PostgreSQL without fsync for the app's rows) or
 * `cluster` as `npm run cluster` runs it (the Temporal server v1.32.1 with PostgreSQL for persistence and
 * visibility, the same durable PostgreSQL holding the app's rows).
 */

/** PostgreSQL and Temporal, started; `stop` stops both (Temporal first). */
export interface BenchPlatform {
  pg: EmbeddedPostgres;
  temporal: { address: string; namespace: string };
  stop(): Promise<void>;
}

const NAMESPACE = 'default';

/** Starts the profile's PostgreSQL and Temporal; on failure stops what started and rethrows. */
export async function startBenchPlatform(o: {
  profile: AccountRevocationProfile;
  workDir: string;
  log: (m: string) => void;
}): Promise<BenchPlatform> {
  const dir = path.join(o.workDir, o.profile);
  const password = randomBytes(18).toString('base64url');
  const cluster = o.profile === 'cluster';
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'postgres'),
    password,
    reachableFrom: o.workDir,
    durable: cluster,
    ...(cluster ? { maxConnections: 300, logFile: path.join(dir, 'postgres.log') } : {}),
  });
  try {
    if (!cluster) {
      const cli = await resolveTemporalBinary('cli', { cacheDir: binaryCacheDir(), log: o.log });
      const dev = await startDevServer({
        cliPath: cli.path,
        uiPort: false,
        logFile: path.join(dir, 'temporal.log'),
        startTimeoutMs: 120_000,
      });
      return {
        pg,
        temporal: { address: dev.address, namespace: dev.namespace },
        stop: async () => {
          await dev.stop();
          await pg.stop();
        },
      };
    }
    const temporal = await startTemporalOnPostgres({
      pg: { host: pg.host, port: pg.port, user: pg.user, password },
      host: pg.host,
      frontendPort: 0,
      namespace: NAMESPACE,
      dir: path.join(dir, 'temporal'),
      logDir: dir,
      env: process.env,
      log: o.log,
    });
    return {
      pg,
      temporal: { address: temporal.address, namespace: NAMESPACE },
      stop: async () => {
        await temporal.server.stop();
        await pg.stop();
      },
    };
  } catch (err) {
    await pg.stop();
    throw err;
  }
}
