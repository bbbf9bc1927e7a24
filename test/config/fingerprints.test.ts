import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_FINGERPRINTS_DIR,
  edgeConfigFromEnv,
  loadFingerprintDatabase,
  loadIpRangeSnapshot,
} from '../../src/config/fingerprints';

describe('fingerprint database loading', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fp-'));
    cpSync(DEFAULT_FINGERPRINTS_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const editProviders = (edit: (json: { providers: Record<string, unknown>[] }) => void) => {
    const file = path.join(dir, 'providers.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { providers: Record<string, unknown>[] };
    edit(json);
    writeFileSync(file, JSON.stringify(json));
  };

  it('ships at least 25 providers, each citing a source, with the named DDoS-protection and no-questions hosts', () => {
    const db = loadFingerprintDatabase();
    expect(db.providers.length).toBeGreaterThanOrEqual(25);
    expect(db.providers.every((p) => p.source.length > 0)).toBe(true);
    const ids = db.providers.map((p) => p.id);
    for (const id of [
      'ddos-guard',
      'epik',
      'bitmitigate',
      'njalla',
      'orangewebsite',
      'sharktech',
      'vanwatech',
      'cloudflare',
      'route53',
    ]) {
      expect(ids).toContain(id);
    }
    expect(db.providers.find((p) => p.id === 'cloudflare')!.ipRanges).toContain('104.16.0.0/13');
  });

  it('merges dated snapshots, each with a date and where to refresh it from', () => {
    const snapshot = loadIpRangeSnapshot(path.join(DEFAULT_FINGERPRINTS_DIR, 'ip-ranges', 'fastly.json'));
    expect(snapshot.snapshotDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(snapshot.sources[0]?.url).toBe('https://api.fastly.com/public-ip-list');
    expect(loadFingerprintDatabase().providers.find((p) => p.id === 'fastly')!.ipRanges).toEqual(
      expect.arrayContaining(snapshot.ranges),
    );
  });

  it('appends our edge as the `ours` provider', () => {
    const db = loadFingerprintDatabase({
      edge: { nameservers: ['ns*.edge.test'], ipRanges: [], cnameSuffixes: [], headers: [] },
    });
    expect(db.providers.at(-1)).toMatchObject({ id: 'ours', nameservers: ['ns*.edge.test'] });
  });

  it('names the provider and field of a malformed CIDR', () => {
    editProviders((json) => {
      json.providers[1]!.ipRanges = ['300.1.2.0/24'];
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(/providers\.1\.ipRanges\.0: not a valid IPv4\/IPv6 CIDR/);
  });

  it('refuses an entry without a source, a duplicate id, and the reserved id', () => {
    editProviders((json) => {
      json.providers[0]!.source = [];
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(/providers\.0\.source: every entry cites its source/);
    editProviders((json) => {
      json.providers[0]!.source = [{ url: 'https://example.org' }];
      json.providers[2]!.id = json.providers[1]!.id;
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(/providers\.2\.id: duplicate id/);
    editProviders((json) => {
      json.providers[2]!.id = 'ours';
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(/reserved/);
  });

  it('names a missing snapshot file', () => {
    editProviders((json) => {
      json.providers[0]!.ipRangeSnapshots = ['nope'];
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(/nope\.json: file not found/);
  });

  it('reads our edge from the environment and rejects a bad range', () => {
    const edge = edgeConfigFromEnv({
      TERMINUS_EDGE_NAMESERVERS: 'ns1.edge.test, ns2.edge.test',
      TERMINUS_EDGE_IP_RANGES: '185.236.200.0/24',
      TERMINUS_EDGE_HEADERS: 'X-Edge, server=^terminus',
    });
    expect(edge).toEqual({
      nameservers: ['ns1.edge.test', 'ns2.edge.test'],
      ipRanges: ['185.236.200.0/24'],
      cnameSuffixes: [],
      headers: [{ name: 'x-edge' }, { name: 'server', pattern: '^terminus' }],
    });
    expect(() => edgeConfigFromEnv({ TERMINUS_EDGE_IP_RANGES: 'nope' })).toThrow(/TERMINUS_EDGE_IP_RANGES: "nope"/);
  });
});
