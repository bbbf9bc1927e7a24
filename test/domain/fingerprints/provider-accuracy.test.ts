// The measure: real signals sampled from the source files (random addresses inside each provider's
// prefixes as published, random names under each CNAME suffix, the documented nameserver, header and cookie
// examples, each ASN), classified by `terminus classify`'s own line classifier. Negative samples come from
// providers the database does not load, documentation ranges and signals that identify nobody.
import { loadFingerprintDatabase } from '../../../src/config/fingerprints';
import { compileFingerprints } from '../../../src/domain/fingerprints';
import { classifyLine } from '../../../src/cli/commands/providers';
import { buildDatabase } from '../../../scripts/providers/build';
import { evaluate } from '../../../scripts/providers/evaluate';
import { heldOutBySource } from '../../../scripts/providers/held-out';
import { readInputs } from '../../../scripts/providers/import';
import { drawSample } from '../../../scripts/providers/sample';
import { DEFAULT_SOURCES_DIR } from '../../../scripts/providers/sources';

const inputs = readInputs(DEFAULT_SOURCES_DIR);
const file = buildDatabase(inputs);
const compiled = compileFingerprints(loadFingerprintDatabase());
const sample = drawSample(inputs, file, { seed: 17, perSource: 40 });
const result = evaluate(sample, compiled);

describe('provider classification accuracy on real signals', () => {
  it('the committed database is what the importer builds from the committed sources', () => {
    expect(file.version).toBe(compiled.version);
  });

  it('samples every provider in the database', () => {
    expect(Object.keys(result.perProvider).sort()).toEqual(file.providers.map((p) => p.id).sort());
    expect(result.known.total).toBeGreaterThan(1000);
  });

  it('is right for at least 90% and wrong for at most 0.5% of the known providers, overall and each', () => {
    expect(result.mistakes).toEqual([]);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
    expect(result.wrongShare).toBeLessThanOrEqual(0.005);
    for (const [id, t] of Object.entries(result.perProvider)) {
      expect({ id, right: t.right / t.total >= 0.9 }).toEqual({ id, right: true });
      expect({ id, wrong: t.wrong / t.total }).toEqual({ id, wrong: 0 });
    }
  });

  it('attributes nothing to a provider it does not know', () => {
    expect(result.unknownProviders.total).toBeGreaterThan(100);
    expect(result.unknownProviders.wrong).toBe(0);
  });

  it('held out: addresses of a source left out of the build are never named as another provider', () => {
    const heldOut = heldOutBySource(inputs, file);
    expect(heldOut.map((h) => h.provider)).toEqual(
      expect.arrayContaining(['ddos-guard', 'google-cloud', 'arvancloud']),
    );
    expect(heldOut.filter((h) => h.tally.wrong > 0)).toEqual([]);
    const google = heldOut.find((h) => h.source === 'cdncheck:cdn/google')!.tally;
    expect(google.right + google.unknown).toBe(google.total);
  });

  it("reads OVH's half of DigitalOcean's old /16 as OVH (the issue's wrong attribution)", () => {
    const verdict = (ip: string) => classifyLine(JSON.stringify({ ip }), 1, compiled);
    expect(verdict('64.225.245.10')).toMatchObject({ provider: 'ovh' });
    expect(verdict('64.225.1.1')).toMatchObject({ provider: 'digitalocean' });
    expect(verdict('45.10.241.7')).toMatchObject({ provider: 'ddos-guard' });
    expect(verdict('37.27.4.4')).toMatchObject({ provider: 'hetzner' });
  });
});
