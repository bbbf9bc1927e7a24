import type { CutoffRequest } from '../case-types';
import type { AmbiguousLocalTimeRule, NonexistentLocalTimeRule } from '../policy/policy-types';
import { requestedCutoff } from './resolve-cutoff';

/**
 * The policy's window for a requested cutoff: from now to a maximum ahead (default 90 days). A cutoff in the past
 * used to be raised silently to "now plus the minimum notice", and one in the year 10000 was accepted and then
 * wedged the case when written to the `TerminusCutoff` datetime search attribute. The API's service checks a request
 * against this window before the case starts (400 with the reason), and the workflow again when it opens.
 */

/** A cutoff this far ahead is the most the default policy accepts. */
export const DEFAULT_CUTOFF_MAX_AHEAD_MS = 90 * 24 * 3_600_000;
/** How far in the past a cutoff may lie and still count as "now": the clocks of the API and the worker differ, and a
 * request takes a moment to reach the workflow. */
export const CUTOFF_PAST_GRACE_MS = 60_000;

/** What the window check needs: the policy's DST rules (a local date resolves through them) and its maximum. */
export interface CutoffWindowRules {
  nonexistentLocalTime: NonexistentLocalTimeRule;
  ambiguousLocalTime: AmbiguousLocalTimeRule;
  /** Absent (documents and cases from before the window): {@link DEFAULT_CUTOFF_MAX_AHEAD_MS}. */
  maxAhead?: { iso: string; ms: number };
}

/** The default rules, for an edge that was given no policy document. */
export const DEFAULT_CUTOFF_RULES: CutoffWindowRules = {
  nonexistentLocalTime: 'shift_forward',
  ambiguousLocalTime: 'earlier',
};

/**
 * Why a requested cutoff lies outside the policy's window at `nowMs`, or null. Throws `CutoffError` for a request
 * that cannot resolve at all (unknown zone, malformed time), which keeps its own failure type.
 */
export function cutoffOutsideWindow(request: CutoffRequest, nowMs: number, rules: CutoffWindowRules): string | null {
  const requested = requestedCutoff(request, { ...rules, noticeAt: new Date(nowMs).toISOString() });
  return instantOutsideWindow(requested.epochMs, nowMs, rules);
}

/** The same check on an instant already resolved (the workflow's re-check of its intake activity's answer). */
export function instantOutsideWindow(epochMs: number, nowMs: number, rules: CutoffWindowRules): string | null {
  const max = rules.maxAhead ?? { iso: 'P90D', ms: DEFAULT_CUTOFF_MAX_AHEAD_MS };
  const at = Number.isFinite(epochMs) && Math.abs(epochMs) <= 8.64e15 ? new Date(epochMs).toISOString() : 'invalid';
  if (!(epochMs >= nowMs - CUTOFF_PAST_GRACE_MS)) {
    return `cutoff ${at} is in the past (now is ${new Date(nowMs).toISOString()}); give a cutoff from now on`;
  }
  if (epochMs > nowMs + max.ms) {
    return (
      `cutoff ${at} is further ahead than the policy allows (at most ${max.iso} from now, until ` +
      `${new Date(nowMs + max.ms).toISOString()}); give an earlier cutoff`
    );
  }
  return null;
}
