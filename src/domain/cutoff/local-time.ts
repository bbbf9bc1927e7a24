import { DateTime, IANAZone } from 'luxon';
import type { AmbiguousLocalTimeRule, NonexistentLocalTimeRule } from '../policy/policy-types';
import { CutoffError } from './cutoff-error';

/**
 * Turning a local wall-clock time in an IANA zone into an instant, with explicit rules for the two hours a year
 * where that is not a function:
 * - nonexistent (spring-forward gap, e.g. 02:30 on 2024-03-10 in America/Los_Angeles): `shift_forward` reads
 *   the time with the offset in force before the jump, which lands as far after the jump as the time was after
 *   its start (02:30 PST -> 03:30 PDT); `reject` refuses with an error naming the gap.
 * - ambiguous (fall-back overlap, e.g. 01:30 on 2024-11-03 in America/Los_Angeles happens at 08:30Z and 09:30Z):
 *   `earlier` takes the first occurrence (the customer is never given more time than the words say, and never
 *   less than the first reading), `later` the second.
 * Offsets are read from the zone at the instants themselves, so no assumption is made about transition times.
 */

/** A validated local date and time. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** How a wall-clock time was settled. */
export interface LocalInstant {
  epochMs: number;
  adjustment?: 'shifted_forward_gap' | 'earlier_of_ambiguous' | 'later_of_ambiguous';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The zone, or a clear error: an unknown zone would otherwise silently become "Invalid DateTime". */
export function requireZone(timeZone: string): IANAZone {
  if (typeof timeZone !== 'string' || !IANAZone.isValidZone(timeZone)) {
    throw new CutoffError(
      'unknown_zone',
      `unknown time zone "${String(timeZone)}": use an IANA zone name such as "America/Los_Angeles" or "Europe/Paris"`,
    );
  }
  return IANAZone.create(timeZone);
}

/** Parses `HH:mm` or `HH:mm:ss` (24-hour clock). */
export function parseTimeOfDay(time: string): { hour: number; minute: number; second: number } {
  const m = typeof time === 'string' ? /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time) : null;
  const hour = Number(m?.[1]);
  const minute = Number(m?.[2]);
  const second = Number(m?.[3] ?? '0');
  if (!m || hour > 23 || minute > 59 || second > 59) {
    throw new CutoffError('malformed_time', `cutoff time "${String(time)}" must be HH:mm or HH:mm:ss, 00:00 to 23:59`);
  }
  return { hour, minute, second };
}

/** Parses a calendar date `YYYY-MM-DD`, refusing dates that do not exist (2019-02-30). */
export function parseLocalDate(date: string): { year: number; month: number; day: number } {
  const m = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  const parsed = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  if (!parsed || !DateTime.fromObject(parsed, { zone: 'UTC' }).isValid) {
    throw new CutoffError('malformed_date', `cutoff date "${String(date)}" must be a real calendar date YYYY-MM-DD`);
  }
  return parsed;
}

/** Resolves a wall-clock time in a zone to an instant under the given rules. */
export function localToInstant(
  wall: WallClock,
  zone: IANAZone,
  rules: { nonexistent: NonexistentLocalTimeRule; ambiguous: AmbiguousLocalTimeRule },
): LocalInstant {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offsetBefore = zone.offset(asUtc - DAY_MS);
  const offsets = [...new Set([offsetBefore, zone.offset(asUtc), zone.offset(asUtc + DAY_MS)])];
  const readings = offsets
    .map((offsetMin) => asUtc - offsetMin * 60_000)
    .filter((epochMs) => asUtc - zone.offset(epochMs) * 60_000 === epochMs)
    .sort((a, b) => a - b);
  const first = readings[0];
  const last = readings[readings.length - 1];
  if (first === undefined || last === undefined) {
    if (rules.nonexistent === 'reject') {
      throw new CutoffError(
        'nonexistent_local_time',
        `${formatWall(wall)} does not exist in ${zone.name} (the clocks skip it that day); choose another time`,
      );
    }
    return { epochMs: asUtc - offsetBefore * 60_000, adjustment: 'shifted_forward_gap' };
  }
  if (readings.length > 1) {
    return rules.ambiguous === 'earlier'
      ? { epochMs: first, adjustment: 'earlier_of_ambiguous' }
      : { epochMs: last, adjustment: 'later_of_ambiguous' };
  }
  return { epochMs: first };
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(epochMs: number, zone: IANAZone): { year: number; month: number; day: number } {
  const dt = DateTime.fromMillis(epochMs, { zone });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/** The next calendar day (pure date arithmetic, no zone). */
export function nextDay(date: { year: number; month: number; day: number }): {
  year: number;
  month: number;
  day: number;
} {
  const dt = DateTime.fromObject(date, { zone: 'UTC' }).plus({ days: 1 });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/** ISO 8601 with the zone's offset at that instant: what the customer reads, unambiguous. */
export function renderLocal(epochMs: number, zone: IANAZone): string {
  return DateTime.fromMillis(epochMs, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
}

function formatWall(w: WallClock): string {
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}${w.second ? `:${p(w.second)}` : ''}`;
}
