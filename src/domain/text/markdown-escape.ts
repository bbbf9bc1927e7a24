/**
 * Text from a case (domains, hold references, provider names, ...) placed in markdown that a staff member's
 * browser renders: the Temporal Web UI's workflow summary and current details. Every character that can start or
 * close markup is backslash-escaped, so no link, image, raw HTML, autolink, entity, emphasis, code, table or
 * heading can come out of a value; line breaks and other control characters become spaces (a value stays inside its
 * line), and bidirectional-override characters are removed (they make the screen say something other than the
 * bytes). Pure and deterministic: workflow code calls it.
 *
 * Not every ASCII punctuation character: CommonMark allows a backslash before any of them, but the Web UI's renderer
 * (Temporal UI 2.x, checked in Chromium) shows `\,` `\/` `\;` `\=` `\?` `\@` `\%` `\"` `\'` with the backslash.
 * Those nine open no markup on their own: a URL or address cannot autolink without its escaped `:` or `.`, and a
 * link title's quotes mean nothing without an escaped `[`.
 */

// The markup characters the Web UI honours a backslash before: ! # $ & ( ) * + - . : < > [ \ ] ^ _ ` { | } ~.
const MARKUP = /[!#$&()*+\-.:<>[\\\]^_`{|}~]/g;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// Bidirectional marks, embeddings, overrides and isolates.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One value as literal inline markdown text: it renders as exactly the characters it holds, on one line. */
export function markdownText(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return text
    .replace(BIDI, '')
    .replace(BREAKING, ' ')
    .replace(MARKUP, (ch) => `\\${ch}`);
}

/**
 * A tagged template for markdown with untrusted values: the literal parts are the author's markdown, every
 * interpolated value goes through {@link markdownText}. `md\`**Stage:** ${stage}\`` cannot be turned into a link.
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, literal, i) => out + literal + (i < values.length ? markdownText(values[i]) : ''), '');
}
