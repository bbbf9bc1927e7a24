import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Type } from 'protobufjs';
import { toJson } from 'protobufjs/ext/protojson';

/** Where committed histories live; the replay test replays every `*.json` here. */
export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

/**
 * A history as proto JSON, the format of `temporal workflow show --output json` and of the SDK's own history
 * export, which the replay worker reads back. The SDK's generated message classes are protobufjs reflection types
 * at run time (their typings hide it), so protobufjs's ProtoJSON writer takes them as they are.
 */
function historyToJSON(history: temporal.api.history.v1.IHistory): string {
  const History = temporal.api.history.v1.History;
  return JSON.stringify(toJson(History as unknown as Type, History.fromObject(history)), null, 2);
}

/**
 * Writes a finished workflow's history to `test/histories/<name>.json` when the run records histories
 * (`npm run histories:record` sets TERMINUS_RECORD_HISTORIES=1). In a normal test run it does nothing, so the
 * committed files only change when someone means to change them.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.TERMINUS_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history) + '\n');
}

/** A committed history with the workflow ID it ran under (the file name). */
export interface StoredHistory {
  name: string;
  history: unknown;
}

/** Loads every committed history, sorted by name. */
export async function loadHistories(dir = HISTORIES_DIR): Promise<StoredHistory[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (f) => ({
      name: f.replace(/\.json$/, ''),
      history: JSON.parse(await readFile(path.join(dir, f), 'utf8')) as unknown,
    })),
  );
}
