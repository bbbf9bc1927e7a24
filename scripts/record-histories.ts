// Re-records the committed case histories (test/histories/terminationCase-*.json) from the workflow test
// scenarios: each scenario calls `recordHistory(handle, name)`, which writes only when TERMINUS_RECORD_HISTORIES=1.
// Run after a deliberate change to the workflow (with a patch or a version bump), then commit the new files;
// the replay test (test/replay/replay.test.ts) replays every file against src/workflows/index.ts.
//
//   npx tsx scripts/record-histories.ts            # the case scenarios
//   npx tsx scripts/record-histories.ts test/workflow   # every workflow scenario
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const patterns = process.argv.slice(2);
const targets = patterns.length ? patterns : ['test/workflows/case'];

// Stale files would keep replaying scenarios that no longer exist: remove the case histories being re-recorded.
if (!patterns.length) {
  const dir = path.join(root, 'test', 'histories');
  for (const f of readdirSync(dir).filter((n) => n.startsWith('terminationCase-') && n.endsWith('.json'))) {
    rmSync(path.join(dir, f));
  }
}

const result = spawnSync('npm', ['run', 'test:jest', '--', ...targets], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TERMINUS_RECORD_HISTORIES: '1' },
});
process.exit(result.status ?? 1);
