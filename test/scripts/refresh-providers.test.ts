import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_FINGERPRINTS_DIR } from '../../src/config/fingerprints';
import { aggregateCidrs } from '../../scripts/providers/aggregate';
import { buildDatabase } from '../../scripts/providers/build';
import { readInputs } from '../../scripts/providers/import';
import { parsePublished, refreshLiveSources } from '../../scripts/providers/live';
import { DEFAULT_SOURCES_DIR } from '../../scripts/providers/sources';

const offline: typeof fetch = () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }));

function fakeFetch(bodies: Record<string, string>): typeof fetch {
  return (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url).pathname === '/') return Promise.resolve(new Response(null, { status: 200 }));
    const body = bodies[url];
    return Promise.resolve(body === undefined ? new Response('not found', { status: 404 }) : new Response(body));
  };
}

const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const file = path.join(d.parentPath, d.name);
        return [path.relative(dir, file), readFileSync(file, 'utf8')];
      }),
  );

describe('refresh:providers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sources-'));
    cpSync(DEFAULT_SOURCES_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('offline: says so at once and changes nothing', async () => {
    const before = snapshot(dir);
    const report = await refreshLiveSources({ sourcesDir: dir, fetch: offline });
    expect(report.offline).toBe('raw.githubusercontent.com is unreachable (ENOTFOUND)');
    expect(snapshot(dir)).toEqual(before);
  });

  it('rebuilds the committed database byte for byte from the committed sources', () => {
    const built = buildDatabase(readInputs(DEFAULT_SOURCES_DIR));
    expect(`${JSON.stringify(built, null, 2)}\n`).toBe(
      readFileSync(path.join(DEFAULT_FINGERPRINTS_DIR, 'providers.json'), 'utf8'),
    );
    expect(buildDatabase(readInputs(dir)).version).toBe(built.version);
  });

  it('online: writes what arrived, keeps the committed copy of what failed, and the build cites the new lists', async () => {
    const report = await refreshLiveSources({
      sourcesDir: dir,
      now: () => new Date('2027-03-04T10:00:00Z'),
      fetch: fakeFetch({
        'https://api.fastly.com/public-ip-list': JSON.stringify({
          addresses: ['151.101.0.0/16'],
          ipv6_addresses: ['2a04:4e40::/32'],
        }),
        'https://raw.githubusercontent.com/ipverse/asn-ip/master/as/20473/ipv4-aggregated.txt':
          '# vultr\n45.32.0.0/16\n',
      }),
    });
    expect(report.offline).toBeUndefined();
    expect(report.updated).toEqual(['ipverse:AS20473', 'published:fastly']);
    expect(report.kept).toEqual(expect.arrayContaining([{ source: 'cdncheck', why: 'HTTP 404' }]));
    expect(readFileSync(path.join(dir, 'ipverse', 'AS20473.txt'), 'utf8')).toContain(
      '# retrieved: 2027-03-04\n45.32.0.0/16',
    );
    const db = buildDatabase(readInputs(dir));
    const vultr = db.providers.find((p) => p.id === 'vultr')!;
    expect(vultr.ipRanges).toEqual([{ source: 'ipverse:AS20473', ranges: ['45.32.0.0/16'] }]);
    expect(db.sources['ipverse:AS20473']).toMatchObject({ date: '2027-03-04', kind: 'asn-announcements' });
    const fastly = db.providers.find((p) => p.id === 'fastly')!;
    expect(fastly.ipRanges).toContainEqual({
      source: 'published:fastly',
      ranges: ['151.101.0.0/16', '2a04:4e40::/32'],
    });
    expect(db.sources['published:fastly']).toMatchObject({ date: '2027-03-04', kind: 'published-list' });
  });

  it('stops on a cdncheck list nobody mapped, or a CNAME suffix two providers claim', () => {
    const inputs = readInputs(dir);
    inputs.cdncheck.cdn['newcdn'] = ['192.0.2.0/24'];
    expect(() => buildDatabase(inputs)).toThrow(/neither mapped to a provider nor listed under notLoaded.*cdn\/newcdn/);
    const edgecast = readInputs(dir);
    delete edgecast.catalog.providers.find((p) => p.id === 'edgecast')!.cdncheck![0]!.drop;
    expect(() => buildDatabase(edgecast)).toThrow(/CNAME suffix edgesuite\.net is claimed by both akamai and edgecast/);
  });

  it('refuses a hand-written header whose documented example its pattern does not match', () => {
    const file = path.join(dir, 'catalog.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"example": "BunnyCDN-DE1-1013"', '"example": "nginx"'));
    expect(() => buildDatabase(readInputs(dir))).toThrow(/bunnycdn: header example "nginx" does not match/);
  });
});

describe('source parsing', () => {
  it('aggregates without changing the addresses covered', () => {
    expect(
      aggregateCidrs([
        '10.0.0.0/25',
        '10.0.0.128/25',
        '10.0.0.7/32',
        '10.0.2.0/24',
        '2001:db8::/33',
        '2001:db8:8000::/33',
      ]),
    ).toEqual(['10.0.0.0/24', '10.0.2.0/24', '2001:db8::/32']);
  });

  it.each([
    [
      'aws',
      JSON.stringify({ prefixes: [{ ip_prefix: '3.5.140.0/22' }], ipv6_prefixes: [{ ipv6_prefix: '2600:1f00::/24' }] }),
      ['3.5.140.0/22', '2600:1f00::/24'],
    ],
    ['oracle', JSON.stringify({ regions: [{ cidrs: [{ cidr: '129.146.0.0/21' }] }] }), ['129.146.0.0/21']],
    [
      'google',
      JSON.stringify({ prefixes: [{ ipv4Prefix: '8.8.8.0/24' }, { ipv6Prefix: '2001:4860::/32' }] }),
      ['8.8.8.0/24', '2001:4860::/32'],
    ],
    ['json-ip-array', JSON.stringify(['89.187.1.1', '2400:52e0::1']), ['89.187.1.1/32', '2400:52e0::1/128']],
    ['csv-first-column', '# geofeed\n104.131.0.0/18,US,US-NY,New York,10014\n', ['104.131.0.0/18']],
  ] as const)('reads the %s format', (format, body, expected) => {
    expect(parsePublished(format, body)).toEqual(expected);
  });
});
