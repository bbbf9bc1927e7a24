import { wellFormed } from './dsa-text';

/**
 * The `puid` of a case's statement. The database takes only `[A-Za-z0-9_-]` (at most 500 characters, unique per
 * platform); case IDs may hold `.` (account IDs do). Each part is escaped with `_XX` (hex of each UTF-8 byte) for
 * every other character, `_` included, and the parts are joined with `__`, which no escaped part contains: two
 * different cases can never share a puid, and the same case always gets the same one (the submitter's
 * idempotency key).
 */

const hex = (code: number) => `_${code.toString(16).toUpperCase().padStart(2, '0')}`;

/** `_XX` per UTF-8 byte (encodeURIComponent's bytes; the few characters it leaves alone are ASCII). */
const escapePart = (part: string) =>
  Array.from(wellFormed(part), (ch) => {
    if (/[A-Za-z0-9-]/.test(ch)) return ch;
    const encoded = encodeURIComponent(ch);
    return encoded.startsWith('%') ? encoded.replace(/%/g, '_') : hex(ch.charCodeAt(0));
  }).join('');

/** The puid of the statement of case `caseId` (its run chain `caseRef`). */
export function dsaPuid(caseId: string, caseRef: string): string {
  return `${escapePart(caseId)}__${escapePart(caseRef)}`;
}

/** The case a puid names (inverse of {@link dsaPuid}); undefined for a puid terminus did not make. */
export function caseOfPuid(puid: string): { caseId: string; caseRef: string } | undefined {
  const parts = puid.split('__');
  if (parts.length !== 2) return undefined;
  const decode = (part: string) => {
    if (!/^(?:[A-Za-z0-9-]|_[0-9A-F]{2})*$/.test(part)) return undefined;
    try {
      return decodeURIComponent(part.replace(/_/g, '%'));
    } catch {
      return undefined;
    }
  };
  const caseId = decode(parts[0] ?? '');
  const caseRef = decode(parts[1] ?? '');
  return caseId && caseRef ? { caseId, caseRef } : undefined;
}
