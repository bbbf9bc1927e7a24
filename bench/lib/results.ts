import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MachineDescription } from './machine';
import type { BenchmarkResult, Figure } from './types';

/**
 * The results files: `latest.json` (everything, for tools and the README) and `latest.md` (tables a person
 * reads). Running one benchmark keeps the other benchmarks' latest results, each with the machine and commit
 * it was measured on, so the file always shows every figure and where each came from.
 */

/** One benchmark's latest result and the machine it ran on. */
export interface StoredResult {
  machine: MachineDescription;
  result: BenchmarkResult;
}

/** The whole `latest.json`. */
export interface ResultsFile {
  updatedAt: string;
  benchmarks: Record<string, StoredResult>;
}

/** Reads the previous results (an absent or unreadable file is an empty one). */
export async function readResults(file: string): Promise<ResultsFile> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as ResultsFile;
    if (parsed && typeof parsed.benchmarks === 'object') return parsed;
  } catch {
    // First run, or a file from an older layout: start afresh.
  }
  return { updatedAt: new Date(0).toISOString(), benchmarks: {} };
}

function formatValue(f: Figure): string {
  if (f.value === null) return 'not measured';
  return `${f.value.toLocaleString('en-US')} ${f.unit}`;
}

function status(f: Figure): string {
  if (f.target === undefined) return '';
  if (f.met === true) return 'met';
  if (f.met === false) return '**missed**';
  return 'unknown';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown for the results: one section per benchmark with its machine line, figures and notes. */
export function renderMarkdown(results: ResultsFile): string {
  const lines = ['# Benchmark results', '', `Updated ${results.updatedAt}. Produced by \`npm run bench\`.`, ''];
  for (const { machine, result } of Object.values(results.benchmarks).sort((a, b) =>
    a.result.id.localeCompare(b.result.id),
  )) {
    const m = machine;
    lines.push(`## ${result.title} (\`${result.id}\`)`, '');
    lines.push(
      `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}; commit ` +
        `\`${m.gitCommit.slice(0, 12)}\`${m.gitDirty ? ' (with uncommitted changes)' : ''}; run ${result.startedAt} ` +
        `to ${result.finishedAt}; load average at start ${m.loadAverage.join(' / ')}.`,
      '',
    );
    lines.push('| Figure | Value | Target | Status | Note |', '| --- | --- | --- | --- | --- |');
    for (const f of result.figures) {
      lines.push(
        `| ${cell(f.label)} | ${cell(formatValue(f))} | ${cell(f.target ?? '')} | ${status(f)} | ${cell(f.note ?? '')} |`,
      );
    }
    if (result.notes.length) lines.push('', ...result.notes.map((n) => `- ${n}`));
    const params = Object.entries(result.parameters)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ');
    lines.push('', `Parameters: ${params}`, '');
  }
  return `${lines.join('\n')}\n`;
}

/** Merges new results into the files in `dir` and writes both. */
export async function writeResults(
  dir: string,
  machine: MachineDescription,
  results: BenchmarkResult[],
): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, 'latest.json');
  const markdown = path.join(dir, 'latest.md');
  const file = await readResults(json);
  for (const result of results) file.benchmarks[result.id] = { machine, result };
  file.updatedAt = new Date().toISOString();
  await writeFile(json, `${JSON.stringify(file, null, 2)}\n`);
  await writeFile(markdown, renderMarkdown(file));
  return { json, markdown };
}
