import net from 'node:net';
import type { TemporalServerPorts } from './temporal-server';
import { freePort } from '../ports';

/**
 * A free port below 32768. Temporal stores membership ports as smallint, and the OS hands out ephemeral ports
 * from 32768 up, so these are drawn at random from 20000-32767 and tried.
 */
export async function freeLowPort(host: string, taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    if (taken.has(port)) continue;
    if (await bindable(host, port)) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port below 32768 on ${host}`);
}

/** True when nothing listens on host:port (it can be bound now). */
export function bindable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Every port of a Temporal server: `frontend` as asked (0: a free one), the rest free, membership below 32768. */
export async function temporalServerPorts(host: string, frontend: number): Promise<TemporalServerPorts> {
  const taken = new Set<number>();
  const low = () => freeLowPort(host, taken);
  // A fixed frontend port must be free: a server left by a killed cluster would otherwise be taken for ours.
  if (frontend && !(await bindable(host, frontend))) {
    throw new Error(
      `${host}:${frontend} is in use (a temporal-server left running by a killed cluster? stop it, or set TERMINUS_TEMPORAL_PORT)`,
    );
  }
  return {
    frontend: frontend || (await freePort(host)),
    frontendHttp: await freePort(host),
    frontendMembership: await low(),
    history: await freePort(host),
    historyMembership: await low(),
    matching: await freePort(host),
    matchingMembership: await low(),
    worker: await freePort(host),
    workerMembership: await low(),
  };
}
