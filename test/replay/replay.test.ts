import { Worker } from '@temporalio/worker';
import { loadHistories } from '../support/histories';
import { PRELOADED_WORKFLOW_MODULES } from '../../src/worker/create-worker';
import { workflowsPath } from '../support/temporal-env';

// Replays every committed history (test/histories/*.json) against today's workflow code. A change that would
// break a running case on upgrade (a new command, a reordered activity) fails here with a determinism error. The
// bundle is built as production builds it (modules preloaded once and shared by every workflow the context runs),
// and all histories replay in one worker, one after another, so state leaking between workflows would show.
describe('replay of committed histories', () => {
  it('replays every history with zero errors', async () => {
    const stored = await loadHistories();
    expect(stored.length).toBeGreaterThan(0);
    // The replay worker reads proto JSON histories as they are (Worker.validateHistory).
    const histories = stored.map((s) => ({ workflowId: s.name, history: s.history }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowsPath, bundlerOptions: { preloadModules: PRELOADED_WORKFLOW_MODULES } },
      histories,
    )) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(stored.length);
  });

  it('detects a determinism break (negative control: a changed systemCheck must fail)', async () => {
    const stored = (await loadHistories()).filter((s) => s.name.startsWith('systemCheck-'));
    expect(stored.length).toBeGreaterThan(0);
    const changed = require.resolve('./fixtures/changed-workflows');
    const errors: string[] = [];
    for (const s of stored) {
      await Worker.runReplayHistory({ workflowsPath: changed }, s.history, s.name).catch((err: Error) =>
        errors.push(err.name),
      );
    }
    expect(errors).toEqual(stored.map(() => 'DeterminismViolationError'));
  });
});
