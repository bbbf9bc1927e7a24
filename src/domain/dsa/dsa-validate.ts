import {
  DSA_ACCOUNT_TYPES,
  DSA_AUTOMATED_DECISIONS,
  DSA_CATEGORIES,
  DSA_CONTENT_TYPES,
  DSA_COUNTRIES,
  DSA_DATE_BOUNDS,
  DSA_DECISION_ACCOUNTS,
  DSA_DECISION_GROUNDS,
  DSA_DECISION_MONETARIES,
  DSA_DECISION_PROVISIONS,
  DSA_DECISION_VISIBILITIES,
  DSA_KEYWORDS,
  DSA_PUID_PATTERN,
  DSA_SOURCE_TYPES,
  DSA_TEXT_LIMITS,
  DSA_YES_NO,
} from './dsa-schema';
import { codePointLength, hasLoneSurrogate } from './dsa-text';

/**
 * The transparency database's validation of one statement, written from its published rules (the per-statement
 * rules of `GroupedSubmissionsService` and the field documentation), not from its code. The export checks its own
 * output with it and the local stand-in of the database answers 422 with it, so a statement the database would
 * refuse fails a test here first. Errors are keyed by field like the database's (`{ field: [messages] }`).
 */
export type DsaFieldErrors = Record<string, string[]>;

type Fields = Record<string, unknown>;

/** Laravel's `required`: absent, null, a blank string and an empty array all count as missing. */
const present = (v: unknown) =>
  v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && !v.length);

const isDay = (v: unknown): v is string => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

class Checker {
  readonly errors: DsaFieldErrors = {};
  constructor(readonly s: Fields) {}

  fail(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  oneOf(field: string, list: readonly string[], opts: { required?: boolean } = {}): void {
    const v = this.s[field];
    if (!present(v)) {
      if (opts.required) this.fail(field, `The ${field} field is required.`);
      return;
    }
    if (typeof v !== 'string' || !list.includes(v)) this.fail(field, `The selected ${field} is invalid.`);
  }

  arrayOf(field: string, list: readonly string[], opts: { required?: boolean } = {}): void {
    const v = this.s[field];
    if (!present(v)) {
      if (opts.required) this.fail(field, `The ${field} field is required.`);
      return;
    }
    if (!Array.isArray(v)) return this.fail(field, `The ${field} field must be an array.`);
    if (v.some((x) => typeof x !== 'string' || !list.includes(x)))
      this.fail(field, `The selected ${field} is invalid.`);
  }

  text(field: keyof typeof DSA_TEXT_LIMITS, opts: { required?: boolean } = {}): void {
    const v = this.s[field];
    if (!present(v)) {
      if (opts.required) this.fail(field, `The ${field} field is required.`);
      return;
    }
    if (typeof v !== 'string') return this.fail(field, `The ${field} field must be a string.`);
    const max = DSA_TEXT_LIMITS[field];
    if (codePointLength(v.trim()) > max)
      this.fail(field, `The ${field} field must not be greater than ${max} characters.`);
  }

  day(field: string, bounds: { min?: string; max?: string }, opts: { required?: boolean } = {}): void {
    const v = this.s[field];
    if (!present(v)) {
      if (opts.required) this.fail(field, `The ${field} field is required.`);
      return;
    }
    if (!isDay(v)) return this.fail(field, `The ${field} does not match the format YYYY-MM-DD.`);
    if (bounds.min && v < bounds.min) this.fail(field, `The ${field} must be a date after or equal to ${bounds.min}.`);
    if (bounds.max && v > bounds.max) this.fail(field, `The ${field} must be a date before or equal to ${bounds.max}.`);
  }

  has(field: string, value: string): boolean {
    const v = this.s[field];
    return Array.isArray(v) ? v.includes(value) : v === value;
  }
}

const RESTRICTIONS = ['decision_visibility', 'decision_monetary', 'decision_provision', 'decision_account'] as const;
const END_DATES = [
  'end_date_account_restriction',
  'end_date_monetary_restriction',
  'end_date_service_restriction',
  'end_date_visibility_restriction',
] as const;

function checkRestrictions(c: Checker): void {
  if (!RESTRICTIONS.some((f) => present(c.s[f]))) {
    for (const f of RESTRICTIONS)
      c.fail(f, `The ${f} field is required when none of the other restrictions are present.`);
  }
  c.arrayOf('decision_visibility', DSA_DECISION_VISIBILITIES);
  if (c.has('decision_visibility', 'DECISION_VISIBILITY_OTHER'))
    c.text('decision_visibility_other', { required: true });
  c.oneOf('decision_monetary', DSA_DECISION_MONETARIES);
  if (c.has('decision_monetary', 'DECISION_MONETARY_OTHER')) c.text('decision_monetary_other', { required: true });
  c.oneOf('decision_provision', DSA_DECISION_PROVISIONS);
  c.oneOf('decision_account', DSA_DECISION_ACCOUNTS);
  c.oneOf('account_type', DSA_ACCOUNT_TYPES);
}

function checkGround(c: Checker): void {
  c.oneOf('decision_ground', DSA_DECISION_GROUNDS, { required: true });
  const url = c.s.decision_ground_reference_url;
  if (present(url)) {
    c.text('decision_ground_reference_url');
    if (typeof url !== 'string' || !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url)) {
      c.fail('decision_ground_reference_url', 'The decision_ground_reference_url field must be a valid URL.');
    }
  }
  if (c.has('decision_ground', 'DECISION_GROUND_ILLEGAL_CONTENT')) {
    c.text('illegal_content_legal_ground', { required: true });
    c.text('illegal_content_explanation', { required: true });
  }
  if (c.has('decision_ground', 'DECISION_GROUND_INCOMPATIBLE_CONTENT')) {
    c.text('incompatible_content_ground', { required: true });
    c.text('incompatible_content_explanation', { required: true });
    c.oneOf('incompatible_content_illegal', DSA_YES_NO);
  }
}

