import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { PROJECT_ROOT } from '../../src/platform/paths';

/**
 * The machine a benchmark ran on, written next to every figure: a number means nothing without the CPU, the
 * memory and the code it came from. The load average is kept because this machine may be shared while a
 * benchmark runs (other processes take CPU the benchmark would otherwise get).
 */
export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  gitCommit: string;
  /** True when the working tree had uncommitted changes (the figures may not match the commit exactly). */
  gitDirty: boolean;
  date: string;
  loadAverage: [number, number, number];
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(release)?.[1];
    if (pretty) return `${pretty} (${os.type()} ${os.release()})`;
  } catch {
    // Not Linux, or no os-release: the kernel name is enough.
  }
  return `${os.type()} ${os.release()}`;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/** Describes this machine and the checked-out commit, now. */
export function describeMachine(now: Date = new Date()): MachineDescription {
  const cpus = os.cpus();
  const [l1, l5, l15] = os.loadavg();
  return {
    cpuModel: cpus[0]?.model.trim() || 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: osName(),
    gitCommit: git(['rev-parse', 'HEAD']) || 'unknown',
    gitDirty: git(['status', '--porcelain', '--untracked-files=no']).length > 0,
    date: now.toISOString(),
    loadAverage: [l1 ?? 0, l5 ?? 0, l15 ?? 0].map((x) => Math.round(x * 100) / 100) as [number, number, number],
  };
}
