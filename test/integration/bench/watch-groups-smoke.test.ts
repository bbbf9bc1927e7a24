import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_WATCH_SCALE_OPTIONS, parseWatchScaleOptions } from '../../../bench/watch-scale/options';
import { watchGroupsFigures, watchGroupsNotes } from '../../../bench/watch-scale/group-report';
import { measureWatchGroups, type WatchGroupsMeasurement } from '../../../bench/watch-scale/run-watch-groups';

/**
 * The group watch benchmark end to end at toy size (`npm run bench:watch` runs the same code at 100 x 1,000): its
 * own dev server, embedded PostgreSQL and sandbox internet, an SMTP server, the production worker in its own
 * process, 3 groups of 40 domains probed every 3 s for 3 rounds, every group read back, terminated and stopped.
 */
describe('watch-scale benchmark, group mode (smoke)', () => {
  let workDir: string;
  let m: WatchGroupsMeasurement;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'terminus-bench-groups-'));
    m = await measureWatchGroups(
      {
        ...DEFAULT_WATCH_SCALE_OPTIONS,
        sampleEveryMs: 1000,
        groups: { ...DEFAULT_WATCH_SCALE_OPTIONS.groups, cases: 3, groupSize: 40, intervalMs: 3000, rounds: 3 },
      },
      { options: {}, workDir, log: () => undefined },
    );
  }, 240_000);

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('probes every domain of every group on schedule, on the one worker process, and ends them all', () => {
    expect(m).toMatchObject({ domains: 120, groups: 3 });
    expect(m.reading.groupsRead).toBe(3);
    expect(m.reading.stats.probes).toBeGreaterThanOrEqual(m.probesDue);
    expect(m.reading.stats.probes).toBeGreaterThanOrEqual(120 * 3);
    expect(m.batchesCompleted).toBeGreaterThanOrEqual(3 * 3);
    expect(m.internet.dns.lookups).toBeGreaterThan(0);
    expect(m.terminate.stillRunning).toBe(0);
    expect(m.processes.worker?.pid).not.toBe(process.pid);
  });

  it('confirms changes and alerts staff grouped by provider, not per domain', () => {
    // 3% of the plan stays on our edge; the rest went dark or to competitors and were confirmed.
    expect(m.reading.changesConfirmed).toBeGreaterThanOrEqual(100);
    expect(m.reading.alertsSent).toBeGreaterThan(0);
    expect(m.reading.alertsSent).toBeLessThan(m.reading.changesConfirmed / 2);
    expect(m.mailSent).toBe(m.reading.alertsSent);
  });

  it('turns the measurement into the issue figures with their targets', () => {
    const byKey = Object.fromEntries(watchGroupsFigures(m).map((f) => [f.key, f]));
    expect(byKey.watchedDomains).toMatchObject({ value: 120, met: true });
    expect(byKey.missedProbes).toMatchObject({ value: 0, met: true });
    expect(byKey.probeLatenessP99S?.met).toBe(true);
    expect(byKey.groupWorkerRssMiB?.value).toBe(m.processes.worker?.peakRssMiB);
    expect(byKey.groupWorkflowTaskScheduleToStartP99Ms?.value).not.toBeNull();
    expect(watchGroupsNotes(m).join('\n')).toContain('Load average');
    expect(watchGroupsNotes(m).join('\n')).toContain('each group started at its cutoff');
  });

  it('parses the group options, refusing a bad one by name', () => {
    expect(parseWatchScaleOptions({ cases: '10', 'group-size': '500', interval: '2m' })).toMatchObject({
      mode: 'groups',
      groups: { cases: 10, groupSize: 500, intervalMs: 120_000 },
    });
    expect(() => parseWatchScaleOptions({ 'group-size': '1001' })).toThrow('--group-size');
    expect(() => parseWatchScaleOptions({ mode: 'both' })).toThrow('--mode');
    expect(parseWatchScaleOptions({ 'start-at': 'once' }).groups.startAt).toBe('once');
    expect(() => parseWatchScaleOptions({ 'start-at': 'later' })).toThrow('--start-at');
  });
});
