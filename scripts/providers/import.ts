import { existsSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FingerprintDatabaseFile } from '../../src/config/fingerprints';
import { buildDatabase, type BuildInputs } from './build';
import { readCatalog } from './catalog';
import { readAsnFiles, readCdncheck, readManifest, readPublished } from './sources';

/** Reads every local input of the build from the sources folder. */
export function readInputs(sourcesDir: string): BuildInputs {
  const catalog = readCatalog(sourcesDir);
  const manifest = readManifest(sourcesDir);
  const publishedDir = path.join(sourcesDir, 'published');
  const published = new Map<string, string[]>();
  if (existsSync(publishedDir))
    for (const f of readdirSync(publishedDir)
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      const id = f.slice(0, -4);
      const lines = readPublished(sourcesDir, id);
      if (lines) published.set(id, lines);
    }
  return {
    catalog,
    manifest,
    cdncheck: readCdncheck(sourcesDir, manifest),
    asnFiles: readAsnFiles(sourcesDir),
    published,
  };
}

/** Writes a JSON file atomically (a reader never sees half a file). */
export function writeJsonAtomic(file: string, value: unknown): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, file);
}

/** Rebuilds providers.json from the local sources; returns the database and whether the file changed. */
export function rebuild(sourcesDir: string, fingerprintsDir: string): { db: FingerprintDatabaseFile; file: string } {
  const db = buildDatabase(readInputs(sourcesDir));
  const file = path.join(fingerprintsDir, 'providers.json');
  writeJsonAtomic(file, db);
  return { db, file };
}
