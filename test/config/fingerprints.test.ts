import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_FINGERPRINTS_DIR,
  edgeConfigFromEnv,
  loadFingerprintDatabase,
  sourceEntry,
} from '../../src/config/fingerprints';

describe('fingerprint database loading', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fp-'));
    cpSync(DEFAULT_FINGERPRINTS_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  type Json = { providers: Record<string, unknown>[]; sources: Record<string, unknown> };
  const edit = (change: (json: Json) => void) => {
    const file = path.join(dir, 'providers.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as Json;
    change(json);
    writeFileSync(file, JSON.stringify(json));
  };

  it('ships at least 60 providers, with the named alt-tech hosts, clouds and CDNs', () => {
    const db = loadFingerprintDatabase();
    expect(db.providers.length).toBeGreaterThanOrEqual(60);
    const ids = db.providers.map((p) => p.id);
    for (const id of [
      ...['ddos-guard', 'epik', 'bitmitigate', 'njalla', 'orangewebsite', 'sharktech', 'vanwatech', 'skysilk'],
      ...['flokinet', 'stormwall', 'qrator', 'path-net', 'combahton', 'serverius', 'vultr', 'hurricane-electric'],
      ...['alibaba-cloud', 'tencent-cloud', 'arvancloud', 'edgecast', 'leaseweb', 'oracle-cloud', 'cdnetworks'],
      ...['aws', 'azure', 'gcore', 'stackpath', 'bunnycdn', 'linode', 'cloudflare', 'akamai', 'route53'],
    ])
      expect(ids).toContain(id);
  });

  it('gives the providers the issue found without ranges their published or announced prefixes', () => {
    const db = loadFingerprintDatabase();
    const ranges = (id: string) => db.providers.find((p) => p.id === id)!.ipRanges;
    for (const id of ['aws', 'azure', 'gcore', 'bunnycdn', 'sharktech', 'flokinet', 'stormwall', 'qrator'])
      expect(ranges(id).length).toBeGreaterThan(0);
    expect(ranges('ddos-guard')).toEqual(expect.arrayContaining(['45.10.240.0/22', '91.215.40.0/22']));
    expect(ranges('hetzner')).toEqual(expect.arrayContaining(['37.27.0.0/16', '65.21.0.0/16', '94.130.0.0/16']));
    expect(ranges('ovh')).toEqual(expect.arrayContaining(['51.254.0.0/15', '15.204.0.0/16']));
    expect(ranges('digitalocean')).not.toEqual(expect.arrayContaining(['64.225.0.0/16']));
  });

  it('traces every IP range to a dated, licensed source, and none to memory', () => {
    const db = loadFingerprintDatabase();
    for (const p of db.providers) {
      for (const range of p.ipRanges) {
        const from = p.provenance?.[`ip:${range}`] ?? [];
        expect(from.length).toBeGreaterThan(0);
        for (const id of from) {
          const source = sourceEntry(db.sources ?? {}, id);
          expect(source).toMatchObject({ date: expect.stringMatching(/^\d{4}-\d{2}/), licence: expect.any(String) });
          if (source?.kind === 'hand-written') expect(id).toMatch(/^hand-written:https:\/\//);
        }
      }
    }
    expect(readFileSync(path.join(DEFAULT_FINGERPRINTS_DIR, 'providers.json'), 'utf8')).not.toMatch(/memory/i);
  });

  it('appends our edge as the `ours` provider', () => {
    const db = loadFingerprintDatabase({
      edge: { nameservers: ['ns*.edge.test'], ipRanges: [], cnameSuffixes: [], headers: [] },
    });
    expect(db.providers.at(-1)).toMatchObject({ id: 'ours', nameservers: ['ns*.edge.test'] });
  });

  it('names the provider and field of a malformed CIDR', () => {
    edit((json) => {
      json.providers[1]!.ipRanges = [{ source: 'hand-written:https://example.org', ranges: ['300.1.2.0/24'] }];
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(
      /providers\.1\.ipRanges\.0\.ranges\.0: not a valid IPv4\/IPv6 CIDR/,
    );
  });

  it('refuses an entry without evidence, a duplicate id, the reserved id and an unknown source', () => {
    edit((json) => {
      json.providers[0]!.evidence = [];
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(/providers\.0\.evidence: every entry cites its source/);
    edit((json) => {
      json.providers[0]!.evidence = [{ url: 'https://example.org' }];
      json.providers[2]!.id = json.providers[1]!.id;
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(/providers\.2\.id: duplicate id/);
    edit((json) => {
      json.providers[2]!.id = 'ours';
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(/reserved/);
    edit((json) => {
      json.providers[2]!.id = 'renamed';
      json.sources = {};
    });
    expect(() => loadFingerprintDatabase({ dir })).toThrow(
      /providers\.0 \(cloudflare\): source "[^"]+" is not in the sources table/,
    );
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
