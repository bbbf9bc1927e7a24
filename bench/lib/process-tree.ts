import { readdirSync, readFileSync } from 'node:fs';

/**
 * Memory of a process tree by role, read from /proc (Linux). Proportional set size (`Pss` in smaps_rollup) is
 * used, not RSS: PostgreSQL's backends share its buffer pool, and summing their RSS would count it once per
 * backend. Read-only; a process that ends while it is read is skipped.
 */

/** The roles a deployment's processes play, as the capacity benchmark reports them. */
export type ProcessRole = 'terminus' | 'temporal' | 'postgres' | 'other';

/** One process of the tree. */
export interface TreeProcess {
  pid: number;
  ppid: number;
  /** The executable's name (`comm`). */
  name: string;
  cmdline: string[];
}

function readStat(pid: number): { ppid: number; name: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { ppid, name };
  } catch {
    return null;
  }
}

/** Every live process descending from `root` (itself included). */
export function processTree(root: number): TreeProcess[] {
  const all: TreeProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readStat(pid);
    if (!stat) continue;
    let cmdline: string[];
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    all.push({ pid, ppid: stat.ppid, name: stat.name, cmdline });
  }
  const tree: TreeProcess[] = [];
  const frontier = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if ((p.pid === root || frontier.has(p.ppid)) && !frontier.has(p.pid)) {
        frontier.add(p.pid);
        grew = true;
      }
    }
  }
  for (const p of all) if (frontier.has(p.pid)) tree.push(p);
  return tree;
}

/** What a process is: PostgreSQL, a Temporal server (dev server or `server`), or terminus (node). */
export function roleOf(p: TreeProcess): ProcessRole {
  if (p.name === 'postgres' || p.cmdline[0]?.endsWith('/postgres')) return 'postgres';
  if (p.cmdline.includes('start-dev') || (p.cmdline.includes('--config-file') && p.cmdline.includes('start'))) {
    return 'temporal';
  }
  if (p.name === 'node' || p.name.startsWith('node') || p.cmdline[0]?.endsWith('node')) return 'terminus';
  return 'other';
}

/** The proportional set size of one process in bytes, or null when it is gone. */
export function pssBytes(pid: number): number | null {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^Pss:\s+(\d+) kB$/m.exec(rollup);
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Memory of the tree under `roots`, in MiB by role, and how many processes each role had. */
export function memoryByRole(roots: number[]): Record<ProcessRole, { mib: number; processes: number }> {
  const out: Record<ProcessRole, { mib: number; processes: number }> = {
    terminus: { mib: 0, processes: 0 },
    temporal: { mib: 0, processes: 0 },
    postgres: { mib: 0, processes: 0 },
    other: { mib: 0, processes: 0 },
  };
  const seen = new Set<number>();
  for (const root of roots) {
    for (const p of processTree(root)) {
      if (seen.has(p.pid)) continue;
      seen.add(p.pid);
      const bytes = pssBytes(p.pid);
      if (bytes === null) continue;
      const role = out[roleOf(p)];
      role.mib += bytes / 1024 / 1024;
      role.processes++;
    }
  }
  for (const r of Object.values(out)) r.mib = Math.round(r.mib * 10) / 10;
  return out;
}
