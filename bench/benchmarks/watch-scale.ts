import type { Benchmark } from '../lib/types';
import { watchGroupsDetails, watchGroupsFigures, watchGroupsNotes } from '../watch-scale/group-report';
import { parseWatchScaleOptions } from '../watch-scale/options';
import { watchScaleDetails, watchScaleFigures, watchScaleNotes } from '../watch-scale/report';
import { measureWatchGroups } from '../watch-scale/run-watch-groups';
import { measureWatchScale } from '../watch-scale/run-watch-scale';

/**
 * Watching on one worker. `--mode groups` (default, issue 18): 100 group watches of 1,000 domains (`--cases 100`,
 * `--group-size 1000`, `--interval 5m`, `--rounds 3`, `--resolver-rate 2000`, `--probe-concurrency 256`).
 * `--mode domains` (issue 8, benchmark 2 and the watch half of 4): 10,000 concurrent domain watches (`--watches N`,
 * `--window 8m`, `--interval 60s`, `--cutoff-spread 5m`, `--start-concurrency 50`, `--max-cached-workflows 2000`,
 * `--max-activities`, `--max-workflow-tasks`, `--history-scan-limit N`, `--run-length off`,
 * `--run-length-interval 200ms`).
 */
export const benchmark: Benchmark = {
  id: 'watch-scale',
  title: 'Watching domains on one worker',
  issueItem: '18 (groups); 8: 2, 4 (domains)',
  async run(ctx) {
    const options = parseWatchScaleOptions(ctx.options);
    const startedAt = new Date().toISOString();
    if (options.mode === 'groups') {
      const m = await measureWatchGroups(options, ctx);
      return {
        id: 'watch-scale',
        title: `${m.domains.toLocaleString('en-US')} watched domains in ${m.groups} group watches on one worker`,
        startedAt,
        finishedAt: new Date().toISOString(),
        parameters: { mode: options.mode, ...options.groups, workerNodeOptions: options.workerNodeOptions },
        figures: watchGroupsFigures(m),
        details: watchGroupsDetails(m),
        notes: watchGroupsNotes(m),
      };
    }
    const m = await measureWatchScale(options, ctx);
    return {
      id: 'watch-scale',
      title: `${options.watches.toLocaleString('en-US')} concurrent domain watches on one worker`,
      startedAt,
      finishedAt: new Date().toISOString(),
      parameters: { ...options },
      figures: watchScaleFigures(m),
      details: watchScaleDetails(m),
      notes: watchScaleNotes(m),
    };
  },
};
