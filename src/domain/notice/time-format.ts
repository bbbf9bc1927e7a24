/**
 * How instants read in a notice: the same instant in the customer's stated IANA zone and in UTC, both spelled
 * out (weekday, day, month, year, 24-hour time) so nobody has to do arithmetic, plus the exact ISO instant.
 * Uses `Intl` only (no I/O, no local time zone of the worker): the output depends on the arguments alone.
 */
import { NoticeInputError } from './errors';

/** Both renderings of one instant. */
export interface InstantText {
  /** e.g. `Monday 5 August 2019, 00:00 (America/Los_Angeles, GMT-07:00)` */
  local: string;
  /** e.g. `Monday 5 August 2019, 07:00 UTC` */
  utc: string;
  /** e.g. `2019-08-05T07:00:00Z` */
  iso: string;
}

function spelled(date: Date, timeZone: string, withOffset: boolean): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(withOffset ? { timeZoneName: 'longOffset' as const } : {}),
    }).formatToParts(date);
  } catch {
    throw new NoticeInputError(`unknown time zone ${JSON.stringify(timeZone)}`);
  }
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const base = `${get('weekday')} ${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')}`;
  return withOffset ? `${base} (${timeZone}, ${get('timeZoneName')})` : `${base} UTC`;
}

/** Renders an ISO instant in `timeZone` and in UTC; refuses an unparseable instant or an unknown zone. */
export function describeInstant(iso: string, timeZone: string): InstantText {
  const date = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(date.getTime())) {
    throw new NoticeInputError(`${JSON.stringify(iso)} is not an ISO-8601 instant`);
  }
  return {
    local: spelled(date, timeZone, true),
    utc: spelled(date, 'UTC', false),
    iso: date.toISOString().replace(/\.000Z$/, 'Z'),
  };
}
