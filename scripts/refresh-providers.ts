/**
 * `npm run refresh:providers [-- --offline]`: refreshes the provider fingerprint database.
 *
 * Online (the default): fetches the live sources (cdncheck, ipverse for every ASN in the catalog, the providers'
 * own published lists) into data/provider-sources/, then rebuilds data/fingerprints/providers.json from them.
 * Without network it says so within a few seconds and changes nothing. `--offline` rebuilds from the committed
 * source files only (deterministic: the same files give the same database).
 */
import path from 'node:path';
import { DEFAULT_FINGERPRINTS_DIR } from '../src/config/fingerprints';
import { rebuild } from './providers/import';
import { refreshLiveSources } from './providers/live';
import { DEFAULT_SOURCES_DIR } from './providers/sources';

async function main(argv: string[]): Promise<number> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sourcesDir = path.resolve(arg('--sources') ?? DEFAULT_SOURCES_DIR);
  const fingerprintsDir = path.resolve(arg('--dir') ?? DEFAULT_FINGERPRINTS_DIR);
  if (!argv.includes('--offline')) {
    const live = await refreshLiveSources({ sourcesDir, log: (m) => console.log(m) });
    if (live.offline) {
      console.log(
        `offline: ${live.offline}. Nothing was changed; the committed snapshot stays as it is. ` +
          'Run `npm run refresh:providers -- --offline` to rebuild from the committed source files.',
      );
      return 0;
    }
  }
  const { db, file } = rebuild(sourcesDir, fingerprintsDir);
  const ranges = db.providers.reduce((n, p) => n + p.ipRanges.reduce((m, s) => m + s.ranges.length, 0), 0);
  console.log(
    `${path.relative(process.cwd(), file)}: version ${db.version}, ${db.providers.length} providers, ${ranges} IP ranges, ${Object.keys(db.sources).length} sources`,
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      console.error(`refresh:providers failed, nothing written: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
