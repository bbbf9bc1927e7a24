// `npm run bench [-- ids...] [--<id>.<option> value] [--keep]`: runs the benchmarks in bench/benchmarks/ one after
// another (each alone on the machine), then writes bench/results/latest.json and latest.md.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeMachine } from './lib/machine';
import { writeResults } from './lib/results';
import type { Benchmark, BenchmarkResult } from './lib/types';

const BENCHMARKS_DIR = path.join(__dirname, 'benchmarks');
const RESULTS_DIR = path.join(__dirname, 'results');

/** Every benchmark file's `benchmark` export, by id (a new benchmark is a new file in bench/benchmarks/). */
export async function discoverBenchmarks(dir = BENCHMARKS_DIR): Promise<Benchmark[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  return files.map((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- discovery by file name; tsx compiles it
    const mod = require(path.join(dir, file)) as { benchmark?: Benchmark };
    if (!mod.benchmark) throw new Error(`${file} does not export \`benchmark\``);
    if (`${mod.benchmark.id}.ts` !== file) throw new Error(`${file} exports benchmark id "${mod.benchmark.id}"`);
    return mod.benchmark;
  });
}

interface Args {
  ids: string[];
  keep: boolean;
  /** Options by benchmark id; `''` holds options given without an id prefix. */
  options: Record<string, Record<string, string>>;
}

/** Parses `ids... --key value --id.key value --keep`. */
export function parseArgs(argv: string[]): Args {
  const args: Args = { ids: [], keep: false, options: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--keep') args.keep = true;
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new Error(`${a} needs a value`);
      const dot = key.indexOf('.');
      const [id, name] = dot > 0 ? [key.slice(0, dot), key.slice(dot + 1)] : ['', key];
      (args.options[id] ??= {})[name] = value;
    } else args.ids.push(a);
  }
  return args;
}

function failure(b: Benchmark, startedAt: string, err: unknown): BenchmarkResult {
  return {
    id: b.id,
    title: b.title,
    startedAt,
    finishedAt: new Date().toISOString(),
    parameters: {},
    figures: [],
    details: { error: err instanceof Error ? (err.stack ?? err.message) : String(err) },
    notes: [`The run failed: ${err instanceof Error ? err.message : String(err)}`],
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const all = await discoverBenchmarks();
  const unknown = args.ids.filter((id) => !all.some((b) => b.id === id));
  if (unknown.length)
    throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${all.map((b) => b.id).join(', ')}`);
  const selected = args.ids.length ? all.filter((b) => args.ids.includes(b.id)) : all;
  if (args.options[''] && selected.length !== 1)
    throw new Error('options without a benchmark prefix need exactly one benchmark; use --<id>.<option>');
  const log = (m: string): void =>
    void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
  const results: BenchmarkResult[] = [];
  const machine = describeMachine();
  for (const b of selected) {
    const workDir = await mkdtemp(path.join(os.tmpdir(), `terminus-bench-${b.id}-`));
    const startedAt = new Date().toISOString();
    log(`${b.id}: ${b.title} (scratch ${workDir})`);
    try {
      const options = { ...args.options[''], ...args.options[b.id] };
      results.push(await b.run({ options, workDir, log: (m) => log(`${b.id}: ${m}`) }));
    } catch (err) {
      log(`${b.id} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      results.push(failure(b, startedAt, err));
    } finally {
      if (!args.keep) await rm(workDir, { recursive: true, force: true });
    }
  }
  const written = await writeResults(RESULTS_DIR, machine, results);
  for (const r of results) {
    log(`${r.id}:`);
    for (const f of r.figures)
      log(
        `  ${f.label}: ${f.value ?? 'n/a'} ${f.unit}${f.target ? ` (target ${f.target}: ${f.met === true ? 'met' : f.met === false ? 'MISSED' : 'not measured'})` : ''}`,
      );
    for (const n of r.notes) log(`  - ${n}`);
  }
  log(`results: ${written.json}, ${written.markdown}`);
  if (results.some((r) => r.figures.length === 0)) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
