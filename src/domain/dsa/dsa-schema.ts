/**
 * The EU DSA Transparency Database's statement schema as closed lists: one versioned copy in the domain, which the
 * export, the policy loader and the local stand-in of the database all read. Written from the database's public
 * source (GitHub `digital-services-act/transparency-database`: `app/Models/Statement.php`,
 * `app/Services/GroupedSubmissionsService.php`, `app/Services/EuropeanCountriesService.php`,
 * `resources/markdown/api-documentation.md`). When the Commission changes the schema, change it here and bump
 * {@link DSA_SCHEMA_VERSION}: the policy loader then names every policy value the new schema refuses.
 */

/** The schema these lists match: the category and keyword list of Implementing Regulation (EU) 2024/2835, in force
 * in the database since July 2025 (it dropped four categories and added six). */
export const DSA_SCHEMA_VERSION = 'tdb-2025-07';

/** Statement categories and, per category, the keywords (`category_specification`) that belong to it. */
export const DSA_CATEGORY_KEYWORDS = {
  STATEMENT_CATEGORY_ANIMAL_WELFARE: ['KEYWORD_ANIMAL_HARM', 'KEYWORD_UNLAWFUL_SALE_ANIMALS'],
  STATEMENT_CATEGORY_CONSUMER_INFORMATION: [
    'KEYWORD_HIDDEN_ADVERTISEMENT',
    'KEYWORD_INSUFFICIENT_INFORMATION_ON_TRADERS',
    'KEYWORD_MISLEADING_INFO_GOODS_SERVICES',
    'KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS',
    'KEYWORD_NONCOMPLIANCE_PRICING',
  ],
  STATEMENT_CATEGORY_CYBER_VIOLENCE: [
    'KEYWORD_CYBER_BULLYING_INTIMIDATION',
    'KEYWORD_CYBER_HARASSMENT',
    'KEYWORD_CYBER_INCITEMENT',
    'KEYWORD_CYBER_STALKING',
    'KEYWORD_NON_CONSENSUAL_IMAGE_SHARING',
    'KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE',
  ],
  STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN: [
    'KEYWORD_BULLYING_AGAINST_GIRLS',
    'KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN',
    'KEYWORD_CYBER_STALKING_AGAINST_WOMEN',
    'KEYWORD_FEMALE_GENDERED_DISINFORMATION',
    'KEYWORD_INCITEMENT_AGAINST_WOMEN',
    'KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN',
    'KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN',
  ],
  STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS: [
    'KEYWORD_BIOMETRIC_DATA_BREACH',
    'KEYWORD_DATA_FALSIFICATION',
    'KEYWORD_MISSING_PROCESSING_GROUND',
    'KEYWORD_RIGHT_TO_BE_FORGOTTEN',
  ],
  STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH: ['KEYWORD_DEFAMATION', 'KEYWORD_DISCRIMINATION', 'KEYWORD_HATE_SPEECH'],
  STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS: [
    'KEYWORD_COPYRIGHT_INFRINGEMENT',
    'KEYWORD_DESIGN_INFRINGEMENT',
    'KEYWORD_GEOGRAPHIC_INDICATIONS_INFRINGEMENT',
    'KEYWORD_PATENT_INFRINGEMENT',
    'KEYWORD_TRADE_SECRET_INFRINGEMENT',
    'KEYWORD_TRADEMARK_INFRINGEMENT',
  ],
  STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS: [
    'KEYWORD_MISINFORMATION_DISINFORMATION',
    'KEYWORD_VIOLATION_EU_LAW',
    'KEYWORD_VIOLATION_NATIONAL_LAW',
  ],
  /** Only for a notice whose notifier did not say what kind of illegal content it reports. */
  STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE: [],
  STATEMENT_CATEGORY_OTHER_VIOLATION_TC: [
    'KEYWORD_ADULT_SEXUAL_MATERIAL',
    'KEYWORD_AGE_SPECIFIC_RESTRICTIONS',
    'KEYWORD_GEOGRAPHICAL_REQUIREMENTS',
    'KEYWORD_GOODS_SERVICES_NOT_PERMITTED',
    'KEYWORD_LANGUAGE_REQUIREMENTS',
    'KEYWORD_NUDITY',
  ],
  STATEMENT_CATEGORY_PROTECTION_OF_MINORS: [
    'KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS',
    'KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL',
    'KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE',
    'KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS',
    'KEYWORD_UNSAFE_CHALLENGES',
  ],
  STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY: [
    'KEYWORD_ILLEGAL_ORGANIZATIONS',
    'KEYWORD_RISK_ENVIRONMENTAL_DAMAGE',
    'KEYWORD_RISK_PUBLIC_HEALTH',
    'KEYWORD_TERRORIST_CONTENT',
  ],
  STATEMENT_CATEGORY_SCAMS_AND_FRAUD: [
    'KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING',
    'KEYWORD_INAUTHENTIC_ACCOUNTS',
    'KEYWORD_INAUTHENTIC_LISTINGS',
    'KEYWORD_INAUTHENTIC_USER_REVIEWS',
    'KEYWORD_PHISHING',
    'KEYWORD_PYRAMID_SCHEMES',
  ],
  STATEMENT_CATEGORY_SELF_HARM: [
    'KEYWORD_CONTENT_PROMOTING_EATING_DISORDERS',
    'KEYWORD_SELF_MUTILATION',
    'KEYWORD_SUICIDE',
  ],
  STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS: ['KEYWORD_PROHIBITED_PRODUCTS', 'KEYWORD_UNSAFE_PRODUCTS'],
  STATEMENT_CATEGORY_VIOLENCE: [
    'KEYWORD_COORDINATED_HARM',
    'KEYWORD_INCITEMENT_VIOLENCE_HATRED',
    'KEYWORD_HUMAN_EXPLOITATION',
    'KEYWORD_HUMAN_TRAFFICKING',
    'KEYWORD_TRAFFICKING_WOMEN_GIRLS',
  ],
} as const;

