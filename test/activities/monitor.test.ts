import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createMonitorActivities, type MonitorDeps, type ObserveDomainResult } from '../../src/activities/monitor';
import type { Prober } from '../../src/adapters/probe';
import { loadFingerprintDatabase } from '../../src/config/fingerprints';
import { compileFingerprints, type Observation } from '../../src/domain/fingerprints';
import type { ConfirmedChange } from '../../src/domain/watch';

const fingerprints = compileFingerprints(loadFingerprintDatabase());

const ddosGuard: Observation = {
  domain: 'forum.example',
  observedAt: '2026-11-21T00:00:00.000Z',
  ns: { status: 'ok', records: ['ns1.ddos-guard.net'] },
  soa: { status: 'ok', records: [{ mname: 'ns1.ddos-guard.net', rname: 'h.forum.example', serial: 1 }] },
  a: { status: 'ok', records: ['185.178.208.116'] },
  aaaa: { status: 'nodata' },
  cnameChain: [],
  http: [
    {
      scheme: 'https',
      status: 'ok',
      statusCode: 200,
      headers: { server: 'ddos-guard', 'x-big': 'x'.repeat(200) },
      cookieNames: ['__ddg1_'],
    },
  ],
};

function fakeProber(observation: Observation): Prober & { asked: string[] } {
  const asked: string[] = [];
  return { asked, observe: (domain) => (asked.push(domain), Promise.resolve({ ...observation, domain })) };
}

const change: ConfirmedChange = {
  domain: 'forum.example',
  state: 'ddos-guard',
  provider: 'ddos-guard',
  confidence: 0.97,
  at: '2026-11-21T05:00:00.000Z',
};

describe('monitor activities', () => {
  const env = new MockActivityEnvironment();

  it('observeDomain returns a bounded JSON-safe summary and the verdict', async () => {
    const prober = fakeProber(ddosGuard);
    const acts = createMonitorActivities({ prober, fingerprints });
    const result: ObserveDomainResult = await env.run(acts.observeDomain, { domain: 'Forum.Example' });
    expect(prober.asked).toEqual(['forum.example']);
    expect(result.verdict).toMatchObject({ state: 'elsewhere', provider: 'ddos-guard', role: 'proxy_cdn' });
    expect(result.observation.http).toEqual([
      { scheme: 'https', status: 'ok', statusCode: 200, server: 'ddos-guard', cookieNames: ['__ddg1_'] },
    ]);
    expect(result.observation.soaPrimary).toBe('ns1.ddos-guard.net');
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('observeDomain refuses a malformed domain permanently', async () => {
    const acts = createMonitorActivities({ prober: fakeProber(ddosGuard), fingerprints });
    await expect(env.run(acts.observeDomain, { domain: 'not a domain' })).rejects.toMatchObject({
      type: 'InvalidInput',
      nonRetryable: true,
    });
  });

  describe('notifyProviderChange', () => {
    let server: http.Server;
    let url: string;
    let replies: number[];
    const received: { key: string | undefined; body: unknown }[] = [];
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          received.push({ key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(body) });
          res.writeHead(replies.shift() ?? 204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
      received.length = 0;
      replies = [];
    });
    const deps = (): MonitorDeps => ({
      prober: fakeProber(ddosGuard),
      fingerprints,
      webhook: { url, timeoutMs: 2000 },
    });
    const input = { idempotencyKey: 'watch-forum.example/migration/1', caseId: 'case-1', change, chain: [change] };

    it('posts the change with its idempotency key', async () => {
      const result = await env.run(createMonitorActivities(deps()).notifyProviderChange, input);
      expect(result).toEqual({ delivered: true, status: 204 });
      expect(received).toEqual([{ key: input.idempotencyKey, body: { type: 'migration_detected', ...input } }]);
    });

    it('does nothing when no webhook is configured', async () => {
      const result = await env.run(
        createMonitorActivities({ prober: fakeProber(ddosGuard), fingerprints }).notifyProviderChange,
        input,
      );
      expect(result).toEqual({ delivered: false, reason: 'not_configured' });
      expect(received).toEqual([]);
    });

    it('a 4xx is permanent, a 5xx is retried', async () => {
      replies = [403];
      await expect(env.run(createMonitorActivities(deps()).notifyProviderChange, input)).rejects.toMatchObject({
        type: 'InvalidConfiguration',
        nonRetryable: true,
      });
      replies = [503];
      const failure = env.run(createMonitorActivities(deps()).notifyProviderChange, input);
      await expect(failure).rejects.toThrow('HTTP 503');
      await expect(failure).rejects.not.toMatchObject({ nonRetryable: true });
    });
  });
});
