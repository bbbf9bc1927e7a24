import { resolveCutoff, type CutoffError, type ResolveCutoffOptions } from '../../../src/domain/cutoff';

const LA = 'America/Los_Angeles';
const HOUR = 3_600_000;

function opts(noticeAt: string, overrides: Partial<ResolveCutoffOptions> = {}): ResolveCutoffOptions {
  return {
    noticeAt,
    minimumNoticeMs: 2 * HOUR,
    nonexistentLocalTime: 'shift_forward',
    ambiguousLocalTime: 'earlier',
    ...overrides,
  };
}

function errorOf(fn: () => unknown): CutoffError {
  try {
    fn();
  } catch (err) {
    expect((err as Error).name).toBe('CutoffError');
    return err as CutoffError;
  }
  throw new Error('expected a CutoffError');
}

describe('resolveCutoff: local wall-clock times', () => {
  it('8chan: notice on a Sunday evening, "midnight tonight Pacific time" is Monday 00:00 PDT (07:00Z)', () => {
    // 2019-08-04 20:30 PDT = 2019-08-05T03:30Z
    const r = resolveCutoff({ kind: 'local', time: '00:00', timeZone: LA }, opts('2019-08-05T03:30:00Z'));
    expect(r).toEqual({ at: '2019-08-05T07:00:00.000Z', timeZone: LA, localTime: '2019-08-05T00:00:00-07:00' });
  });

  it('without a date, takes today when the time is still ahead', () => {
    const r = resolveCutoff({ kind: 'local', time: '22:00', timeZone: 'Europe/Paris' }, opts('2024-06-01T10:00:00Z'));
    expect(r.at).toBe('2024-06-01T20:00:00.000Z');
    expect(r.localTime).toBe('2024-06-01T22:00:00+02:00');
  });

  it('with a date, uses that local date', () => {
    const r = resolveCutoff(
      { kind: 'local', time: '09:30', timeZone: 'Asia/Tokyo', date: '2024-06-03' },
      opts('2024-06-01T00:00:00Z'),
    );
    expect(r.at).toBe('2024-06-03T00:30:00.000Z');
  });

  it('winter midnight in Los Angeles is 08:00Z (PST), not 07:00Z', () => {
    const r = resolveCutoff({ kind: 'local', time: '00:00', timeZone: LA }, opts('2024-01-14T04:00:00Z'));
    expect(r.at).toBe('2024-01-14T08:00:00.000Z');
    expect(r.localTime).toBe('2024-01-14T00:00:00-08:00');
  });
});

describe('resolveCutoff: DST changes', () => {
  it('nonexistent 02:30 on spring-forward day shifts forward by the gap to 03:30 PDT', () => {
    const r = resolveCutoff(
      { kind: 'local', time: '02:30', timeZone: LA, date: '2024-03-10' },
      opts('2024-03-09T12:00:00Z'),
    );
    expect(r.at).toBe('2024-03-10T10:30:00.000Z');
    expect(r.localTime).toBe('2024-03-10T03:30:00-07:00');
    expect(r.adjustment).toBe('shifted_forward_gap');
  });

  it('nonexistent local time with the reject rule gives a clear error naming the time and zone', () => {
    const err = errorOf(() =>
      resolveCutoff(
        { kind: 'local', time: '02:30', timeZone: LA, date: '2024-03-10' },
        opts('2024-03-09T12:00:00Z', { nonexistentLocalTime: 'reject' }),
      ),
    );
    expect(err.code).toBe('nonexistent_local_time');
    expect(err.message).toContain('2024-03-10 02:30 does not exist in America/Los_Angeles');
  });

  it('ambiguous 01:30 on fall-back day takes the earlier occurrence (PDT, 08:30Z) by default', () => {
    const r = resolveCutoff(
      { kind: 'local', time: '01:30', timeZone: LA, date: '2024-11-03' },
      opts('2024-11-02T12:00:00Z'),
    );
    expect(r.at).toBe('2024-11-03T08:30:00.000Z');
    expect(r.localTime).toBe('2024-11-03T01:30:00-07:00');
    expect(r.adjustment).toBe('earlier_of_ambiguous');
  });

  it('ambiguous local time with the later rule takes the second occurrence (PST, 09:30Z)', () => {
    const r = resolveCutoff(
      { kind: 'local', time: '01:30', timeZone: LA, date: '2024-11-03' },
      opts('2024-11-02T12:00:00Z', { ambiguousLocalTime: 'later' }),
    );
    expect(r.at).toBe('2024-11-03T09:30:00.000Z');
    expect(r.adjustment).toBe('later_of_ambiguous');
  });

  it('midnight after a spring-forward day is 23 hours after the previous midnight', () => {
    const sat = resolveCutoff({ kind: 'local', time: '00:00', timeZone: LA }, opts('2024-03-09T20:00:00Z'));
    const sun = resolveCutoff({ kind: 'local', time: '00:00', timeZone: LA }, opts('2024-03-10T20:00:00Z'));
    expect(Date.parse(sun.at) - Date.parse(sat.at)).toBe(23 * HOUR);
  });

  it('Europe/Paris gap (02:30 on 2024-03-31) shifts to 03:30 CEST', () => {
    const r = resolveCutoff(
      { kind: 'local', time: '02:30', timeZone: 'Europe/Paris', date: '2024-03-31' },
      opts('2024-03-30T00:00:00Z'),
    );
    expect(r.at).toBe('2024-03-31T01:30:00.000Z');
    expect(r.localTime).toBe('2024-03-31T03:30:00+02:00');
  });
});

