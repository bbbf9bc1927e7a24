import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Resident memory and CPU time of processes, read from /proc (Linux). Sampling catches the shape over time;
 * the kernel's own high-water mark (`VmHWM`) catches a peak between two samples, so the reported peak is the
 * larger of the two. Read-only: it never signals the processes it watches.
 */

/** One reading of one process. */
export interface ProcReading {
  rssBytes: number;
  /** Peak resident set since the process started (kernel `VmHWM`). */
  hwmBytes: number;
  /** User + system CPU time since the process started. */
  cpuSeconds: number;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function kib(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match?.[1] ? Number(match[1]) * 1024 : 0;
}

/** Reads one process now; null when it is gone (or /proc is not there). */
export function readProc(pid: number): ProcReading | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return {
      rssBytes: kib(status, 'VmRSS'),
      hwmBytes: kib(status, 'VmHWM'),
      cpuSeconds: (utime + stime) / ticksPerSecond(),
    };
  } catch {
    return null;
  }
}

/** Busy CPU time of the whole machine since boot, all cores (from /proc/stat), in seconds; null off Linux. */
export function readMachineBusyCpuSeconds(): number | null {
  try {
    const first = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, user, nice, system, , , irq, softirq, steal] = first.trim().split(/\s+/).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** A point of a time series: seconds since the sampler started, resident MiB, CPU seconds so far. */
export interface ProcPoint {
  t: number;
  rssMiB: number;
  cpuSeconds: number;
}

/** What the sampler saw of one process. */
export interface ProcSummary {
  pid: number;
  samples: number;
  /** Largest of the sampled RSS and the kernel high-water mark. */
  peakRssMiB: number;
  peakSampledRssMiB: number;
  lastRssMiB: number;
  cpuSeconds: number;
  series: ProcPoint[];
}

/** Samples named processes every `intervalMs` until stopped. */
export interface ProcSampler {
  /** Reads every process now (call right before a process is stopped, to keep its final high-water mark). */
  sampleNow(): void;
  stop(): Record<string, ProcSummary>;
}

const MiB = 1024 * 1024;
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Starts sampling; the timer does not keep the process alive. */
export function startProcSampler(pids: Record<string, number>, intervalMs = 1000): ProcSampler {
  const started = Date.now();
  const state = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, { pid, series: [] as ProcPoint[], peakSampled: 0, hwm: 0 }]),
  );
  const sample = (): void => {
    const t = (Date.now() - started) / 1000;
    for (const entry of Object.values(state)) {
      const r = readProc(entry.pid);
      if (!r) continue;
      entry.peakSampled = Math.max(entry.peakSampled, r.rssBytes);
      entry.hwm = Math.max(entry.hwm, r.hwmBytes);
      entry.series.push({ t: round1(t), rssMiB: round1(r.rssBytes / MiB), cpuSeconds: round1(r.cpuSeconds) });
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sampleNow: sample,
    stop() {
      clearInterval(timer);
      sample();
      return Object.fromEntries(
        Object.entries(state).map(([name, s]) => {
          const last = s.series[s.series.length - 1];
          return [
            name,
            {
              pid: s.pid,
              samples: s.series.length,
              peakRssMiB: round1(Math.max(s.peakSampled, s.hwm) / MiB),
              peakSampledRssMiB: round1(s.peakSampled / MiB),
              lastRssMiB: last?.rssMiB ?? 0,
              cpuSeconds: last?.cpuSeconds ?? 0,
              series: s.series,
            },
          ];
        }),
      );
    },
  };
}

/** Keeps at most `max` points of a series, evenly spaced, always with the last one (for the results file). */
export function downsample<T>(series: T[], max: number): T[] {
  if (series.length <= max) return series;
  const step = series.length / max;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) {
    const item = series[Math.floor(i * step)];
    if (item !== undefined) out.push(item);
  }
  const last = series[series.length - 1];
  if (last !== undefined) out.push(last);
  return out;
}
