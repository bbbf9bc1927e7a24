/** Cutoff arithmetic (luxon): used by the `resolveCutoff` activity and by the API to check a request at intake. */
export { resolveCutoff, parseInstant, type ResolveCutoffOptions } from './resolve-cutoff';
export { CutoffError, type CutoffErrorCode } from './cutoff-error';