describe('resolveCutoff: minimum notice and expedite', () => {
  it('raises a cutoff that is too soon to exactly the minimum notice after the notice', () => {
    // notice at 23:00 PDT, midnight is one hour away, policy wants two
    const r = resolveCutoff({ kind: 'local', time: '00:00', timeZone: LA }, opts('2019-08-05T06:00:00Z'));
    expect(r.at).toBe('2019-08-05T08:00:00.000Z');
    expect(r.localTime).toBe('2019-08-05T01:00:00-07:00');
    expect(r.adjustment).toBe('raised_to_minimum_notice');
  });

  it('raises an instant in the past too', () => {
    const r = resolveCutoff({ kind: 'instant', at: '2019-01-01T00:00:00Z' }, opts('2019-08-05T06:00:00Z'));
    expect(r.at).toBe('2019-08-05T08:00:00.000Z');
    expect(r.timeZone).toBe('UTC');
  });

  it('keeps an instant that leaves enough notice, whatever offset it was written with', () => {
    const r = resolveCutoff({ kind: 'instant', at: '2019-08-06T00:00:00-07:00' }, opts('2019-08-05T06:00:00Z'));
    expect(r).toEqual({ at: '2019-08-06T07:00:00.000Z', timeZone: 'UTC', localTime: '2019-08-06T07:00:00+00:00' });
  });

  it('an expedited cutoff is the notice instant itself', () => {
    const r = resolveCutoff(
      { kind: 'local', time: '00:00', timeZone: LA },
      opts('2019-08-05T03:30:00Z', { expedited: true }),
    );
    expect(r.at).toBe('2019-08-05T03:30:00.000Z');
    expect(r.adjustment).toBe('expedited');
  });
});

describe('resolveCutoff: bad input gives clear errors', () => {
  it.each([
    [
      { kind: 'local', time: '00:00', timeZone: 'Mars/Olympus_Mons' },
      'unknown_zone',
      'unknown time zone "Mars/Olympus_Mons"',
    ],
    [{ kind: 'local', time: '24:00', timeZone: LA }, 'malformed_time', 'cutoff time "24:00"'],
    [{ kind: 'local', time: 'midnight', timeZone: LA }, 'malformed_time', 'HH:mm'],
    [{ kind: 'local', time: '00:00', timeZone: LA, date: '2019-02-30' }, 'malformed_date', '"2019-02-30"'],
    [{ kind: 'instant', at: '2019-08-05T00:00:00' }, 'malformed_instant', 'with an offset'],
    [{ kind: 'instant', at: 'tomorrow' }, 'malformed_instant', '"tomorrow"'],
  ] as const)('%j -> %s', (request, code, text) => {
    const err = errorOf(() => resolveCutoff(request, opts('2019-08-05T03:30:00Z')));
    expect(err.code).toBe(code);
    expect(err.message).toContain(text);
  });

  it('refuses a malformed notice time and a negative minimum notice', () => {
    expect(errorOf(() => resolveCutoff({ kind: 'instant', at: '2019-08-05T00:00:00Z' }, opts('soon'))).code).toBe(
      'malformed_instant',
    );
    expect(
      errorOf(() =>
        resolveCutoff(
          { kind: 'instant', at: '2019-08-05T00:00:00Z' },
          opts('2019-08-05T00:00:00Z', { minimumNoticeMs: -1 }),
        ),
      ).code,
    ).toBe('invalid_options');
  });
});
