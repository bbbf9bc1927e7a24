// Benchmark 4 in miniature: one case of one domain read back from history, and a watch measured until it
// continues as new (three observations per run instead of 150, so it takes seconds).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { historyEventsFigures, parseHistoryEventsOptions } from '../../../bench/benchmarks/history-events';
import { measureHistoryEvents } from '../../../bench/support/history-events-run';

jest.setTimeout(600_000);

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'terminus-bench-smoke-history-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

it('counts the events of a case up to monitoring and closed, and of a complete watch run', async () => {
  const options = parseHistoryEventsOptions({
    cases: '1',
    family: '1',
    'watch-run': 'measure',
    'max-observations': '3',
    'watch-interval': '200ms',
  });
  const m = await measureHistoryEvents(options, { workDir, log: () => undefined });

  expect(m.cases).toHaveLength(1);
  const only = m.cases[0]!;
  expect(only.closed.byType.WORKFLOW_EXECUTION_COMPLETED).toBe(1);
  expect(only.toMonitoring).toBeGreaterThan(only.closed.activities * 3);
  expect(only.toMonitoring).toBeLessThan(only.closed.events);
  expect(only.watches).toHaveLength(1);

  expect(m.watchRun.source).toBe('measured');
  if (m.watchRun.source !== 'measured') return;
  const full = m.watchRun.runLength.runs.filter((r) => r.closedAs === 'continued_as_new');
  expect(full.length).toBeGreaterThan(0);
  expect(full.every((r) => r.observations === 3)).toBe(true);

  const figures = Object.fromEntries(historyEventsFigures(m).map((f) => [f.key, f]));
  expect(figures.eventsPerCaseToMonitoring).toMatchObject({ value: only.toMonitoring, met: true });
  expect(figures.eventsPerCaseClosed).toMatchObject({ value: only.closed.events, met: true });
  expect(figures.eventsPerWatchRun!.value).toBe(Math.max(...full.map((r) => r.events)));
});
