import type { Role } from '../case-types';
import type { CaseState, TimelineEntry, TimelineKind } from './case-state';

/** Timeline entries kept in the state; older ones are dropped (and counted) so a flapping domain cannot grow the
 * state, and with it every continue-as-new payload, without bound. Human decisions are also kept in their own
 * fields, so dropping old timeline lines never loses a decision. */
export const MAX_TIMELINE_ENTRIES = 300;

/** The actor recorded for the workflow's own steps. */
export const SYSTEM_ACTOR = 'system';

/** Appends one entry (who, when, what, why). */
export function record(
  state: CaseState,
  at: string,
  kind: TimelineKind,
  summary: string,
  by: { actor?: string; role?: Role; reasons?: string } = {},
): TimelineEntry {
  const entry: TimelineEntry = { at, kind, actor: by.actor ?? SYSTEM_ACTOR, summary };
  if (by.role) entry.role = by.role;
  if (by.reasons) entry.reasons = by.reasons;
  state.timeline.push(entry);
  const excess = state.timeline.length - MAX_TIMELINE_ENTRIES;
  if (excess > 0) {
    state.timeline.splice(0, excess);
    state.timelineDropped += excess;
  }
  return entry;
}
