import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from '../api-env';

/** The OpenAPI document's header; the paths come from the route definitions themselves. */
export const OPENAPI_INFO: Parameters<OpenAPIHono['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: 'terminus API',
    version: '1',
    description:
      'Open, drive and inspect termination cases. Every route except /health, /openapi.json and /docs needs a ' +
      'bearer token (`Authorization: Bearer tmn_...`); the acting principal and its roles come from the token. ' +
      'Errors are RFC 9457 problem documents (`application/problem+json`).',
  },
  servers: [{ url: '/' }],
};

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>terminus API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  persistAuthorization: false,
});
`;

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";

/** `/openapi.json` and a Swagger UI page at `/docs` served from the local `swagger-ui-dist` (works offline). */
export function docsRoutes(app: OpenAPIHono<ApiEnv>): void {
  const dist = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Buffer>();
  let document: unknown;

  const registry = app.openAPIRegistry;
  const publicPath = (path: string, summary: string, type: string) =>
    registry.registerPath({
      method: 'get',
      path,
      tags: ['public'],
      summary,
      responses: { 200: { description: summary, content: { [type]: { schema: { type: 'object' } } } } },
    });
  publicPath('/health', 'Temporal and the database are reachable (no token; for load balancers)', 'application/json');
  publicPath('/openapi.json', 'This document', 'application/json');
  publicPath('/docs', 'Interactive documentation (Swagger UI served locally)', 'text/html');

  app.get('/openapi.json', (c) => {
    document ??= app.getOpenAPI31Document(OPENAPI_INFO);
    return c.json(document);
  });
  app.get('/docs', (c) => c.html(PAGE, 200, { 'content-security-policy': CSP }));
  app.get('/docs/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/docs/:asset', async (c) => {
    const name = c.req.param('asset');
    const type = ASSETS[name];
    if (!type) return c.notFound();
    let data = cache.get(name);
    if (!data) {
      data = await readFile(path.join(dist, name));
      cache.set(name, data);
    }
    return c.body(new Uint8Array(data), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
}
