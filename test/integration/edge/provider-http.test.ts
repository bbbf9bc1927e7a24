import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callProvider } from '../../../src/adapters/edge/provider-http';

// A server that kills the connection of the first request it sees (as Caddy does to a pooled keep-alive
// connection after a config load), then answers normally.
describe('callProvider on a connection closed under it', () => {
  let server: http.Server;
  let url: string;
  let seen = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen++;
      if (seen === 1) {
        req.socket.destroy();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, method: req.method }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  beforeEach(() => {
    seen = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('repeats an idempotent request once and returns the answer', async () => {
    const res = await callProvider({ provider: 'Test', what: 'get thing', method: 'GET', url, timeoutMs: 2000 });
    expect(res.json).toEqual({ ok: true, method: 'GET' });
    expect(seen).toBe(2);
  });

  it('does not repeat a POST: the activity retry policy decides', async () => {
    await expect(
      callProvider({ provider: 'Test', what: 'create thing', method: 'POST', url, body: {}, timeoutMs: 2000 }),
    ).rejects.toMatchObject({ name: 'ProviderUnavailable', message: expect.stringMatching(/create thing failed/) });
    expect(seen).toBe(1);
  });
});
