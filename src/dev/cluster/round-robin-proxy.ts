import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One address in front of several API replicas. */
export interface RoundRobinProxy {
  address: string;
  port: number;
  stop(): Promise<void>;
}

/** Largest request body passed through (the API refuses more than 64 KiB by default anyway). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A small HTTP round-robin load balancer: each request goes to the next replica, on a fresh upstream connection
 * (no pooled keep-alive socket a stopping replica could close under a request). A replica that refuses the
 * connection (stopped, restarting) is skipped and the request sent to the next one, so clients see no error
 * while at least one replica is up; a replica that fails mid-request gives a 502, as a real load balancer would
 * for a non-idempotent request. Clients keep their own keep-alive connection to the proxy.
 */
export function startRoundRobinProxy(
  host: string,
  port: number,
  backends: Array<{ host: string; port: number }>,
): Promise<RoundRobinProxy> {
  let next = 0;
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => forward(Buffer.concat(chunks), backends.length));

    const forward = (body: Buffer, left: number): void => {
      if (left === 0) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end('no API replica answers\n');
        return;
      }
      const target = backends[next++ % backends.length]!;
      const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
      delete headers.connection; // hop-by-hop: the upstream connection is our own, one per request
      const upstream = http.request(
        {
          host: target.host,
          port: target.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNREFUSED' && !res.headersSent) forward(body, left - 1);
        else if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`${err.message}\n`);
        else res.destroy();
      });
      upstream.end(body);
    };
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        address: `${host}:${bound}`,
        port: bound,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
