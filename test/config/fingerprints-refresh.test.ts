import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_FINGERPRINTS_DIR,
  loadFingerprintDatabase,
  loadIpRangeSnapshot,
} from '../../src/config/fingerprints';
import { parseSource, refreshIpRanges } from '../../scripts/refresh-ip-ranges';

const offline: typeof fetch = () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }));

function fakeFetch(bodies: Record<string, string>): typeof fetch & { urls: string[] } {
  const urls: string[] = [];
  const f = (input: string | URL | Request): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    urls.push(url);
    const body = bodies[url];
    return body === undefined ? offline(url) : Promise.resolve(new Response(body, { status: 200 }));
  };
  return Object.assign(f, { urls });
}

const snapshotFiles = (dir: string) =>
  Object.fromEntries(
    readdirSync(path.join(dir, 'ip-ranges')).map((f) => [f, readFileSync(path.join(dir, 'ip-ranges', f), 'utf8')]),
  );

describe('refresh-ip-ranges', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ranges-'));
    cpSync(DEFAULT_FINGERPRINTS_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('offline: fails naming every unreachable source and changes nothing', async () => {
    const before = { ...snapshotFiles(dir), providers: readFileSync(path.join(dir, 'providers.json'), 'utf8') };
    await expect(refreshIpRanges({ dir, fetch: offline })).rejects.toThrow(
      /nothing was changed[\s\S]*cloudflare\.json: https:\/\/www\.cloudflare\.com\/ips-v4: cannot reach it \(ENOTFOUND\); are we offline\?/,
    );
    expect({ ...snapshotFiles(dir), providers: readFileSync(path.join(dir, 'providers.json'), 'utf8') }).toEqual(
      before,
    );
  });

  it('one failing source of a snapshot fails the whole run', async () => {
    const before = snapshotFiles(dir);
    const f = fakeFetch({ 'https://www.cloudflare.com/ips-v4': '104.16.0.0/13\n' });
    await expect(refreshIpRanges({ dir, fetch: f, only: ['cloudflare'] })).rejects.toThrow(/ips-v6: cannot reach it/);
    expect(snapshotFiles(dir)).toEqual(before);
  });

  it('rejects a list with entries that are not CIDRs', async () => {
    const f = fakeFetch({
      'https://api.fastly.com/public-ip-list': JSON.stringify({
        addresses: ['151.101.0.0/16', '<html>'],
        ipv6_addresses: [],
      }),
    });
    await expect(refreshIpRanges({ dir, fetch: f, only: ['fastly'] })).rejects.toThrow(
      /1 entries are not CIDRs \(first: "<html>"\)/,
    );
  });

  it("online: writes the new list with today's date and bumps the database version", async () => {
    const f = fakeFetch({
      'https://www.cloudflare.com/ips-v4': '# comment\n104.16.0.0/13\n172.64.0.0/13\n',
      'https://www.cloudflare.com/ips-v6': '2606:4700::/32\n',
    });
    const report = await refreshIpRanges({
      dir,
      fetch: f,
      only: ['cloudflare'],
      now: () => new Date('2027-03-04T10:00:00Z'),
    });
    expect(report.updated).toEqual([{ file: 'cloudflare.json', before: 22, after: 3 }]);
    expect(report.version).toBe('2027-03-04.1');
    const snapshot = loadIpRangeSnapshot(path.join(dir, 'ip-ranges', 'cloudflare.json'));
    expect(snapshot).toMatchObject({
      snapshotDate: '2027-03-04',
      ranges: ['104.16.0.0/13', '172.64.0.0/13', '2606:4700::/32'],
    });
    const db = loadFingerprintDatabase({ dir });
    expect(db.version).toBe('2027-03-04.1');
    expect(db.providers.find((p) => p.id === 'cloudflare')!.ipRanges).toEqual([
      '104.16.0.0/13',
      '172.64.0.0/13',
      '2606:4700::/32',
    ]);
  });

  it('keeps a documentation-only list as it is', async () => {
    const report = await refreshIpRanges({ dir, fetch: offline, only: ['sucuri'] });
    expect(report.skipped).toEqual([{ file: 'sucuri.json', why: expect.stringContaining('manual') }]);
    expect(report.version).toBeNull();
  });

  it.each([
    [
      'fastly',
      JSON.stringify({ addresses: ['151.101.0.0/16'], ipv6_addresses: ['2a04:4e40::/32'] }),
      ['151.101.0.0/16', '2a04:4e40::/32'],
    ],
    [
      'cloudfront',
      JSON.stringify({
        CLOUDFRONT_GLOBAL_IP_LIST: ['13.32.0.0/15'],
        CLOUDFRONT_REGIONAL_EDGE_IP_LIST: ['3.10.17.128/25'],
      }),
      ['13.32.0.0/15', '3.10.17.128/25'],
    ],
    [
      'google',
      JSON.stringify({ prefixes: [{ ipv4Prefix: '8.8.8.0/24' }, { ipv6Prefix: '2001:4860::/32' }] }),
      ['8.8.8.0/24', '2001:4860::/32'],
    ],
    [
      'imperva',
      JSON.stringify({ ipRanges: ['45.60.0.0/16'], ipv6Ranges: ['2a02:e980::/29'] }),
      ['45.60.0.0/16', '2a02:e980::/29'],
    ],
    ['ripestat', JSON.stringify({ data: { prefixes: [{ prefix: '88.198.0.0/16' }] } }), ['88.198.0.0/16']],
    ['csv-first-column', '# geofeed\n104.131.0.0/18,US,US-NY,New York,10014\n', ['104.131.0.0/18']],
  ] as const)('parses the %s format', (format, body, expected) => {
    expect(parseSource(format, body)).toEqual(expected);
  });
});
