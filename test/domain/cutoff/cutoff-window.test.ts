import {
  cutoffOutsideWindow,
  DEFAULT_CUTOFF_RULES,
  instantOutsideWindow,
  resolveCutoff,
} from '../../../src/domain/cutoff';
import { parsePolicy } from '../../../src/config/policy';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => ({ kind: 'instant' as const, at: new Date(ms).toISOString() });

describe('cutoff window: from now to the policy maximum', () => {
  it('accepts now, a minute ago (clock grace) and 90 days ahead', () => {
    expect(cutoffOutsideWindow(at(NOW), NOW, DEFAULT_CUTOFF_RULES)).toBeNull();
    expect(cutoffOutsideWindow(at(NOW - 30_000), NOW, DEFAULT_CUTOFF_RULES)).toBeNull();
    expect(cutoffOutsideWindow(at(NOW + 90 * DAY), NOW, DEFAULT_CUTOFF_RULES)).toBeNull();
  });

  it('refuses a past cutoff instead of turning it into now, naming why', () => {
    const why = cutoffOutsideWindow({ kind: 'instant', at: '2019-08-05T07:00:00Z' }, NOW, DEFAULT_CUTOFF_RULES);
    expect(why).toMatch(/cutoff 2019-08-05T07:00:00.000Z is in the past \(now is 2026-12-07T12:00:00.000Z\)/);
  });

  it('refuses the year 10000 and anything past the maximum', () => {
    expect(cutoffOutsideWindow({ kind: 'instant', at: '+010000-01-01T00:00:00Z' }, NOW, DEFAULT_CUTOFF_RULES)).toMatch(
      /further ahead than the policy allows \(at most P90D from now/,
    );
    expect(cutoffOutsideWindow(at(NOW + 91 * DAY), NOW, DEFAULT_CUTOFF_RULES)).toMatch(/at most P90D/);
    expect(instantOutsideWindow(Number.NaN, NOW, DEFAULT_CUTOFF_RULES)).toMatch(/cutoff invalid is in the past/);
  });

  it('a local date is resolved with the policy DST rules before the window applies', () => {
    const rules = { ...DEFAULT_CUTOFF_RULES, maxAhead: { iso: 'P7D', ms: 7 * DAY } };
    const local = (date: string) => ({ kind: 'local' as const, time: '00:00', timeZone: 'Europe/Paris', date });
    expect(cutoffOutsideWindow(local('2026-12-10'), NOW, rules)).toBeNull();
    expect(cutoffOutsideWindow(local('2026-12-20'), NOW, rules)).toMatch(/at most P7D/);
    expect(cutoffOutsideWindow(local('2026-12-01'), NOW, rules)).toMatch(/in the past/);
    // No date: the next occurrence, always within a day.
    expect(cutoffOutsideWindow({ kind: 'local', time: '00:00', timeZone: 'Asia/Tokyo' }, NOW, rules)).toBeNull();
  });

  it('an unresolvable request still throws its own CutoffError (unknown zone)', () => {
    let thrown: unknown;
    try {
      cutoffOutsideWindow({ kind: 'local', time: '00:00', timeZone: 'Mars/Olympus' }, NOW, DEFAULT_CUTOFF_RULES);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ name: 'CutoffError', code: 'unknown_zone' });
  });
});

describe('cutoff resolution notes: the case shows how a cutoff was settled', () => {
  const options = {
    noticeAt: '2024-03-01T00:00:00Z',
    minimumNoticeMs: 0,
    nonexistentLocalTime: 'shift_forward' as const,
    ambiguousLocalTime: 'earlier' as const,
  };
  it('a spring-forward gap names the rule and the instant it became', () => {
    const r = resolveCutoff(
      { kind: 'local', time: '02:30', timeZone: 'America/Los_Angeles', date: '2024-03-10' },
      options,
    );
    expect(r.note).toBe(
      '2024-03-10 02:30 does not exist in America/Los_Angeles that day (the clocks skip it); policy rule shift_forward: 2024-03-10T03:30:00-07:00',
    );
  });
  it('a fall-back overlap names which occurrence the policy takes', () => {
    const req = { kind: 'local' as const, time: '01:30', timeZone: 'America/Los_Angeles', date: '2024-11-03' };
    expect(resolveCutoff(req, options).note).toContain(
      'policy rule earlier: the first occurrence, 2024-11-03T01:30:00-07:00',
    );
    expect(resolveCutoff(req, { ...options, ambiguousLocalTime: 'later' }).note).toContain(
      'policy rule later: the second occurrence, 2024-11-03T01:30:00-08:00',
    );
  });
  it('a cutoff without adjustment has no note', () => {
    expect(resolveCutoff(at(Date.parse('2024-03-05T00:00:00Z')), options).note).toBeUndefined();
  });
});

describe('cutoff window configuration', () => {
  const doc = () =>
    JSON.parse(readFileSync(path.join(__dirname, '../../../data/policy/policy.json'), 'utf8')) as {
      cutoff: Record<string, unknown>;
    };
  it('defaults to 90 days and takes an ISO duration', () => {
    expect(parsePolicy(doc()).cutoff.maxAhead).toEqual({ iso: 'P90D', ms: 90 * DAY });
    const d = doc();
    d.cutoff.maxAhead = 'P30D';
    expect(parsePolicy(d).cutoff.maxAhead).toEqual({ iso: 'P30D', ms: 30 * DAY });
    d.cutoff.maxAhead = 'P1Y';
    expect(() => parsePolicy(d)).toThrow(/cutoff.maxAhead/);
  });
});
