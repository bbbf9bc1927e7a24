import { readdirSync, readFileSync } from 'node:fs';
import { readMachineBusyCpuSeconds, readProc } from '../lib/proc-sampler';

/**
 * CPU time spent by the processes a benchmark runs on (this process: worker, database, mail, edge, API, driver;
 * and the Temporal dev server), read from /proc around each phase. CPU seconds per unit of work hold up on a shared
 * machine better than wall-clock rates do: other tenants slow a phase down but do not add to its CPU time.
 */

/** One reading. */
export interface CpuReading {
  at: number;
  self: number;
  server: number;
  /** All cores of the machine, every process (what other tenants used shows here). */
  machine: number | null;
}

/** CPU seconds used between two readings. */
export interface CpuUsed {
  selfSeconds: number;
  serverSeconds: number;
  /** Busy seconds of the whole machine minus ours: what other processes took meanwhile. */
  othersSeconds: number | null;
  wallSeconds: number;
}

/** The child of `parentPid` (this process by default) running `temporal server start-dev --port <port>`, or null. */
export function findDevServerPid(address: string, parentPid = process.pid): number | null {
  const port = address.split(':').pop();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parentPid && cmdline.includes('start-dev') && cmdline[cmdline.indexOf('--port') + 1] === port) {
        return Number(entry);
      }
    } catch {
      // A process that ended while we looked.
    }
  }
  return null;
}

/** Reads the CPU time of `selfPid` (this process by default) and of `serverPid` now. */
export function readCpu(serverPid: number | null, selfPid = process.pid): CpuReading {
  return {
    at: Date.now(),
    self: readProc(selfPid)?.cpuSeconds ?? 0,
    server: serverPid ? (readProc(serverPid)?.cpuSeconds ?? 0) : 0,
    machine: readMachineBusyCpuSeconds(),
  };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** What was used between `a` and `b`. */
export function cpuBetween(a: CpuReading, b: CpuReading): CpuUsed {
  const self = b.self - a.self;
  const server = b.server - a.server;
  const machine = a.machine !== null && b.machine !== null ? b.machine - a.machine : null;
  return {
    selfSeconds: r2(self),
    serverSeconds: r2(server),
    othersSeconds: machine === null ? null : r2(Math.max(0, machine - self - server)),
    wallSeconds: r2((b.at - a.at) / 1000),
  };
}
