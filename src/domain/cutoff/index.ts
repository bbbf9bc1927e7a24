/** Cutoff arithmetic (luxon): used by the `resolveCutoff` activity and by the API to check a request at intake. */
export { resolveCutoff, requestedCutoff, parseInstant, type ResolveCutoffOptions } from './resolve-cutoff';
export { CutoffError, type CutoffErrorCode } from './cutoff-error';
export {
  cutoffOutsideWindow,
  instantOutsideWindow,
  CUTOFF_PAST_GRACE_MS,
  DEFAULT_CUTOFF_MAX_AHEAD_MS,
  DEFAULT_CUTOFF_RULES,
  type CutoffWindowRules,
} from './cutoff-window';
