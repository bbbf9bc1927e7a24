import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A counting relay in front of the PowerDNS API: the worker talks to it, it forwards every request unchanged and
 * counts zone DELETEs per zone and answer. "Each zone deleted exactly once" is then read on the PowerDNS side of
 * the wire, not from terminus's own records.
 */

/** The relay's address and what it saw. */
export interface DeleteCounter {
  url: string;
  /** Per zone (canonical name): DELETE answers by status (204 deleted, 404 already gone). */
  deletes: Map<string, number[]>;
  stop(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const ZONE_PATH = /\/api\/v1\/servers\/[^/]+\/zones\/([^/?]+)$/;

/** Starts the relay on a free loopback port, forwarding to `target` (the PowerDNS webserver). */
export async function startDeleteCounter(target: string): Promise<DeleteCounter> {
  const deletes = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const payload = await body(req);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
        }
        const answer = await fetch(`${target}${req.url ?? '/'}`, {
          method: req.method,
          headers,
          body: payload.length > 0 ? payload : undefined,
        });
        const text = Buffer.from(await answer.arrayBuffer());
        const zone = req.method === 'DELETE' ? ZONE_PATH.exec(req.url ?? '')?.[1] : undefined;
        if (zone) {
          const name = decodeURIComponent(zone).replace(/\.$/, '').toLowerCase();
          deletes.set(name, [...(deletes.get(name) ?? []), answer.status]);
        }
        const type = answer.headers.get('content-type');
        res.writeHead(answer.status, type ? { 'content-type': type } : {});
        res.end(text);
      } catch (err) {
        res.writeHead(502);
        res.end(String(err));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deletes,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
