import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the next request(s) to the provider API meet instead of the real server. */
export type Fault = { kind: 'status'; status: number; body?: string } | { kind: 'hang' };

/** A loopback HTTP proxy in front of a real provider API that can fail the next requests on demand. */
export interface FaultProxy {
  url: string;
  /** Fails the next `times` requests (matching `method` when given) with `fault`. */
  inject(fault: Fault, times?: number, method?: string): void;
  /** Requests that reached the real server. */
  forwarded(): number;
  stop(): Promise<void>;
}

/** Starts the proxy; requests without a pending fault are forwarded to `target` unchanged. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const pending: { fault: Fault; method?: string }[] = [];
  let forwarded = 0;
  const server = http.createServer((req, res) => {
    const i = pending.findIndex((p) => !p.method || p.method === req.method);
    if (i >= 0) {
      const [{ fault }] = pending.splice(i, 1) as [{ fault: Fault }];
      req.resume();
      if (fault.kind === 'hang') return; // never answers; the client's timeout must fire
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }));
      return;
    }
    forwarded++;
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inject(fault, times = 1, method) {
      for (let n = 0; n < times; n++) pending.push({ fault, method });
    },
    forwarded: () => forwarded,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
