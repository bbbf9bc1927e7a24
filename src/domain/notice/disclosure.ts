/**
 * The non-disclosure guard. Under a 2705(b)-style order a customer notice must not reveal that law enforcement
 * asked for anything. The templates never mention holds or requests; the remaining risk is free text written by
 * staff (facts, ground explanation, evidence references, appeal reasons). Under non-disclosure that text is
 * screened, and a notice that would mention law enforcement is refused, not redacted: silently cutting words
 * out of a statement of reasons could change its meaning, so a person rewrites it instead.
 */

/** Phrases that reveal a law-enforcement request or hold; matched case-insensitively on word boundaries. */
export const LAW_ENFORCEMENT_TERMS: readonly string[] = [
  'law enforcement',
  'law-enforcement',
  'police',
  'FBI',
  'subpoena',
  'warrant',
  'court order',
  'legal process',
  'gag order',
  'non-disclosure',
  'nondisclosure',
  'preservation request',
  'preservation order',
  'do not terminate',
  'do-not-terminate',
  '2703',
  '2705',
  '18 U.S.C',
  'investigating agency',
  'agency contact',
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PATTERNS = LAW_ENFORCEMENT_TERMS.map((term) => ({
  term,
  re: new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(term).replace(/ /g, '\\s+')}(?![A-Za-z0-9])`, 'i'),
}));

/** The listed terms found in any of `texts` (each reported once), in list order. */
export function lawEnforcementMentions(texts: readonly string[]): string[] {
  return PATTERNS.filter(({ re }) => texts.some((t) => re.test(t))).map(({ term }) => term);
}
