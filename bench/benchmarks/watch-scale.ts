import type { Benchmark } from '../lib/types';
import { parseWatchScaleOptions } from '../watch-scale/options';
import { watchScaleDetails, watchScaleFigures, watchScaleNotes } from '../watch-scale/report';
import { measureWatchScale } from '../watch-scale/run-watch-scale';

/**
 * Issue 8, benchmark 2 (and the watch half of 4): 10,000 concurrent domain watches on one worker. Options:
 * `--watches N`, `--window 8m`, `--interval 60s`, `--cutoff-spread 5m`, `--start-concurrency 50`,
 * `--max-cached-workflows 2000`, `--max-activities`, `--max-workflow-tasks`, `--history-scan-limit N`,
 * `--run-length off`, `--run-length-interval 200ms`.
 */
export const benchmark: Benchmark = {
  id: 'watch-scale',
  title: '10,000 concurrent domain watches on one worker',
  issueItem: '2, 4 (per watch run)',
  async run(ctx) {
    const options = parseWatchScaleOptions(ctx.options);
    const startedAt = new Date().toISOString();
    const m = await measureWatchScale(options, ctx);
    return {
      id: 'watch-scale',
      title: this.title,
      startedAt,
      finishedAt: new Date().toISOString(),
      parameters: { ...options },
      figures: watchScaleFigures(m),
      details: watchScaleDetails(m),
      notes: watchScaleNotes(m),
    };
  },
};
