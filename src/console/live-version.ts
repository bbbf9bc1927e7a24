import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { ConsoleEnv } from './console-env';

/** A short version of what a page shows: it changes when (and only when) the data behind the page changed. */
export const versionOf = (data: unknown): string =>
  createHash('sha256').update(JSON.stringify(data)).digest('base64url').slice(0, 22);

/**
 * A live endpoint's answer: `{ version }` with the version as its ETag, or 304 (no body) when the page asking
 * already shows it (If-None-Match). Not audited: it tells a page whether to read again, not what changed.
 */
export function liveAnswer(c: Context<ConsoleEnv>, version: string): Response {
  const etag = `"${version}"`;
  const asked = c.req.header('if-none-match');
  c.header('etag', etag);
  if (asked && asked.split(',').some((t) => t.trim() === etag)) return c.body(null, 304);
  return c.json({ version });
}