function checkContent(c: Checker): void {
  c.arrayOf('content_type', DSA_CONTENT_TYPES, { required: true });
  if (c.has('content_type', 'CONTENT_TYPE_OTHER')) c.text('content_type_other', { required: true });
  c.oneOf('category', DSA_CATEGORIES, { required: true });
  c.arrayOf('category_addition', DSA_CATEGORIES);
  c.arrayOf('category_specification', DSA_KEYWORDS);
  c.text('category_specification_other');
  c.arrayOf('territorial_scope', DSA_COUNTRIES);
  const lang = c.s.content_language;
  if (present(lang) && (typeof lang !== 'string' || !/^[A-Z]{2}$/.test(lang))) {
    c.fail('content_language', 'The selected content_language is invalid.');
  }
}

function checkDates(c: Checker): void {
  c.day('content_date', DSA_DATE_BOUNDS.content_date, { required: true });
  c.day('application_date', DSA_DATE_BOUNDS.application_date, { required: true });
  const applied = c.s.application_date;
  for (const f of END_DATES) {
    c.day(f, { ...DSA_DATE_BOUNDS.end_date, ...(isDay(applied) ? { min: applied } : {}) });
  }
}

function checkSource(c: Checker): void {
  c.text('decision_facts', { required: true });
  c.oneOf('source_type', DSA_SOURCE_TYPES, { required: true });
  c.text('source_identity');
  c.oneOf('automated_detection', DSA_YES_NO, { required: true });
  c.oneOf('automated_decision', DSA_AUTOMATED_DECISIONS, { required: true });
  c.text('puid', { required: true });
  const puid = c.s.puid;
  if (present(puid) && (typeof puid !== 'string' || !DSA_PUID_PATTERN.test(puid))) {
    c.fail('puid', 'The puid field format is invalid.');
  }
}

/** The field errors the database would answer for one statement; an empty object means it would accept it. */
export function validateDsaStatement(statement: unknown): DsaFieldErrors {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    return { statement: ['A statement must be a JSON object.'] };
  }
  const c = new Checker(statement as Fields);
  checkRestrictions(c);
  checkGround(c);
  checkContent(c);
  checkDates(c);
  checkSource(c);
  return c.errors;
}

/** Whether some string anywhere in a parsed JSON value holds a lone surrogate (the database cannot decode it). */
export function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return hasLoneSurrogate(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsLoneSurrogate);
  return false;
}
