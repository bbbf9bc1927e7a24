/**
 * Text bound for a terminal. Case texts come from other people (findings, reasons, an appeal, a hold reference) and,
 * for cases opened before the API refused control characters or by a direct Temporal client, may hold escape
 * sequences that would move the cursor, retitle the window or hide lines in a staff member's terminal. Every
 * control character but newline and tab, and every bidi override, is shown as a visible `\u{..}` instead.
 */

// C0 controls but tab and newline, DEL and C1 controls, and the bidi overrides and isolates.
// eslint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `value` with every character a terminal would act on written out as `\u{hex}`. */
export function terminalText(value: string): string {
  return value.replace(TERMINAL_UNSAFE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
