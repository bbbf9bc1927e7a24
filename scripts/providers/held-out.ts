import { databaseFromFile, type FingerprintDatabaseFile } from '../../src/config/fingerprints';
import { compileFingerprints } from '../../src/domain/fingerprints';
import type { BuildInputs } from './build';
import { evaluate, type Tally } from './evaluate';
import { drawSample } from './sample';

/**
 * Held-out measure, where a provider has more than one address source: the database is rebuilt without one of
 * them, and addresses drawn from that source are classified against what the other sources built. `right` says
 * the other sources cover it; `unknown` is the honest answer when they do not; `wrong` would mean another
 * provider's data claims it.
 */

/** One held-out source's outcome. */
export interface HeldOut {
  provider: string;
  source: string;
  tally: Tally;
}

/** Runs the held-out measure for every provider with two or more IP sources. */
export function heldOutBySource(inputs: BuildInputs, file: FingerprintDatabaseFile, perSource = 40): HeldOut[] {
  const sample = drawSample(inputs, file, { seed: 29, perSource }).filter((s) => s.kind === 'ip' && s.expected);
  const out: HeldOut[] = [];
  for (const p of file.providers.filter((x) => x.ipRanges.length > 1)) {
    for (const set of p.ipRanges) {
      const without: FingerprintDatabaseFile = {
        ...file,
        providers: file.providers.map((x) =>
          x.id === p.id ? { ...x, ipRanges: x.ipRanges.filter((r) => r.source !== set.source) } : x,
        ),
      };
      const items = sample.filter((s) => s.expected === p.id && s.from === set.source);
      if (items.length === 0) continue;
      const result = evaluate(items, compileFingerprints(databaseFromFile(without)));
      out.push({ provider: p.id, source: set.source, tally: result.known });
    }
  }
  return out;
}
