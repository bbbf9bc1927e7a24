/**
 * Text as the transparency database counts it. Its length limits count characters (Unicode code points, PHP's
 * `mb_strlen`), after trimming surrounding white space; JavaScript's `length` counts UTF-16 units, and cutting
 * there can split a surrogate pair, leaving a lone surrogate that makes the whole JSON body unreadable.
 */

/** The number of code points in `text` (what the database's `max:` rules compare). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether `text` holds a lone surrogate: it cannot be encoded as UTF-8, and the database refuses the whole body. */
export function hasLoneSurrogate(text: string): boolean {
  return new RegExp(LONE_SURROGATE.source).test(text);
}

/** Replaces lone surrogates (never valid in UTF-8 JSON) with U+FFFD; well-formed text is returned unchanged. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * `text` made well-formed, trimmed, and cut to at most `max` code points, ending with `…` when cut. Never splits a
 * surrogate pair; combining marks after the cut are dropped with the rest.
 */
export function cutText(text: string, max: number): string {
  const clean = wellFormed(text).trim();
  if (codePointLength(clean) <= max) return clean;
  const points = Array.from(clean).slice(0, Math.max(0, max - 1));
  return `${points.join('').trimEnd()}…`;
}
