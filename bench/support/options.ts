/**
 * `--key value` options of my benchmarks (all strings from the runner), parsed with errors that name the option.
 * Unknown keys are refused, so a typo never silently runs the default.
 */

/** `90s`, `5m`, `1500ms`, `2h` or a bare number of milliseconds. */
export function parseDuration(text: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m?.[1]) throw new Error(`--${name}: "${text}" is not a duration (e.g. 90s, 5m, 1500ms)`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * factor);
}

/** An integer of at least `min` (and at most `max`). */
export function parseInteger(text: string, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name}: "${text}" must be an integer from ${min} to ${max}`);
  }
  return n;
}

/** A number between 0 and 1. */
export function parseShare(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`--${name}: "${text}" must be a number from 0 to 1`);
  return n;
}

/** Throws when `options` has a key not in `known`. */
export function refuseUnknown(options: Record<string, string>, known: readonly string[], benchmark: string): void {
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw new Error(
      `${benchmark}: unknown option(s) ${unknown.map((k) => `--${k}`).join(', ')} (known: ${known.join(', ')})`,
    );
  }
}

/** `TERMINUS_WORKER_*` settings from the shared worker options (both workers of a benchmark get the same). */
export function workerEnvFrom(options: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  if (options['max-cached-workflows'] !== undefined) {
    env.TERMINUS_WORKER_MAX_CACHED_WORKFLOWS = String(
      parseInteger(options['max-cached-workflows'], 'max-cached-workflows', 0),
    );
  }
  if (options['max-activities'] !== undefined) {
    env.TERMINUS_WORKER_MAX_ACTIVITIES = String(parseInteger(options['max-activities'], 'max-activities', 1));
  }
  if (options['max-workflow-tasks'] !== undefined) {
    env.TERMINUS_WORKER_MAX_WORKFLOW_TASKS = String(
      parseInteger(options['max-workflow-tasks'], 'max-workflow-tasks', 1),
    );
  }
  return env;
}

/** The worker option keys {@link workerEnvFrom} reads. */
export const WORKER_OPTION_KEYS = ['max-cached-workflows', 'max-activities', 'max-workflow-tasks'] as const;
