import { DateTime, IANAZone } from 'luxon';
import type { CutoffRequest, ResolvedCutoff } from '../case-types';
import type { AmbiguousLocalTimeRule, NonexistentLocalTimeRule } from '../policy/policy-types';
import { CutoffError } from './cutoff-error';
import {
  localDateOf,
  localToInstant,
  nextDay,
  parseLocalDate,
  parseTimeOfDay,
  renderLocal,
  requireZone,
  type LocalInstant,
} from './local-time';

/**
 * Cutoff arithmetic. Called only from an activity: the result is persisted in history, so a replay (on a
 * worker with other tz data, or in another zone) never recomputes it.
 *
 * Rules, in order:
 * 1. An `instant` request is that instant. A `local` request with a `date` is that wall-clock time on that local
 *    date; without a date it is the first occurrence of that wall-clock time strictly after the notice
 *    ("00:00 tonight" for a notice sent on a Sunday evening is Monday 00:00 local).
 * 2. Nonexistent and ambiguous local times follow the policy's rules (see `local-time.ts`).
 * 3. The cutoff is never earlier than `minimumNoticeMs` after the notice: an earlier result is raised to exactly
 *    that instant (`raised_to_minimum_notice`), still rendered in the requested zone.
 * 4. An expedited cutoff (two approvers, imminent threat) is the notice instant itself (`expedited`).
 */

/** What the arithmetic needs besides the request. */
export interface ResolveCutoffOptions {
  /** When the notice is sent (ISO instant). */
  noticeAt: string;
  minimumNoticeMs: number;
  nonexistentLocalTime: NonexistentLocalTimeRule;
  ambiguousLocalTime: AmbiguousLocalTimeRule;
  expedited?: boolean;
}

/** Resolves a cutoff request; throws {@link CutoffError} with a message naming what is wrong. */
export function resolveCutoff(request: CutoffRequest, options: ResolveCutoffOptions): ResolvedCutoff {
  const noticeMs = parseInstant(options.noticeAt, 'notice time');
  if (!Number.isFinite(options.minimumNoticeMs) || options.minimumNoticeMs < 0) {
    throw new CutoffError('invalid_options', `minimum notice must be a non-negative duration`);
  }
  const zone = request.kind === 'local' ? requireZone(request.timeZone) : IANAZone.create('UTC');
  const requested = requestedInstant(request, zone, noticeMs, options);

  let epochMs = requested.epochMs;
  let adjustment: ResolvedCutoff['adjustment'] = requested.adjustment;
  if (options.expedited) {
    epochMs = noticeMs;
    adjustment = 'expedited';
  } else if (epochMs < noticeMs + options.minimumNoticeMs) {
    epochMs = noticeMs + options.minimumNoticeMs;
    adjustment = 'raised_to_minimum_notice';
  }
  const resolved: ResolvedCutoff = {
    at: new Date(epochMs).toISOString(),
    timeZone: zone.name,
    localTime: renderLocal(epochMs, zone),
  };
  if (adjustment) {
    resolved.adjustment = adjustment;
    resolved.note = adjustmentNote(request, zone, adjustment, { requestedMs: requested.epochMs, epochMs, noticeMs });
  }
  return resolved;
}

/** The instant a request names, before minimum notice or expedite (the DST rules applied): what intake checks
 * against the policy's window. Throws {@link CutoffError} for a request that cannot resolve. */
export function requestedCutoff(
  request: CutoffRequest,
  options: Pick<ResolveCutoffOptions, 'noticeAt' | 'nonexistentLocalTime' | 'ambiguousLocalTime'>,
): LocalInstant {
  const noticeMs = parseInstant(options.noticeAt, 'notice time');
  const zone = request.kind === 'local' ? requireZone(request.timeZone) : IANAZone.create('UTC');
  return requestedInstant(request, zone, noticeMs, { ...options, minimumNoticeMs: 0 });
}

/** One sentence for the case: how the cutoff was settled and under which rule (shown with the resolved cutoff). */
function adjustmentNote(
  request: CutoffRequest,
  zone: IANAZone,
  adjustment: NonNullable<ResolvedCutoff['adjustment']>,
  t: { requestedMs: number; epochMs: number; noticeMs: number },
): string {
  const local = (ms: number) => renderLocal(ms, zone);
  const asked = request.kind === 'local' ? `${request.date ? `${request.date} ` : ''}${request.time}` : request.at;
  switch (adjustment) {
    case 'expedited':
      return `expedited by two approvers: the cutoff is the notice itself (${local(t.epochMs)})`;
    case 'raised_to_minimum_notice':
      return (
        `the requested cutoff ${local(t.requestedMs)} left less than the minimum notice after the notice ` +
        `(${local(t.noticeMs)}); raised to ${local(t.epochMs)}`
      );
    case 'shifted_forward_gap':
      return `${asked} does not exist in ${zone.name} that day (the clocks skip it); policy rule shift_forward: ${local(t.epochMs)}`;
    case 'earlier_of_ambiguous':
    case 'later_of_ambiguous':
      return (
        `${asked} happens twice in ${zone.name} that day (the clocks go back); policy rule ` +
        `${adjustment === 'earlier_of_ambiguous' ? 'earlier: the first' : 'later: the second'} occurrence, ${local(t.epochMs)}`
      );
  }
}

function requestedInstant(
  request: CutoffRequest,
  zone: IANAZone,
  noticeMs: number,
  options: ResolveCutoffOptions,
): LocalInstant {
  if (request.kind === 'instant') return { epochMs: parseInstant(request.at, 'cutoff instant') };
  if (request.kind !== 'local') {
    throw new CutoffError('invalid_options', `cutoff kind must be "instant" or "local"`);
  }
  const time = parseTimeOfDay(request.time);
  const rules = { nonexistent: options.nonexistentLocalTime, ambiguous: options.ambiguousLocalTime };
  if (request.date !== undefined) {
    return localToInstant({ ...parseLocalDate(request.date), ...time }, zone, rules);
  }
  // The next occurrence strictly after the notice: today's if still ahead, else tomorrow's (at most two tries,
  // three around a DST change where "today's" was shifted behind the notice).
  let date = localDateOf(noticeMs, zone);
  for (let i = 0; i < 3; i++) {
    const candidate = localToInstant({ ...date, ...time }, zone, rules);
    if (candidate.epochMs > noticeMs) return candidate;
    date = nextDay(date);
  }
  throw new CutoffError('invalid_options', `no occurrence of ${request.time} in ${zone.name} after the notice`);
}

/** An ISO-8601 instant with an explicit offset or `Z` (a bare local time would depend on the worker's zone). */
export function parseInstant(value: string, what: string): number {
  const ok = typeof value === 'string' && /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const dt = ok ? DateTime.fromISO(value, { setZone: true }) : undefined;
  if (!dt?.isValid) {
    throw new CutoffError(
      'malformed_instant',
      `${what} "${String(value)}" must be an ISO-8601 instant with an offset, e.g. 2019-08-05T07:00:00Z`,
    );
  }
  return dt.toMillis();
}
