// The grouped webhook: one call per provider change of a group, naming every affected domain, with the alert's
// idempotency key; nothing without a configured webhook; a refusal is permanent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWatchGroupActivities, type WatchGroupDeps } from '../../src/activities/monitor-group';
import { loadFingerprintDatabase } from '../../src/config/fingerprints';
import type { Database } from '../../src/db/database';
import { compileFingerprints } from '../../src/domain/fingerprints';

describe('notifyGroupChange', () => {
  let server: http.Server;
  let url: string;
  let replies: number[] = [];
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

  const deps = (webhook?: WatchGroupDeps['webhook']): WatchGroupDeps => ({
    // The webhook never touches the database or the probe.
    db: {} as Database,
    probers: [{ resolver: 'r', prober: { observe: () => Promise.reject(new Error('not used')) } }],
    fingerprints: compileFingerprints(loadFingerprintDatabase()),
    ...(webhook ? { webhook } : {}),
  });
  const input = {
    idempotencyKey: 'watch-group-case-acct-1/run-1/migration/1',
    caseId: 'case-acct',
    state: 'ddos-guard',
    provider: 'ddos-guard',
    at: '2026-12-04T00:20:00.000Z',
    domains: ['a.example', 'b.example', 'c.example'],
  };

  it('posts one event naming every affected domain, with the idempotency key', async () => {
    const result = await createWatchGroupActivities(deps({ url, timeoutMs: 2000 })).notifyGroupChange(input);
    expect(result).toEqual({ delivered: true, status: 204 });
    expect(received).toEqual([
      {
        key: input.idempotencyKey,
        body: {
          type: 'migration_detected',
          idempotencyKey: input.idempotencyKey,
          caseId: 'case-acct',
          change: { state: 'ddos-guard', provider: 'ddos-guard', at: input.at },
          domains: input.domains,
        },
      },
    ]);
  });

  it('does nothing without a webhook, and treats a refusal as permanent', async () => {
    received.length = 0;
    expect(await createWatchGroupActivities(deps()).notifyGroupChange(input)).toEqual({
      delivered: false,
      reason: 'not_configured',
    });
    expect(received).toEqual([]);
    replies = [410];
    await expect(createWatchGroupActivities(deps({ url })).notifyGroupChange(input)).rejects.toMatchObject({
      type: 'InvalidConfiguration',
      nonRetryable: true,
    });
  });
});
