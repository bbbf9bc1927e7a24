import type { CaseSource } from '../case/case-source';
import { dsaSourceType, OWN_INITIATIVE, publicSourceIdentity } from '../case/case-source';
import { describeAffected, type StatementOfReasons } from '../statement-of-reasons';
import {
  DSA_COUNTRIES,
  DSA_DATE_BOUNDS,
  DSA_TEXT_LIMITS,
  keywordFitsCategory,
  type DsaCategory,
  type DsaCountry,
  type DsaDecisionAccount,
  type DsaDecisionProvision,
  type DsaKeyword,
  type DsaSourceType,
} from './dsa-schema';
import { cutText } from './dsa-text';

/**
 * A statement of reasons in the EU DSA Transparency Database's submission format (field names and values of its
 * statement API, schema {@link DSA_SCHEMA_VERSION}), so the export can be submitted as is. A network provider
 * ending service restricts the provision of the service and the account, not items of content, so only those
 * restrictions are stated.
 */
export interface DsaStatement {
  decision_provision: DsaDecisionProvision;
  decision_account: DsaDecisionAccount;
  /** Set when the restriction ended (service restored): the decision was then in effect a suspension. */
  end_date_service_restriction?: string;
  end_date_account_restriction?: string;
  account_type: 'ACCOUNT_TYPE_BUSINESS';
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT' | 'DECISION_GROUND_INCOMPATIBLE_CONTENT';
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  incompatible_content_illegal?: 'Yes' | 'No';
  category: DsaCategory;
  category_specification?: DsaKeyword[];
  content_type: ['CONTENT_TYPE_OTHER'];
  content_type_other: string;
  content_date: string;
  application_date: string;
  decision_facts: string;
  source_type: DsaSourceType;
  source_identity?: string;
  automated_detection: 'Yes' | 'No';
  automated_decision: 'AUTOMATED_DECISION_FULLY' | 'AUTOMATED_DECISION_NOT_AUTOMATED';
  territorial_scope: DsaCountry[];
  /** Platform unique identifier: derived from the case, never personal data. */
  puid: string;
}

/** EU and EEA states, for a termination that applies everywhere. */
export const EEA_TERRITORIAL_SCOPE: readonly DsaCountry[] = DSA_COUNTRIES;

/** What the export needs beyond the statement of reasons sent to the customer. */
export interface DsaExportInput {
  puid: string;
  /** When the restricted service began (the account's or zone's creation); the case's opening if unknown. */
  contentDate: string;
  /** When the restriction actually applied (service ended), not the planned cutoff. */
  appliedAt: string;
  /** When service was restored, if it was (an upheld appeal). */
  restoredAt?: string;
  source?: CaseSource;
  /** The law relied on, for an illegal-content ground. */
  legalGround?: string;
  /** Why the content is illegal or incompatible on that ground (legal's reasons). */
  groundReasons?: string;
  keywords?: readonly DsaKeyword[];
}

const day = (iso: string) => iso.slice(0, 10);
const clampDay = (value: string, min: string, max: string) => (value < min ? min : value > max ? max : value);
const text = (value: string, field: keyof typeof DSA_TEXT_LIMITS, fallback: string) =>
  cutText(value, DSA_TEXT_LIMITS[field]) || cutText(fallback, DSA_TEXT_LIMITS[field]);

/** What an account case ends, at most this many characters of the facts field (the facts keep the rest). */
const AFFECTED_MAX = 1_500;

/** The facts, followed for an account case by what it ends (counts, first names, exclusions with reasons), the
 * whole within the database's limit: the facts are cut first so the affected names always fit. */
function factsWithAffected(sor: StatementOfReasons): string {
  if (!sor.affected) return text(sor.facts, 'decision_facts', sor.policy.clause);
  const affected = cutText(describeAffected(sor.affected), AFFECTED_MAX);
  const facts = cutText(sor.facts, DSA_TEXT_LIMITS.decision_facts - affected.length - 2);
  return text(`${facts}\n\n${affected}`, 'decision_facts', sor.policy.clause);
}

function restriction(sor: StatementOfReasons, restored: boolean) {
  const services = sor.decision.services;
  const total = services.includes('dns') && services.includes('proxy');
  if (restored) {
    return {
      decision_provision: total ? 'DECISION_PROVISION_TOTAL_SUSPENSION' : 'DECISION_PROVISION_PARTIAL_SUSPENSION',
      decision_account: 'DECISION_ACCOUNT_SUSPENDED',
    } as const;
  }
  return {
    decision_provision: total ? 'DECISION_PROVISION_TOTAL_TERMINATION' : 'DECISION_PROVISION_PARTIAL_TERMINATION',
    decision_account: 'DECISION_ACCOUNT_TERMINATED',
  } as const;
}

function ground(sor: StatementOfReasons, input: DsaExportInput): Partial<DsaStatement> {
  const why = input.groundReasons?.trim() ? input.groundReasons : sor.groundExplanation;
  if (sor.ground === 'illegal_content') {
    return {
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      illegal_content_legal_ground: text(
        input.legalGround ?? sor.groundExplanation,
        'illegal_content_legal_ground',
        sor.policy.clause,
      ),
      illegal_content_explanation: text(why, 'illegal_content_explanation', sor.facts),
    };
  }
  return {
    decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    incompatible_content_ground: text(sor.policy.clause, 'incompatible_content_ground', sor.policy.category),
    incompatible_content_explanation: text(why, 'incompatible_content_explanation', sor.facts),
    incompatible_content_illegal: 'No',
  };
}

/** Maps a statement of reasons to the database format; every text is cut as the database counts, and the content
 * date kept between the database's lower bound and the day the restriction applied. */
export function toDsaStatement(sor: StatementOfReasons, input: DsaExportInput): DsaStatement {
  // The day service actually ended, as it was (a date outside the database's range is reported, not moved).
  const applied = day(input.appliedAt);
  const source = input.source ?? OWN_INITIATIVE;
  const category = sor.policy.dsaCategory as DsaCategory;
  const keywords = (input.keywords ?? []).filter((k) => keywordFitsCategory(k, category));
  const identity = publicSourceIdentity(source);
  const statement = {
    ...restriction(sor, input.restoredAt !== undefined),
    account_type: 'ACCOUNT_TYPE_BUSINESS',
    ...ground(sor, input),
    category,
    ...(keywords.length ? { category_specification: [...new Set(keywords)] } : {}),
    content_type: ['CONTENT_TYPE_OTHER'],
    content_type_other: `website served through our ${sor.decision.services.join(' and ')} service`,
    content_date: clampDay(day(input.contentDate), DSA_DATE_BOUNDS.content_date.min, applied),
    application_date: applied,
    decision_facts: factsWithAffected(sor),
    source_type: dsaSourceType(source),
    ...(identity ? { source_identity: cutText(identity, DSA_TEXT_LIMITS.source_identity) } : {}),
    automated_detection: sor.automatedDetection ? 'Yes' : 'No',
    automated_decision: sor.automatedDecision ? 'AUTOMATED_DECISION_FULLY' : 'AUTOMATED_DECISION_NOT_AUTOMATED',
    territorial_scope: [...EEA_TERRITORIAL_SCOPE],
    puid: input.puid,
  } as DsaStatement;
  if (input.restoredAt !== undefined) {
    const ended = clampDay(day(input.restoredAt), applied, DSA_DATE_BOUNDS.end_date.max);
    statement.end_date_service_restriction = ended;
    statement.end_date_account_restriction = ended;
  }
  return statement;
}
