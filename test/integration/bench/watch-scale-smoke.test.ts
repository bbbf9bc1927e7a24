import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeResults } from '../../../bench/lib/results';
import { describeMachine } from '../../../bench/lib/machine';
import { DEFAULT_WATCH_SCALE_OPTIONS, parseWatchScaleOptions } from '../../../bench/watch-scale/options';
import { watchScaleDetails, watchScaleFigures, watchScaleNotes } from '../../../bench/watch-scale/report';
import { measureWatchScale, type WatchScaleMeasurement } from '../../../bench/watch-scale/run-watch-scale';

/**
 * The watch benchmark end to end at toy size (`npm run bench:watch` runs the same code at 10,000): its own dev
 * server, the sandbox internet over PGlite, an SMTP server, the production worker in its own process, 50 watches
 * probing every second, the run-length phase cut to 10 observations per run, histories read back, everything
 * terminated and stopped. It keeps the benchmark from rotting as the watch and the platform change.
 */
describe('watch-scale benchmark (smoke)', () => {
  let workDir: string;
  let m: WatchScaleMeasurement;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'terminus-bench-smoke-'));
    m = await measureWatchScale(
      {
        ...DEFAULT_WATCH_SCALE_OPTIONS,
        watches: 50,
        windowMs: 10_000,
        intervalMs: 1000,
        cutoffSpreadMs: 0,
        startConcurrency: 10,
        sampleEveryMs: 1000,
        runLength: { enabled: true, intervalMs: 100, maxObservationsPerRun: 10, timeoutMs: 120_000 },
      },
      { options: {}, workDir, log: () => undefined },
    );
  }, 300_000);

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('runs every watch on the one worker process and ends them all', () => {
    expect(m.start).toMatchObject({ started: 50, failed: 0 });
    expect(m.terminate.stillRunning).toBe(0);
    expect(m.processes.worker?.peakRssMiB).toBeGreaterThan(50);
    expect(m.processes.worker?.pid).not.toBe(process.pid);
  });

  it('counts probes from the worker metrics and the same probes in the histories', () => {
    expect(m.probes.completed).toBeGreaterThanOrEqual(50);
    expect(m.scan.workflows).toBe(50);
    expect(m.scan.observations).toBeGreaterThanOrEqual(50);
    expect(m.scan.maxEvents).toBeGreaterThan(10);
    expect(m.internet.dns.lookups).toBeGreaterThan(0);
    expect(m.internet.dns.errors).toBe(0);
    // Competitor and dark domains are confirmed after three probes and alert staff by real SMTP.
    expect(m.mailSent).toBeGreaterThan(0);
  });

  it('measures complete runs: no change, one change, and a domain hopping between providers', () => {
    const runs = Object.fromEntries((m.runLength?.runs ?? []).map((r) => [r.kind, r]));
    for (const kind of ['stays-on-edge', 'goes-dark', 'moves-once', 'hops']) {
      expect(runs[kind]).toMatchObject({ closedAs: 'continued_as_new', observations: 10 });
    }
    expect(runs['stays-on-edge']?.otherActivities).toBe(0);
    // One confirmed change: one staff alert and one webhook call.
    expect(runs['moves-once']?.otherActivities).toBe(2);
    expect(runs['hops']?.otherActivities).toBeGreaterThanOrEqual(4);
    expect(m.runLength?.hops).toBeGreaterThanOrEqual(1);
  });

  it('turns the measurement into figures with targets, and writes both results files', async () => {
    const figures = watchScaleFigures(m);
    const byKey = Object.fromEntries(figures.map((f) => [f.key, f]));
    const longest = Math.max(...(m.runLength?.runs ?? []).map((r) => r.events));
    expect(byKey.eventsPerWatchRun?.value).toBe(longest);
    expect(byKey.maxHistoryEvents).toMatchObject({ met: true });
    expect(byKey.peakWorkerRssMiB?.value).toBe(m.processes.worker?.peakRssMiB);
    expect(byKey.workflowTaskTimeouts?.value).toBe(
      m.scan.workflowTaskTimeouts.startToClose + m.scan.workflowTaskTimeouts.scheduleToStart,
    );
    const written = await writeResults(workDir, describeMachine(), [
      {
        id: 'watch-scale',
        title: 'smoke',
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
        parameters: {},
        figures,
        details: watchScaleDetails(m),
        notes: watchScaleNotes(m),
      },
    ]);
    const markdown = await readFile(written.markdown, 'utf8');
    expect(markdown).toContain(`Node ${process.version}`);
    expect(markdown).toContain('| Worker resident memory, peak |');
    const json = JSON.parse(await readFile(written.json, 'utf8')) as { benchmarks: Record<string, unknown> };
    expect(Object.keys(json.benchmarks)).toEqual(['watch-scale']);
  });

  it('refuses an unknown or malformed option by name', () => {
    expect(() => parseWatchScaleOptions({ watchs: '10' })).toThrow('--watchs');
    expect(() => parseWatchScaleOptions({ window: 'soon' })).toThrow('--window');
    expect(parseWatchScaleOptions({ watches: '200', window: '90s' })).toMatchObject({ watches: 200, windowMs: 90_000 });
  });
});
