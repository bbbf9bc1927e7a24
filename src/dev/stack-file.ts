import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StackInfo } from './stack';

/**
 * `<home>/data/stack.json`: where a running `npm start` stack is (every URL of its banner), so tools started
 * later (the demo) find it without parsing a terminal. Written once the stack is ready, removed when it stops; a
 * file left by a killed stack is recognised by its dead `pid`. No credentials: the database URL is redacted and
 * the tokens stay in their own 0600 file.
 */
export interface StackFile {
  pid: number;
  startedAt: string;
  info: StackInfo;
}

/** Where the stack file of a data folder is. */
export const stackFilePath = (dataDir: string): string => path.join(dataDir, 'stack.json');

/** A URL without its password (`postgres://user:***@host/db`). */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Writes the stack file atomically (a reader never sees half a file). */
export async function writeStackFile(info: StackInfo, pid = process.pid): Promise<string> {
  const file = stackFilePath(info.dataDir);
  const content: StackFile = {
    pid,
    startedAt: new Date().toISOString(),
    info: { ...info, databaseUrl: redactUrl(info.databaseUrl) },
  };
  await writeFile(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o644 });
  await rename(`${file}.tmp`, file);
  return file;
}

/** Removes the stack file if it is this process's (a newer stack may have replaced it). */
export async function removeStackFile(dataDir: string, pid = process.pid): Promise<void> {
  const current = await readStackFile(dataDir);
  if (current && current.pid === pid) await rm(stackFilePath(dataDir), { force: true });
}

/** The stack file of a data folder, or null when there is none (or it is unreadable). */
export async function readStackFile(dataDir: string): Promise<StackFile | null> {
  try {
    const parsed = JSON.parse(await readFile(stackFilePath(dataDir), 'utf8')) as StackFile;
    return typeof parsed.pid === 'number' && typeof parsed.info?.apiUrl === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** Whether a process with this id is alive (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
