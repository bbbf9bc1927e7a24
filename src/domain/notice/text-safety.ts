/**
 * Making customer- and staff-supplied strings safe for the three places a notice puts them: HTML (escaped),
 * header values (one line, no control characters, so nobody can add a `Bcc:` through an account name) and the
 * plain-text body (no control or bidirectional-override characters that could make the text say something
 * else on screen than it says in the bytes). Pure functions: the renderer and the tests share them.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

// C0 and C1 controls, DEL, line/paragraph separators, and the bidi embedding/override/isolate controls.
// eslint-disable-next-line no-control-regex
const HEADER_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// Same set minus TAB and LF, which a body may keep.
// eslint-disable-next-line no-control-regex
const BODY_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Longest header text we put in a subject or display name; longer text is cut with an ellipsis. */
export const MAX_HEADER_TEXT = 180;

/**
 * One-line text for a header value (subject, display name): every control character, CR and LF included,
 * becomes a space, runs of spaces collapse, and the result is trimmed and bounded. Stripping (rather than
 * refusing) keeps a notice deliverable when an account name is hostile; the header can never be split.
 */
export function headerText(value: string, max = MAX_HEADER_TEXT): string {
  const flat = value.replace(HEADER_UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** Body text: line endings normalised to LF, other control and bidi-override characters removed. */
export function bodyText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(BODY_UNSAFE, '').trim();
}

/** True when the string holds any character {@link headerText} would remove (controls, CR/LF, bidi overrides). */
export function hasUnsafeHeaderCharacters(value: string): boolean {
  return new RegExp(HEADER_UNSAFE.source).test(value);
}

/** True when the string would change a header's structure if put into one verbatim. */
export function hasHeaderBreak(value: string): boolean {
  return /[\r\n]/.test(value);
}
