import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startProcess, type ManagedProcess } from '../../src/dev/child-process';
import { freePort, waitForPort } from '../../src/dev/ports';

/** A real Caddy for one test file: admin API and one HTTP server (`edge`) on free loopback ports. */
export interface CaddyServer {
  adminUrl: string;
  /** Where the `edge` server listens (requests carry the customer's Host header). */
  proxyUrl: string;
  serverName: string;
  stop(): Promise<void>;
}

/**
 * Starts `caddy run` with a JSON config: admin on loopback, an HTTP-only server named `edge` whose last route is
 * the recommended catch-all answering 421 (a host no route serves is then visibly "not served"). Caddy's home,
 * data and config directories point into a temporary directory, and config autosave is off.
 */
export async function startCaddy(): Promise<CaddyServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'terminus-caddy-'));
  const serverName = 'edge';
  for (let attempt = 0; ; attempt++) {
    const [adminPort, httpPort] = [await freePort(), await freePort()];
    const config = {
      admin: { listen: `127.0.0.1:${adminPort}`, config: { persist: false } },
      logging: { logs: { default: { level: 'ERROR' } } },
      apps: {
        http: {
          servers: {
            [serverName]: {
              listen: [`127.0.0.1:${httpPort}`],
              automatic_https: { disable: true },
              routes: [
                {
                  '@id': 'catch-all',
                  handle: [{ handler: 'static_response', status_code: 421, body: 'no site here\n' }],
                },
              ],
            },
          },
        },
      },
    };
    const configFile = path.join(dir, 'caddy.json');
    await writeFile(configFile, JSON.stringify(config));
    const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
    const proc: ManagedProcess = startProcess('caddy', ['run', '--config', configFile], {
      name: 'caddy',
      env,
      logFile: path.join(dir, 'caddy.log'),
    });
    try {
      await waitForPort('127.0.0.1', adminPort, 20_000, proc.exitReason);
      await waitForPort('127.0.0.1', httpPort, 20_000, proc.exitReason);
    } catch (err) {
      await proc.stop();
      if (attempt >= 2) {
        const log = await readFile(path.join(dir, 'caddy.log'), 'utf8').catch(() => '');
        await rm(dir, { recursive: true, force: true });
        throw new Error(`${(err as Error).message}\n${log.slice(-2000)}`, { cause: err });
      }
      continue;
    }
    return {
      adminUrl: `http://127.0.0.1:${adminPort}`,
      proxyUrl: `http://127.0.0.1:${httpPort}`,
      serverName,
      async stop() {
        await proc.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
