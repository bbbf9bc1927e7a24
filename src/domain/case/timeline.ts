import type { Role } from '../case-types';
import { CASE_BOUNDS, clip, jsonBytes } from './case-bounds';
import type { CaseState, TimelineEntry, TimelineKind } from './case-state';

/** Timeline entries kept in the state; older ones are dropped (and counted) so a flapping domain cannot grow the
 * state, and with it every continue-as-new payload, without bound. Human decisions are also kept in their own
 * fields, so dropping old timeline lines never loses a decision. */
export const MAX_TIMELINE_ENTRIES = CASE_BOUNDS.timelineEntries;

/** The actor recorded for the workflow's own steps. */
export const SYSTEM_ACTOR = 'system';

/** Appends one entry (who, when, what, why), its texts clipped, and drops the oldest entries while the window is
 * past its count or its encoded size (`case-bounds.ts`). */
export function record(
  state: CaseState,
  at: string,
  kind: TimelineKind,
  summary: string,
  by: { actor?: string; role?: Role; reasons?: string } = {},
): TimelineEntry {
  const max = CASE_BOUNDS.timelineText;
  const entry: TimelineEntry = { at, kind, actor: by.actor ?? SYSTEM_ACTOR, summary: clip(summary, max) };
  if (by.role) entry.role = by.role;
  if (by.reasons) entry.reasons = clip(by.reasons, max);
  state.timeline.push(entry);
  let excess = state.timeline.length - MAX_TIMELINE_ENTRIES;
  let bytes = jsonBytes(state.timeline);
  while (state.timeline.length > 1 && (excess > 0 || bytes > CASE_BOUNDS.timelineBytes)) {
    const dropped = state.timeline.shift()!;
    bytes -= jsonBytes(dropped) + 1;
    excess--;
    state.timelineDropped++;
  }
  return entry;
}
