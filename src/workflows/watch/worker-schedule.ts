import type { WatchScheduleOverride } from '../../activities/monitor';
import type { WatchSettings } from '../../domain/watch';

/**
 * The settings with the worker's schedule override (from an activity result, so recorded in history and replayed
 * the same) between the defaults and the watch's own input settings, which stay the most specific. A nonsensical
 * override is ignored.
 */
export function withWorkerSchedule<T extends WatchSettings>(
  defaults: T,
  schedule: WatchScheduleOverride | undefined,
  own: Partial<T> | undefined,
): T {
  const fast = schedule?.fastIntervalMs;
  const override = typeof fast === 'number' && Number.isFinite(fast) && fast >= 1000 ? { fastIntervalMs: fast } : {};
  return { ...defaults, ...override, ...own };
}
