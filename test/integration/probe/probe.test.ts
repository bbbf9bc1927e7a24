import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProber, parseResolverAddress, type Prober } from '../../../src/adapters/probe';
import { loadFingerprintDatabase } from '../../../src/config/fingerprints';
import { classify, compileFingerprints } from '../../../src/domain/fingerprints';
import { startScriptedInternet, TEST_EDGE, type ScriptedInternet } from '../../support/scripted-internet';

const db = compileFingerprints(loadFingerprintDatabase({ edge: TEST_EDGE }));

describe('probe against a local DNS and HTTP internet', () => {
  let internet: ScriptedInternet;
  let prober: Prober;
  beforeAll(async () => {
    internet = await startScriptedInternet();
    prober = createProber({
      resolvers: [internet.resolver],
      dnsTimeoutMs: 300,
      dnsAttempts: 1,
      httpTimeoutMs: 1000,
      schemes: ['http'],
      connectTo: internet.connectTo,
    });
  });
  afterAll(() => internet.stop());

  it('observes a site behind DDoS-Guard: delegation, address, headers and cookie names', async () => {
    internet.moveTo('forum.example', 'ddos-guard');
    const o = await prober.observe('Forum.Example.');
    expect(o.domain).toBe('forum.example');
    expect(o.ns).toEqual({ status: 'ok', records: ['ns1.ddos-guard.net', 'ns2.ddos-guard.net'] });
    expect(o.soa).toMatchObject({ status: 'ok', records: [{ mname: 'ns1.ddos-guard.net' }] });
    expect(o.a.status).toBe('ok');
    expect(o.aaaa).toEqual({ status: 'nodata' });
    expect(o.http).toEqual([
      expect.objectContaining({ scheme: 'http', status: 'ok', statusCode: 200, cookieNames: ['__ddg1_'] }),
    ]);
    expect(JSON.stringify(o)).not.toMatch(/__ddg1_=/); // cookie values are never kept
    expect(classify(o, db)).toMatchObject({ state: 'elsewhere', provider: 'ddos-guard', role: 'proxy_cdn' });
  });

  it('observes a site behind Cloudflare over IPv4 and IPv6', async () => {
    internet.moveTo('board.example', 'cloudflare');
    const o = await prober.observe('board.example');
    expect(o.aaaa).toMatchObject({ status: 'ok', records: ['2606:4700:3031::6815:3007'] });
    expect(classify(o, db)).toMatchObject({ state: 'elsewhere', provider: 'cloudflare', ambiguous: false });
  });

  it('follows a CNAME chain across zones to the CDN', async () => {
    internet.putZone('shop.example', [
      {
        name: 'shop.example',
        type: 'SOA',
        ttl: 300,
        records: ['ns1.example-dns.net. h.shop.example. 1 7200 3600 1209600 300'],
      },
      { name: 'www.shop.example', type: 'CNAME', ttl: 300, records: ['www.shop.example.edgekey.net.'] },
    ]);
    internet.putZone('edgekey.net', [
      { name: 'www.shop.example.edgekey.net', type: 'CNAME', ttl: 300, records: ['e1.a.akamaiedge.net.'] },
    ]);
    internet.putZone('akamaiedge.net', [{ name: 'e1.a.akamaiedge.net', type: 'A', ttl: 20, records: ['23.45.6.7'] }]);
    const o = await prober.observe('www.shop.example');
    expect(o.cnameChain).toEqual(['www.shop.example.edgekey.net', 'e1.a.akamaiedge.net']);
    expect(o.a).toEqual({ status: 'ok', records: ['23.45.6.7'] });
    expect(classify(o, db).provider).toBe('akamai');
  });

  it('records NXDOMAIN as a fact: dark, and no HTTP request is made', async () => {
    internet.moveTo('gone.example', 'cloudflare');
    internet.remove('gone.example');
    const o = await prober.observe('gone.example');
    expect([o.ns.status, o.a.status, o.aaaa.status]).toEqual(['nxdomain', 'nxdomain', 'nxdomain']);
    expect(o.http).toEqual([]);
    expect(classify(o, db).state).toBe('dark');
  });

  it('records NODATA as a fact (a delegated name with no address)', async () => {
    internet.putZone('onion-only.example', [
      {
        name: 'onion-only.example',
        type: 'SOA',
        ttl: 300,
        records: ['1-you.njalla.no. h.onion-only.example. 1 7200 3600 1209600 300'],
      },
      { name: 'onion-only.example', type: 'NS', ttl: 300, records: ['1-you.njalla.no.'] },
      { name: 'onion-only.example', type: 'TXT', ttl: 300, records: ['"onion=abcdefghijklmnop.onion"'] },
    ]);
    const o = await prober.observe('onion-only.example');
    expect(o.a).toEqual({ status: 'nodata' });
    expect(classify(o, db)).toMatchObject({ state: 'dark', roles: { dns: { provider: 'njalla' } } });
  });

  it('records SERVFAIL as unknown, never as dark', async () => {
    internet.moveTo('flaky.example', 'ddos-guard');
    internet.fault('flaky.example', 'servfail');
    const o = await prober.observe('flaky.example');
    expect(o.a).toEqual({ status: 'unknown', reason: 'servfail' });
    expect(classify(o, db).state).toBe('unknown');
    internet.fault('flaky.example', null);
  });

  it('records a silent server as a timeout within the configured bound', async () => {
    internet.fault('silent.example', 'timeout');
    const started = Date.now();
    const o = await prober.observe('silent.example');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(o.a).toMatchObject({ status: 'unknown', reason: 'timeout' });
    expect(classify(o, db).state).toBe('unknown');
    internet.fault('silent.example', null);
  });

  it('recognises our own edge', async () => {
    internet.serveOnOurEdge('ours.example');
    const o = await prober.observe('ours.example');
    expect(o.http[0]).toMatchObject({
      status: 'ok',
      headers: expect.objectContaining({ 'x-terminus-edge': 'sandbox' }),
    });
    expect(classify(o, db)).toMatchObject({ state: 'ours', provider: 'ours' });
  });

  it('tells a refused HTTP connection (a fact) from one that never answers (unknown)', async () => {
    internet.moveTo('web.example', 'njalla');
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const base = {
        resolvers: [internet.resolver],
        dnsTimeoutMs: 300,
        dnsAttempts: 1,
        httpTimeoutMs: 300,
        schemes: ['http' as const],
      };
      const refused = await createProber({ ...base, connectTo: { host: '127.0.0.1', port: closedPort } }).observe(
        'web.example',
      );
      expect(refused.http).toEqual([expect.objectContaining({ status: 'refused' })]);
      expect(classify(refused, db).state).toBe('dark');
      const silent = await createProber({
        ...base,
        connectTo: { host: '127.0.0.1', port: (hanging.address() as AddressInfo).port },
      }).observe('web.example');
      expect(silent.http).toEqual([expect.objectContaining({ status: 'unknown', reason: 'timeout' })]);
      expect(classify(silent, db).state).toBe('unknown');
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('rejects a malformed resolver or domain with a clear message', async () => {
    expect(parseResolverAddress('[::1]:5353')).toEqual({ host: '::1', port: 5353 });
    expect(parseResolverAddress('127.0.0.1')).toEqual({ host: '127.0.0.1', port: 53 });
    expect(() => parseResolverAddress('127.0.0.1:99999')).toThrow(/out of range/);
    expect(() => createProber({ resolvers: ['a b'] })).toThrow(/resolver "a b"/);
    await expect(prober.observe('not a domain')).rejects.toThrow(/is not a domain name/);
  });
});
