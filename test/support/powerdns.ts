import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startProcess, type ManagedProcess } from '../../src/dev/child-process';
import { freePort, waitForPort } from '../../src/dev/ports';

const run = promisify(execFile);

/** The gsqlite3 schema shipped by Debian's pdns-backend-sqlite3. */
const SCHEMA = '/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql';

/** A real PowerDNS Authoritative server for one test file: DNS and API on free loopback ports. */
export interface PowerDnsServer {
  apiUrl: string;
  apiKey: string;
  dns: { host: string; port: number };
  stop(): Promise<void>;
}

async function apiAnswers(apiUrl: string, apiKey: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${apiUrl}/api/v1/servers/localhost`, { headers: { 'X-API-Key': apiKey } });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`PowerDNS API at ${apiUrl} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `pdns_server` with the gsqlite3 backend (a backend that accepts API writes) in a fresh temporary
 * directory; no configuration file, no syslog, no security polling (no internet). Retries on a port clash.
 */
export async function startPowerDns(): Promise<PowerDnsServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'terminus-pdns-'));
  const dbFile = path.join(dir, 'pdns.sqlite3');
  await run('sqlite3', [dbFile, `.read ${SCHEMA}`]);
  const apiKey = 'test-api-key';
  for (let attempt = 0; ; attempt++) {
    const [dnsPort, webPort] = [await freePort(), await freePort()];
    const proc: ManagedProcess = startProcess(
      'pdns_server',
      [
        '--no-config',
        '--daemon=no',
        '--guardian=no',
        '--disable-syslog',
        '--write-pid=no',
        `--socket-dir=${dir}`,
        '--launch=gsqlite3',
        `--gsqlite3-database=${dbFile}`,
        '--local-address=127.0.0.1',
        `--local-port=${dnsPort}`,
        '--api=yes',
        `--api-key=${apiKey}`,
        '--webserver=yes',
        '--webserver-address=127.0.0.1',
        `--webserver-port=${webPort}`,
        '--webserver-allow-from=127.0.0.0/8',
        '--security-poll-suffix=',
        '--loglevel=3',
      ],
      { name: 'pdns_server', logFile: path.join(dir, 'pdns.log') },
    );
    const apiUrl = `http://127.0.0.1:${webPort}`;
    try {
      await waitForPort('127.0.0.1', webPort, 20_000, proc.exitReason);
      await waitForPort('127.0.0.1', dnsPort, 20_000, proc.exitReason);
      await apiAnswers(apiUrl, apiKey, 20_000);
    } catch (err) {
      await proc.stop();
      if (attempt >= 2) {
        const log = await readFile(path.join(dir, 'pdns.log'), 'utf8').catch(() => '');
        await rm(dir, { recursive: true, force: true });
        throw new Error(`${(err as Error).message}\n${log.slice(-2000)}`, { cause: err });
      }
      continue;
    }
    return {
      apiUrl,
      apiKey,
      dns: { host: '127.0.0.1', port: dnsPort },
      async stop() {
        await proc.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
