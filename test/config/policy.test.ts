import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY_PATH, loadPolicy, parsePolicy } from '../../src/config/policy';
import { casePolicyFor, findCategory } from '../../src/domain/policy/policy-lookup';
import { DSA_CATEGORIES, DSA_CATEGORY_KEYWORDS } from '../../src/domain/dsa/dsa-schema';

interface RawPolicy {
  version?: string;
  cutoff: Record<string, unknown>;
  categories: Record<string, unknown>[];
}

const shipped = (): RawPolicy => JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8')) as RawPolicy;

function policyError(value: unknown): string {
  try {
    parsePolicy(value, 'test.json');
  } catch (err) {
    expect((err as Error).name).toBe('PolicyError');
    return (err as Error).message;
  }
  throw new Error('expected the policy to be refused');
}

describe('policy loader', () => {
  it('loads the shipped policy with durations converted to milliseconds', () => {
    const doc = loadPolicy();
    expect(doc.version).toMatch(/^\d{4}\.\d+$/);
    const ve = findCategory(doc, 'violent_extremism');
    expect(ve.minimumNotice).toEqual({ iso: 'PT2H', ms: 2 * 3_600_000 });
    expect(ve.appealWindow.ms).toBe(14 * 86_400_000);
    expect(ve.requiredApproverRoles).toEqual(['legal', 'tns_lead']);
    expect(ve.dsaCategory).toBe('STATEMENT_CATEGORY_VIOLENCE');
    expect(doc.legalReview.firstAfter.ms).toBe(86_400_000);
  });

  it('every shipped category needs two distinct approver roles including legal', () => {
    for (const c of loadPolicy().categories) {
      expect(new Set(c.requiredApproverRoles).size).toBeGreaterThanOrEqual(2);
      expect(c.requiredApproverRoles).toContain('legal');
    }
  });

  it('accepts every category and keyword of the current schema, each keyword under its own category', () => {
    for (const [dsaCategory, keywords] of Object.entries(DSA_CATEGORY_KEYWORDS)) {
      const doc = shipped();
      doc.categories[0]!.dsaCategory = dsaCategory;
      doc.categories[0]!.dsaKeywords = keywords.length ? [...keywords, 'KEYWORD_OTHER'] : [];
      expect(parsePolicy(doc, 'test.json').categories[0]!.dsaCategory).toBe(dsaCategory);
    }
    expect(DSA_CATEGORIES).toHaveLength(16);
    expect(DSA_CATEGORIES).toEqual(expect.arrayContaining(['STATEMENT_CATEGORY_OTHER_VIOLATION_TC']));
    expect(DSA_CATEGORIES).not.toContain('STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE');
  });

  it('the shipped policy maps terms-of-service breaches to a category the database accepts', () => {
    expect(findCategory(loadPolicy(), 'terms_of_service').dsaCategory).toBe('STATEMENT_CATEGORY_OTHER_VIOLATION_TC');
  });

  it('casePolicyFor copies version, category and rules for one case', () => {
    const cp = casePolicyFor(loadPolicy(), 'phishing_malware');
    expect(cp.version).toBe(loadPolicy().version);
    expect(cp.category.id).toBe('phishing_malware');
    expect(cp.category.revokeWithoutDeliveredNotice).toBe(false);
  });

  it('an unknown category names the ones that exist', () => {
    expect(() => findCategory(loadPolicy(), 'spam')).toThrow(/unknown policy category "spam".*violent_extremism/);
  });

  it.each([
    [
      'a bad duration',
      (p: RawPolicy) => (p.categories[0]!.minimumNotice = '2 hours'),
      'categories.0.minimumNotice: "2 hours" is not an ISO 8601 duration',
    ],
    ['a month duration', (p: RawPolicy) => (p.categories[0]!.appealWindow = 'P1M'), 'categories.0.appealWindow'],
    [
      'an unknown DSA category',
      (p: RawPolicy) => (p.categories[0]!.dsaCategory = 'STATEMENT_CATEGORY_SPAM'),
      'categories.0.dsaCategory: "STATEMENT_CATEGORY_SPAM" is not a category of the DSA transparency database schema',
    ],
    [
      'a category the database dropped in 2025',
      (p: RawPolicy) => (p.categories[4]!.dsaCategory = 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE'),
      'categories.4.dsaCategory: "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE" is not a category',
    ],
    [
      'an unknown keyword',
      (p: RawPolicy) => (p.categories[0]!.dsaKeywords = ['KEYWORD_SPAM']),
      'categories.0.dsaKeywords.0: "KEYWORD_SPAM" is not a keyword',
    ],
    [
      "another category's keyword",
      (p: RawPolicy) => (p.categories[0]!.dsaKeywords = ['KEYWORD_PHISHING']),
      '"KEYWORD_PHISHING" is not a keyword of STATEMENT_CATEGORY_VIOLENCE',
    ],
    [
      'an illegal-content category without its law',
      (p: RawPolicy) => delete p.categories[1]!.legalGround,
      'categories.1.legalGround: an illegal_content category must name the law',
    ],
    [
      'one approver only',
      (p: RawPolicy) => (p.categories[1]!.requiredApproverRoles = ['legal']),
      'categories.1.requiredApproverRoles',
    ],
    [
      'the same role twice',
      (p: RawPolicy) => (p.categories[1]!.requiredApproverRoles = ['legal', 'legal']),
      'roles must be distinct',
    ],
    [
      'no legal approver',
      (p: RawPolicy) => (p.categories[0]!.requiredApproverRoles = ['tns_lead', 'admin']),
      'must include "legal"',
    ],
    [
      'an investigator as approver',
      (p: RawPolicy) => (p.categories[0]!.requiredApproverRoles = ['legal', 'investigator']),
      'investigator cannot approve',
    ],
    ['a duplicate category', (p: RawPolicy) => (p.categories[1]!.id = p.categories[0]!.id), 'duplicate category id'],
    ['a missing version', (p: RawPolicy) => delete p.version, 'version'],
    ['an unknown field', (p: RawPolicy) => (p.categories[0]!.mimimumNotice = 'PT1H'), 'mimimumNotice'],
    ['an unknown gap rule', (p: RawPolicy) => (p.cutoff.nonexistentLocalTime = 'skip'), 'cutoff.nonexistentLocalTime'],
    ['no categories', (p: RawPolicy) => (p.categories = []), 'categories'],
  ])('refuses %s with a message naming the field', (_what, mutate, expected) => {
    const doc = shipped();
    mutate(doc);
    const message = policyError(doc);
    expect(message).toContain('invalid policy test.json');
    expect(message).toContain(expected);
  });

  it('refuses a file that is not JSON, and a file that does not exist', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
    try {
      const bad = path.join(dir, 'bad.json');
      writeFileSync(bad, '{ "version": ');
      expect(() => loadPolicy(bad)).toThrow(/is not valid JSON/);
      expect(() => loadPolicy(path.join(dir, 'missing.json'))).toThrow(/cannot read policy file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