/** A statement category of the current schema. */
export type DsaCategory = keyof typeof DSA_CATEGORY_KEYWORDS;

/** Every category of the current schema, in the database's order. */
export const DSA_CATEGORIES = Object.keys(DSA_CATEGORY_KEYWORDS) as [DsaCategory, ...DsaCategory[]];

/** The keyword that fits any category; `category_specification_other` then says what it is. */
export const DSA_KEYWORD_OTHER = 'KEYWORD_OTHER';

/** A keyword (`category_specification` value) of the current schema. */
export type DsaKeyword = (typeof DSA_CATEGORY_KEYWORDS)[DsaCategory][number] | typeof DSA_KEYWORD_OTHER;

/** Every keyword of the current schema. */
export const DSA_KEYWORDS: readonly DsaKeyword[] = [
  ...new Set<DsaKeyword>([...Object.values(DSA_CATEGORY_KEYWORDS).flat(), DSA_KEYWORD_OTHER]),
];

/** Whether `keyword` belongs to `category` (`KEYWORD_OTHER` belongs to every category that has keywords). */
export function keywordFitsCategory(keyword: string, category: string): boolean {
  const own: readonly string[] =
    (DSA_CATEGORY_KEYWORDS as Record<string, readonly string[] | undefined>)[category] ?? [];
  return own.includes(keyword) || (keyword === DSA_KEYWORD_OTHER && own.length > 0);
}

/** `decision_visibility` values (an array field). */
export const DSA_DECISION_VISIBILITIES = [
  'DECISION_VISIBILITY_CONTENT_REMOVED',
  'DECISION_VISIBILITY_CONTENT_DISABLED',
  'DECISION_VISIBILITY_CONTENT_DEMOTED',
  'DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED',
  'DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED',
  'DECISION_VISIBILITY_CONTENT_LABELLED',
  'DECISION_VISIBILITY_OTHER',
] as const;

/** `decision_monetary` values. */
export const DSA_DECISION_MONETARIES = [
  'DECISION_MONETARY_SUSPENSION',
  'DECISION_MONETARY_TERMINATION',
  'DECISION_MONETARY_OTHER',
] as const;

