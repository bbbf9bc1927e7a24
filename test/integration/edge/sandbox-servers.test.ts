import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import type { Answer } from 'dns-packet';
import { queryDns } from '../../../src/adapters/edge/dns-client';
import { moveToProvider, removeFromInternet } from '../../../src/adapters/sandbox/competitors';
import { startSandboxDns, type SandboxDns } from '../../../src/adapters/sandbox/dns-server';
import { startSandboxProxy, type SandboxProxy } from '../../../src/adapters/sandbox/http-proxy';
import { createDatabaseRouteSource, createDatabaseZoneSource } from '../../../src/adapters/sandbox/sources';
import { putSandboxRoute } from '../../../src/adapters/sandbox/route-repository';
import { putSandboxZone } from '../../../src/adapters/sandbox/zone-repository';
import { seedSandbox } from '../../../src/dev/seed-sandbox';
import { startTestDatabase, type TestDatabase } from '../../support/database';

const run = promisify(execFile);

let tdb: TestDatabase;
let dns: SandboxDns;
let proxy: SandboxProxy;
let origin: http.Server;
let originUrl: string;

function get(host: string, path = '/'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${proxy.url}${path}`, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An answer's data, whatever its record type. */
const data = (a?: Answer): unknown => (a as { data?: unknown } | undefined)?.data;

const server = () => ({ host: '127.0.0.1', port: dns.port });

beforeAll(async () => {
  tdb = await startTestDatabase();
  await seedSandbox(tdb.db);
  dns = await startSandboxDns({ host: '127.0.0.1', port: 0, source: createDatabaseZoneSource(tdb.db) });
  proxy = await startSandboxProxy({ host: '127.0.0.1', port: 0, routes: createDatabaseRouteSource(tdb.db) });
  origin = http.createServer((req, res) => {
    res.writeHead(201, { 'content-type': 'text/plain', 'x-origin': 'yes' });
    res.end(`origin saw ${req.method} ${req.url} for ${String(req.headers['x-forwarded-host'])}`);
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', () => r()));
  originUrl = `http://127.0.0.1:${(origin.address() as { port: number }).port}`;
});

afterAll(async () => {
  await dns?.stop();
  await proxy?.stop();
  if (origin) await new Promise((r) => origin.close(r));
  await tdb?.stop();
});

