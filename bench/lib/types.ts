/**
 * The contract between the bench runner (`bench/run.ts`) and each benchmark (`bench/benchmarks/<id>.ts`). A
 * benchmark is one file exporting `benchmark`; the runner finds it by listing that folder, so adding a benchmark
 * is adding a file. Figures are what the README reports; `details` keeps everything needed to check them.
 */

/** One reported number, with the target it is held to (when the issue sets one). */
export interface Figure {
  /** Stable key (`peakWorkerRssMiB`), used by tests and the README. */
  key: string;
  label: string;
  value: number | null;
  unit: string;
  /** Human form of the target (`<= 1024 MiB`); absent when the figure is informative only. */
  target?: string;
  /** Whether the target is met; null when it could not be measured. */
  met?: boolean | null;
  /** How far from the target, in words (`+12% over`), or any caveat needed to read the number honestly. */
  note?: string;
}

/** What one benchmark returns. */
export interface BenchmarkResult {
  id: string;
  title: string;
  startedAt: string;
  finishedAt: string;
  /** Parameters the run used (sizes, durations, worker settings), so the figures can be reproduced. */
  parameters: Record<string, unknown>;
  figures: Figure[];
  /** Free-form evidence (time series, samples, per-phase numbers). JSON-safe. */
  details: Record<string, unknown>;
  /** Findings in sentences: what limited the run, targets missed and by how much, what was scaled down and why. */
  notes: string[];
}

/** What the runner hands each benchmark. */
export interface BenchmarkContext {
  /** `--key value` options from the command line (all strings), for the benchmark to parse. */
  options: Record<string, string>;
  /** Scratch folder for this run (logs, bundles); removed by the runner unless `--keep` is given. */
  workDir: string;
  /** Progress lines for the person watching (stderr). */
  log: (message: string) => void;
}

/** A benchmark: an id (the file name), a title, and a run that returns its figures. */
export interface Benchmark {
  id: string;
  title: string;
  /** Which of the issue's benchmarks this is (1-4), for the README table. */
  issueItem: string;
  run(context: BenchmarkContext): Promise<BenchmarkResult>;
}
