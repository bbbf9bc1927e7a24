import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

/** A listening API server. */
export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves the app on host:port (0 picks a free port) and resolves once it listens. */
export function startApiServer(app: Pick<Hono, 'fetch'>, host: string, port: number): Promise<ApiServer> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(new Error(`API cannot listen on ${host}:${port}: ${err.message}`));
    const server: ServerType = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      server.off('error', onError);
      resolve({
        url: `http://${host}:${info.port}`,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', onError);
  });
}