describe('sandbox DNS server', () => {
  it('answers the seeded zone authoritatively over UDP and TCP', async () => {
    for (const transport of ['udp', 'tcp'] as const) {
      const res = await queryDns(server(), 'forum.example', 'A', { transport });
      expect(res.rcode).toBe('NOERROR');
      expect(res.flag_aa).toBe(true);
      expect(res.answers).toEqual([
        expect.objectContaining({ name: 'forum.example', type: 'A', data: '192.0.2.10', ttl: 300 }),
      ]);
    }
  });

  it('follows a CNAME chain inside known zones, and answers MX, TXT, AAAA, NS and SOA', async () => {
    const www = await queryDns(server(), 'WWW.Forum.Example.', 'A');
    expect(www.answers?.map((a) => [a.name, a.type, data(a)])).toEqual([
      ['www.forum.example', 'CNAME', 'forum.example'],
      ['forum.example', 'A', '192.0.2.10'],
    ]);
    expect(data((await queryDns(server(), 'forum.example', 'MX')).answers?.[0])).toEqual({
      preference: 10,
      exchange: 'mail.forum.example',
    });
    expect(data((await queryDns(server(), 'forum.example', 'TXT')).answers?.[0])).toEqual([
      Buffer.from('v=spf1 mx -all'),
    ]);
    expect(data((await queryDns(server(), 'forum.example', 'AAAA')).answers?.[0])).toBe('2001:db8::10');
    expect((await queryDns(server(), 'forum.example', 'NS')).answers?.map((x) => data(x))).toEqual([
      'ns1.sandbox.terminus.test',
      'ns2.sandbox.terminus.test',
    ]);
    const soa = (await queryDns(server(), 'forum.example', 'SOA')).answers?.[0];
    expect(soa?.type === 'SOA' && soa.data.mname).toBe('ns1.sandbox.terminus.test');
  });

  it('answers NXDOMAIN and NODATA with the SOA in the authority section, REFUSED outside its zones', async () => {
    const nx = await queryDns(server(), 'nope.forum.example', 'A');
    expect([nx.rcode, nx.flag_aa, nx.answers?.length, nx.authorities?.[0]?.type]).toEqual(['NXDOMAIN', true, 0, 'SOA']);
    expect((nx.authorities?.[0] as { ttl?: number } | undefined)?.ttl).toBe(300);
    const nodata = await queryDns(server(), 'forum.example', 'SRV');
    expect([nodata.rcode, nodata.answers?.length, nodata.authorities?.[0]?.type]).toEqual(['NOERROR', 0, 'SOA']);
    const refused = await queryDns(server(), 'unknown.test', 'A');
    expect([refused.rcode, refused.flag_aa]).toEqual(['REFUSED', false]);
  });

  it('serves wildcards and refers delegations', async () => {
    await putSandboxZone(tdb.db, 'internet', {
      name: 'wild.test',
      account: null,
      kind: 'Native',
      rrsets: [
        { name: 'wild.test', type: 'SOA', ttl: 60, records: ['ns.wild.test. h.wild.test. 1 2 3 4 5'] },
        { name: '*.wild.test', type: 'A', ttl: 60, records: ['198.51.100.7'] },
        { name: 'sub.wild.test', type: 'NS', ttl: 60, records: ['ns.elsewhere.test.'] },
      ],
    });
    const wild = await queryDns(server(), 'anything.wild.test', 'A');
    expect(wild.answers).toEqual([expect.objectContaining({ name: 'anything.wild.test', data: '198.51.100.7' })]);
    const referral = await queryDns(server(), 'www.sub.wild.test', 'A');
    expect([referral.rcode, referral.flag_aa, data(referral.authorities?.[0])]).toEqual([
      'NOERROR',
      false,
      'ns.elsewhere.test',
    ]);
  });

  it('is readable with dig (interoperability with a real client)', async () => {
    const { stdout } = await run('dig', [
      '+norec',
      '+short',
      '@127.0.0.1',
      '-p',
      String(dns.port),
      'www.forum.example',
      'A',
    ]);
    expect(stdout.trim().split('\n')).toEqual(['forum.example.', '192.0.2.10']);
    const tcp = await run('dig', ['+tcp', '+norec', '@127.0.0.1', '-p', String(dns.port), 'forum.example', 'MX']);
    expect(tcp.stdout).toMatch(/status: NOERROR/);
    expect(tcp.stdout).toMatch(/flags: qr aa/);
    expect(tcp.stdout).toMatch(/MX\s+10 mail\.forum\.example\./);
  });

  it('plays the internet: a domain moved to a competitor answers with its nameservers and addresses', async () => {
    await moveToProvider(tdb.db, 'elsewhere-forum.example', 'ddos-guard');
    const ns = await queryDns(server(), 'elsewhere-forum.example', 'NS');
    expect(ns.answers?.map((x) => data(x))).toEqual(['ns1.ddos-guard.net', 'ns2.ddos-guard.net']);
    const a = await queryDns(server(), 'www.elsewhere-forum.example', 'A');
    expect(data(a.answers?.at(-1))).toMatch(/^(185\.178\.208|45\.10\.241)\./);
    await moveToProvider(tdb.db, 'elsewhere-forum.example', 'cloudflare');
    const moved = await queryDns(server(), 'elsewhere-forum.example', 'NS');
    expect(moved.answers?.map((x) => data(x))).toEqual(['amy.ns.cloudflare.com', 'rob.ns.cloudflare.com']);
    await removeFromInternet(tdb.db, 'elsewhere-forum.example');
    // Served by nobody now: the seeded registry of the demo TLD answers NXDOMAIN (a fact: dark), not REFUSED.
    const gone = await queryDns(server(), 'elsewhere-forum.example', 'A');
    expect([gone.rcode, gone.authorities?.[0]?.name]).toEqual(['NXDOMAIN', 'example']);
  });
});

describe('sandbox HTTP proxy', () => {
  it('serves our proxied site with the built-in page and our edge headers', async () => {
    const res = await get('forum.example');
    expect(res.status).toBe(200);
    expect(res.headers['x-terminus-edge']).toBe('sandbox');
    expect(res.body).toContain('Demo Forum');
    expect((await get('FORUM.example.:80')).status).toBe(200);
  });

  it('forwards to an origin when the route has one', async () => {
    await putSandboxRoute(tdb.db, {
      realm: 'edge',
      host: 'origin.forum.example',
      account: 'acct-demo',
      provider: null,
      originUrl,
      title: null,
    });
    const res = await get('origin.forum.example', '/thread/1?x=2');
    expect(res.status).toBe(201);
    expect(res.headers['x-origin']).toBe('yes');
    expect(res.headers['x-terminus-edge']).toBe('sandbox');
    expect(res.body).toBe('origin saw GET /thread/1?x=2 for origin.forum.example');
  });

  it('answers an unknown host with 421 naming it', async () => {
    const res = await get('nobody.example');
    expect(res.status).toBe(421);
    expect(res.body).toContain('"nobody.example"');
    expect(res.headers['x-terminus-edge']).toBeUndefined();
  });

  it('answers internet hosts with their provider fingerprint', async () => {
    await moveToProvider(tdb.db, 'gone.example', 'ddos-guard');
    const res = await get('www.gone.example');
    expect(res.status).toBe(200);
    expect(res.headers.server).toBe('ddos-guard');
    expect(String(res.headers['set-cookie'])).toMatch(/^__ddg1_=[0-9a-f]+; Domain=\.www\.gone\.example/);
    expect(res.headers['x-terminus-edge']).toBeUndefined();
  });
});
