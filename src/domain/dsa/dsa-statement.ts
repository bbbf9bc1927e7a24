import type { StatementOfReasons } from '../statement-of-reasons';

/**
 * A statement of reasons in the EU DSA transparency database's submission format (field names and enum values of
 * its `statement` API), so the export can be submitted as is. Only the fields a network provider's account
 * termination uses are produced; free text is cut to the database's limits.
 */
export interface DsaStatement {
  decision_visibility: ['DECISION_VISIBILITY_OTHER'];
  decision_visibility_other: string;
  decision_account: 'DECISION_ACCOUNT_TERMINATED';
  decision_provision: 'DECISION_PROVISION_TOTAL_TERMINATION' | 'DECISION_PROVISION_PARTIAL_TERMINATION';
  account_type: 'ACCOUNT_TYPE_BUSINESS';
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT' | 'DECISION_GROUND_INCOMPATIBLE_CONTENT';
  decision_ground_reference_url?: string;
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  incompatible_content_illegal?: 'Yes' | 'No';
  category: string;
  content_type: ['CONTENT_TYPE_OTHER'];
  content_type_other: string;
  content_date: string;
  application_date: string;
  decision_facts: string;
  source_type: 'SOURCE_VOLUNTARY';
  automated_detection: 'Yes' | 'No';
  automated_decision: 'AUTOMATED_DECISION_FULLY' | 'AUTOMATED_DECISION_NOT_AUTOMATED';
  territorial_scope: string[];
  /** Platform unique identifier: the case reference, never personal data. */
  puid: string;
}

/** EU and EEA member states, for a termination that applies everywhere. */
export const EEA_TERRITORIAL_SCOPE = [
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
];

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const day = (iso: string) => iso.slice(0, 10);

/** Maps a statement of reasons to the database format. `puid` identifies the case; `contentDate` is when the
 * conduct was established (the case's opening). */
export function toDsaStatement(sor: StatementOfReasons, ids: { puid: string; contentDate: string }): DsaStatement {
  const services = sor.decision.services;
  const statement: DsaStatement = {
    decision_visibility: ['DECISION_VISIBILITY_OTHER'],
    decision_visibility_other: cut(
      `network service ended (${services.join(' and ')}) for ${sor.decision.domains.join(', ')}`,
      500,
    ),
    decision_account: 'DECISION_ACCOUNT_TERMINATED',
    decision_provision:
      services.includes('dns') && services.includes('proxy')
        ? 'DECISION_PROVISION_TOTAL_TERMINATION'
        : 'DECISION_PROVISION_PARTIAL_TERMINATION',
    account_type: 'ACCOUNT_TYPE_BUSINESS',
    decision_ground:
      sor.ground === 'illegal_content' ? 'DECISION_GROUND_ILLEGAL_CONTENT' : 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    category: sor.policy.dsaCategory,
    content_type: ['CONTENT_TYPE_OTHER'],
    content_type_other: 'website served through DNS hosting and reverse proxy',
    content_date: day(ids.contentDate),
    application_date: day(sor.effective.at),
    decision_facts: cut(sor.facts, 5000),
    source_type: 'SOURCE_VOLUNTARY',
    automated_detection: sor.automatedDetection ? 'Yes' : 'No',
    automated_decision: sor.automatedDecision ? 'AUTOMATED_DECISION_FULLY' : 'AUTOMATED_DECISION_NOT_AUTOMATED',
    territorial_scope: [...EEA_TERRITORIAL_SCOPE],
    puid: cut(ids.puid, 500),
  };
  if (sor.ground === 'illegal_content') {
    statement.illegal_content_legal_ground = cut(sor.policy.clause, 500);
    statement.illegal_content_explanation = cut(sor.groundExplanation, 2000);
  } else {
    statement.incompatible_content_ground = cut(sor.policy.clause, 500);
    statement.incompatible_content_explanation = cut(sor.groundExplanation, 2000);
    statement.incompatible_content_illegal = 'No';
  }
  return statement;
}