/** `decision_provision` values: the restriction of the service itself. */
export const DSA_DECISION_PROVISIONS = [
  'DECISION_PROVISION_PARTIAL_SUSPENSION',
  'DECISION_PROVISION_TOTAL_SUSPENSION',
  'DECISION_PROVISION_PARTIAL_TERMINATION',
  'DECISION_PROVISION_TOTAL_TERMINATION',
] as const;
/** One of {@link DSA_DECISION_PROVISIONS}. */
export type DsaDecisionProvision = (typeof DSA_DECISION_PROVISIONS)[number];

/** `decision_account` values. */
export const DSA_DECISION_ACCOUNTS = ['DECISION_ACCOUNT_SUSPENDED', 'DECISION_ACCOUNT_TERMINATED'] as const;
/** One of {@link DSA_DECISION_ACCOUNTS}. */
export type DsaDecisionAccount = (typeof DSA_DECISION_ACCOUNTS)[number];

/** `account_type` values. */
export const DSA_ACCOUNT_TYPES = ['ACCOUNT_TYPE_BUSINESS', 'ACCOUNT_TYPE_PRIVATE'] as const;

/** `decision_ground` values. */
export const DSA_DECISION_GROUNDS = [
  'DECISION_GROUND_ILLEGAL_CONTENT',
  'DECISION_GROUND_INCOMPATIBLE_CONTENT',
] as const;

/** `content_type` values (an array field). */
export const DSA_CONTENT_TYPES = [
  'CONTENT_TYPE_APP',
  'CONTENT_TYPE_AUDIO',
  'CONTENT_TYPE_IMAGE',
  'CONTENT_TYPE_PRODUCT',
  'CONTENT_TYPE_SYNTHETIC_MEDIA',
  'CONTENT_TYPE_TEXT',
  'CONTENT_TYPE_VIDEO',
  'CONTENT_TYPE_OTHER',
] as const;

/** `source_type` values: where the information that led to the decision came from. */
export const DSA_SOURCE_TYPES = [
  'SOURCE_ARTICLE_16',
  'SOURCE_TRUSTED_FLAGGER',
  'SOURCE_TYPE_OTHER_NOTIFICATION',
  'SOURCE_VOLUNTARY',
] as const;
/** One of {@link DSA_SOURCE_TYPES}. */
export type DsaSourceType = (typeof DSA_SOURCE_TYPES)[number];

/** `automated_decision` values. */
export const DSA_AUTOMATED_DECISIONS = [
  'AUTOMATED_DECISION_FULLY',
  'AUTOMATED_DECISION_PARTIALLY',
  'AUTOMATED_DECISION_NOT_AUTOMATED',
] as const;

/** `automated_detection` and `incompatible_content_illegal` values. */
export const DSA_YES_NO = ['Yes', 'No'] as const;

/** `territorial_scope` values: EU member states and the three other EEA states. */
export const DSA_COUNTRIES = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'LI',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
] as const;
/** One of {@link DSA_COUNTRIES}. */
export type DsaCountry = (typeof DSA_COUNTRIES)[number];

/** Maximum lengths of the free-text fields, counted in Unicode code points (the database counts characters). */
export const DSA_TEXT_LIMITS = {
  decision_visibility_other: 500,
  decision_monetary_other: 500,
  decision_ground_reference_url: 500,
  illegal_content_legal_ground: 500,
  illegal_content_explanation: 2000,
  incompatible_content_ground: 500,
  incompatible_content_explanation: 2000,
  content_type_other: 500,
  category_specification_other: 500,
  decision_facts: 5000,
  source_identity: 500,
  puid: 500,
} as const;

/** Dates are `YYYY-MM-DD`, within these bounds (inclusive). */
export const DSA_DATE_BOUNDS = {
  content_date: { min: '2000-01-01', max: '2038-01-01' },
  application_date: { min: '2020-01-01', max: '2038-01-01' },
  end_date: { max: '2038-01-01' },
} as const;

/** What the multi-statement endpoint (`POST /api/v1/statements`) takes per call. */
export const DSA_BATCH = { min: 1, max: 100 } as const;

/** A `puid`: letters, digits, `-` and `_` only. */
export const DSA_PUID_PATTERN = /^[A-Za-z0-9_-]+$/;
