// Benchmark 1 in miniature (`npm run bench:cases` runs it full size): the same code path on a real embedded
// stack with two cases and two baselines, so the benchmark cannot rot between runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseThroughputOptions } from '../../../bench/benchmarks/case-throughput';
import { measureCaseThroughput } from '../../../bench/support/case-throughput-run';
import { throughputFigures } from '../../../bench/support/case-throughput-report';

jest.setTimeout(600_000);

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'terminus-bench-smoke-cases-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

it('drives real cases to their archived record and baselines of the same shape, and reports the ratio', async () => {
  const options = parseThroughputOptions({ cases: '2', concurrency: '2', phases: '2', family: '2' });
  const m = await measureCaseThroughput(options, { workDir, log: () => undefined });

  // The calibration case went the whole way, with its group watch (both domains in one), and the baseline copies
  // what it did.
  const c = m.calibration.caseHistory;
  expect(m.calibration.driven.outcome).toBe('terminated');
  expect(c.activityTypes).toMatchObject({ sendCustomerMessage: 1, revokeService: 4, archiveCaseRecord: 1 });
  expect(c.eventsToStage).toBeLessThan(c.events);
  expect(m.calibration.driven.watchIds).toEqual([expect.stringMatching(/^watch-group-/)]);
  expect(m.calibration.watchHistories).toHaveLength(1);
  const watchActivities = m.calibration.watchHistories.reduce((n, w) => n + w.activities, 0);
  expect(m.baseline.activities).toBe(c.activities + watchActivities);
  expect(m.baseline.rounds.reduce((n, r) => n + r.activities, 0)).toBe(m.baseline.activities);

  // Two cases and two baselines, alternated ABBA, all completed; measured cases did what the calibration did.
  expect(m.phases.map((p) => p.kind)).toEqual(['case', 'baseline', 'baseline', 'case']);
  expect({ cases: m.cases.ok, baselines: m.baselines.ok, failed: m.cases.failed + m.baselines.failed }).toEqual({
    cases: 2,
    baselines: 2,
    failed: 0,
  });
  expect(m.driven.every((d) => d.outcome === 'terminated' && d.watchIds.length === 1)).toBe(true);
  expect(m.measuredShape.activities).toEqual([m.baseline.activities, m.baseline.activities]);

  const figures = throughputFigures(m);
  const ratio = figures.find((f) => f.key === 'caseToBaselineRatio')!;
  expect(ratio.value).toBeCloseTo(m.cases.perMinute / m.baselines.perMinute, 2);
  expect(ratio.met).toBe(ratio.value! >= 0.8);
  expect(m.cases.cpuSecondsPerItem).toBeGreaterThan(0);
});
