import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalProviderName } from '../../domain/footprint/domain-name';
import { escapeHtml } from '../../domain/notice/text-safety';
import { COMPETITOR_PROFILES } from './competitors';
import type { SandboxRoute } from './route-repository';

/**
 * The sandbox's HTTP reverse proxy on loopback, serving by Host header: our customers' proxied sites (forwarded to
 * an origin, or a built-in page), and "internet" sites answering with their provider's headers and cookies so a
 * probe can fingerprint them. Routes are read per request, so a revoked host stops being served at once.
 */

/** Where the proxy reads its routes (normally the app database). */
export interface RouteSource {
  findRoute(host: string): Promise<SandboxRoute | null>;
}

/** Where to listen and what to serve. Port 0 picks a free port. */
export interface SandboxProxyOptions {
  host?: string;
  port?: number;
  routes: RouteSource;
}

/** A running proxy; `url` is its base (`http://127.0.0.1:PORT`). */
export interface SandboxProxy {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Headers on every answer of our edge, so the verifier (and a person with curl) can tell it from the internet. */
export const SANDBOX_EDGE_HEADERS: Readonly<Record<string, string>> = {
  server: 'terminus-sandbox-edge',
  'x-terminus-edge': 'sandbox',
  via: '1.1 terminus-sandbox-edge',
};

function page(title: string, line: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(line)}</p></body></html>\n`;
}

function serveEdge(route: SandboxRoute, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!route.originUrl) {
    res.writeHead(200, { ...SANDBOX_EDGE_HEADERS, 'content-type': 'text/html; charset=utf-8' });
    res.end(page(route.title ?? route.host, `${route.host} is served through the terminus sandbox edge.`));
    return;
  }
  const target = new URL(req.url ?? '/', route.originUrl);
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host, 'x-forwarded-host': route.host } },
    (up) => {
      res.writeHead(up.statusCode ?? 502, { ...up.headers, ...SANDBOX_EDGE_HEADERS });
      up.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { ...SANDBOX_EDGE_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    res.end(`502 Bad Gateway: the origin of ${route.host} (${route.originUrl}) failed: ${err.message}\n`);
  });
  req.pipe(upstream);
}

function serveInternet(route: SandboxRoute, res: http.ServerResponse): void {
  const profile = COMPETITOR_PROFILES.find((p) => p.id === route.provider);
  const token = randomBytes(8).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
  for (const [k, v] of Object.entries(profile?.headers ?? {})) headers[k] = v.replace('{token}', token);
  if (profile?.cookie) headers['set-cookie'] = profile.cookie.replace('{token}', token).replace('{host}', route.host);
  res.writeHead(200, headers);
  res.end(
    page(
      route.title ?? route.host,
      `${route.host}, now served by ${profile?.name ?? route.provider ?? 'someone else'}.`,
    ),
  );
}

/** Starts the proxy; resolves once it listens. */
export async function startSandboxProxy(options: SandboxProxyOptions): Promise<SandboxProxy> {
  const server = http.createServer((req, res) => {
    const raw = (req.headers.host ?? '').replace(/:\d+$/, '');
    const host = canonicalProviderName(raw);
    options.routes.findRoute(host).then(
      (route) => {
        if (!route) {
          res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', server: SANDBOX_EDGE_HEADERS.server });
          res.end(`421 Misdirected Request: this sandbox serves no site named "${raw}"\n`);
        } else if (route.realm === 'edge') {
          serveEdge(route, req, res);
        } else {
          serveInternet(route, res);
        }
      },
      (err: Error) => {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`503 Service Unavailable: the sandbox could not read its routes: ${err.message}\n`);
      },
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host}:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
