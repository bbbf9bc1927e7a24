import { punycodeDecode, punycodeEncode } from './punycode';
import { isPublicSuffix } from './public-suffixes';

/**
 * One spelling for every domain name the edge compares. Two names that reach the same DNS owner must normalise
 * to the same string (case, trailing dot, Unicode forms, ideographic full stops, A-label vs U-label), or a
 * footprint check could be passed with one spelling and the revocation applied to another.
 */

/** Why a name was refused. `invalid_input` can never be a domain; `footprint` is a name that could reach
 * beyond one customer (a wildcard, a top-level domain, a public suffix, an address literal). */
export type DomainNameProblemKind = 'invalid_input' | 'footprint';

/** A refused name, with a message that names the input and the reason. */
export interface DomainNameProblem {
  kind: DomainNameProblemKind;
  code: 'empty' | 'syntax' | 'too_long' | 'bad_idn' | 'wildcard' | 'single_label' | 'public_suffix' | 'ip_address';
  message: string;
}

/** Either the canonical name (lower-case A-labels, no trailing dot) or why there is none. */
export type DomainNameResult = { ok: true; name: string } | { ok: false; problem: DomainNameProblem };

const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const UNICODE_LABEL = /^[\p{L}\p{M}\p{N}-]+$/u;
// U+3002 ideographic full stop, U+FF0E fullwidth full stop, U+FF61 halfwidth ideographic full stop: UTS 46
// treats them as label separators, so `forum。example` is `forum.example`.
const DOT_VARIANTS = /[\u3002\uff0e\uff61]/g;

function fail(code: DomainNameProblem['code'], kind: DomainNameProblemKind, message: string): DomainNameResult {
  return { ok: false, problem: { kind, code, message } };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Canonical spelling of one label, or a problem message. */
function canonicalLabel(label: string): { label: string } | { error: string } {
  if (isAscii(label)) {
    if (!LDH_LABEL.test(label)) return { error: `label "${label}" is not letters, digits and inner hyphens` };
    if (label.startsWith('xn--')) {
      const decoded = punycodeDecode(label.slice(4));
      if (decoded === null || isAscii(decoded)) return { error: `label "${label}" is not a valid A-label` };
      if (fold(decoded) !== decoded || !UNICODE_LABEL.test(decoded) || punycodeEncode(decoded) !== label.slice(4)) {
        return { error: `label "${label}" is not in normalised form (it decodes to "${decoded}")` };
      }
    }
    return { label };
  }
  if (!UNICODE_LABEL.test(label)) return { error: `label "${label}" contains characters not allowed in a domain name` };
  const encoded = `xn--${punycodeEncode(label)}`;
  if (encoded.length > 63) return { error: `label "${label}" is longer than 63 octets once encoded` };
  return { label: encoded };
}

/**
 * Normalises a host or domain name as typed by a person or read from a provider: trims, folds case and
 * Unicode compatibility forms, drops one trailing dot, encodes IDN labels. Refuses wildcards, empty labels,
 * address literals, top-level domains and public suffixes (`co.uk`): none of those is one customer's name.
 */
export function normalizeDomainName(input: string, extraPublicSuffixes: readonly string[] = []): DomainNameResult {
  const shown = JSON.stringify(input);
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty', 'invalid_input', 'the domain name is empty');
  const folded = fold(trimmed).replace(DOT_VARIANTS, '.');
  if (folded.includes('*')) {
    return fail('wildcard', 'footprint', `${shown} is a wildcard; name the customer's domains one by one`);
  }
  if (/[\s%/\\@:?#]/.test(folded)) {
    return fail('syntax', 'invalid_input', `${shown} contains characters that never appear in a domain name`);
  }
  const withoutRoot = folded.endsWith('.') ? folded.slice(0, -1) : folded;
  const labels = withoutRoot.split('.');
  if (labels.some((l) => l === '')) return fail('syntax', 'invalid_input', `${shown} has an empty label`);
  const canonical: string[] = [];
  for (const label of labels) {
    const result = canonicalLabel(label);
    if ('error' in result) {
      const code = label.startsWith('xn--') || !isAscii(label) ? 'bad_idn' : 'syntax';
      return fail(code, 'invalid_input', `${shown}: ${result.error}`);
    }
    canonical.push(result.label);
  }
  const name = canonical.join('.');
  if (name.length > 253) return fail('too_long', 'invalid_input', `${shown} is longer than 253 characters`);
  if (/^[0-9]+$/.test(canonical[canonical.length - 1] ?? '')) {
    return fail('ip_address', 'footprint', `${shown} is an address, not a domain name`);
  }
  if (canonical.length === 1) {
    return fail('single_label', 'footprint', `${shown} is a top-level domain, shared by every customer under it`);
  }
  if (isPublicSuffix(name, extraPublicSuffixes)) {
    return fail('public_suffix', 'footprint', `${shown} is a public suffix, shared by every customer under it`);
  }
  return { ok: true, name };
}

/** True when `name` is `ancestor` or lies beneath it (both canonical). */
export function isAtOrBelow(name: string, ancestor: string): boolean {
  return name === ancestor || name.endsWith(`.${ancestor}`);
}

/** True when `name` lies strictly beneath `ancestor` (both canonical). */
export function isStrictlyBelow(name: string, ancestor: string): boolean {
  return name.endsWith(`.${ancestor}`);
}

/** `name` and each parent of it, deepest first (`a.b.c` -> `a.b.c`, `b.c`, `c`). */
export function selfAndAncestors(name: string): string[] {
  const labels = name.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

/**
 * Lenient canonical form for names read back from a provider (zone names, record owners, route host
 * matchers): lower-case, no trailing dot, a leading `*.` kept. Provider data is not customer input, so it is
 * not refused; it is only made comparable.
 */
export function canonicalProviderName(name: string): string {
  const lowered = fold(name.trim()).replace(DOT_VARIANTS, '.');
  const bare = lowered.endsWith('.') ? lowered.slice(0, -1) : lowered;
  return bare
    .split('.')
    .map((label) => (isAscii(label) ? label : `xn--${punycodeEncode(label)}`))
    .join('.');
}
