// Benchmark 3 in miniature: the stack as `npm start` in its own process, three client principals with tokens
// made through the admin API, thirty requests in the benchmark's mix. The harness is what is checked here; the
// latency targets and the error count are the benchmark's figures, not this test's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiLatencyFigures, parseApiLatencyOptions } from '../../../bench/benchmarks/api-latency';
import { measureApiLatency } from '../../../bench/support/api-latency-run';

jest.setTimeout(600_000);

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'terminus-bench-smoke-api-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

it('runs the mix of reads and opens with real tokens and summarises it per kind', async () => {
  const options = parseApiLatencyOptions({ clients: '3', requests: '30', 'open-share': '0.2', 'seed-cases': '2' });
  const m = await measureApiLatency(options, { workDir, log: () => undefined });

  expect(m.load.stoppedBy).toBe('count');
  expect(m.load.samples).toHaveLength(30);
  // Two opens per client (10 requests, one in five), the rest alternating views and lists.
  expect({ open: m.stats.open.count, view: m.stats.view.count, list: m.stats.list.count }).toEqual({
    open: 6,
    view: 12,
    list: 12,
  });
  expect(m.stats.reads.count).toBe(24);
  for (const s of m.load.samples) {
    if (s.error === undefined) expect(s.status).toBe(s.op === 'open' ? 201 : 200);
    else expect(s.error.length).toBeGreaterThan(0);
  }
  expect(m.stats.reads.p50).toBeGreaterThan(0);
  expect(m.stats.reads.p99).toBeGreaterThanOrEqual(m.stats.reads.p50!);
  expect(m.cpu.selfSeconds).toBeGreaterThan(0);

  const figures = Object.fromEntries(apiLatencyFigures(m).map((f) => [f.key, f]));
  expect(figures.readP99Ms!.value).toBe(m.stats.reads.p99);
  expect(figures.openP99Ms!.met).toBe(m.stats.open.p99! <= 250);
  expect(figures.errors!.value).toBe(m.load.samples.filter((s) => s.error).length);
});
