import type { DsaCountry, DsaSourceType } from '../dsa/dsa-schema';

/**
 * Where a case came from: the statement of reasons (DSA Art. 17(3)(b)), the transparency database's `source_type`
 * and the transparency report's notice and order figures all depend on it. A case opened without one (every
 * client before sources existed) is the provider's own initiative.
 */
export const CASE_SOURCE_KINDS = [
  'own_initiative',
  'article_16_notice',
  'trusted_flagger',
  'other_notification',
  'member_state_order',
] as const;

/** One of {@link CASE_SOURCE_KINDS}. */
export type CaseSourceKind = (typeof CASE_SOURCE_KINDS)[number];

/** The source as recorded at intake. */
export interface CaseSource {
  kind: CaseSourceKind;
  /** Who sent the notice: the Art. 16 notifier, the trusted flagger's name, the sender of another notification. */
  notifier?: string;
  /** For a Member State order (DSA Art. 9): the issuing judicial or administrative authority and its country. */
  authority?: string;
  country?: DsaCountry;
  /** The notice's or order's own reference. */
  reference?: string;
  /** When the notice or order reached us (ISO instant): the transparency report's time to action counts from it. */
  receivedAt?: string;
}

/** The source of a case opened without one. */
export const OWN_INITIATIVE: CaseSource = { kind: 'own_initiative' };

/** Which fields a source of each kind must carry (checked at intake). */
export function missingSourceFields(source: CaseSource): string[] {
  const missing: string[] = [];
  if (source.kind === 'own_initiative') return missing;
  if (source.kind === 'member_state_order') {
    if (!source.authority?.trim()) missing.push('authority');
    if (!source.country) missing.push('country');
  } else if (!source.notifier?.trim()) {
    missing.push('notifier');
  }
  if (!source.receivedAt) missing.push('receivedAt');
  return missing;
}

/** The transparency database's `source_type` for a source. An order is an "other type of notification": the
 * database has no type of its own for Art. 9 orders. */
export function dsaSourceType(source: CaseSource): DsaSourceType {
  switch (source.kind) {
    case 'article_16_notice':
      return 'SOURCE_ARTICLE_16';
    case 'trusted_flagger':
      return 'SOURCE_TRUSTED_FLAGGER';
    case 'other_notification':
    case 'member_state_order':
      return 'SOURCE_TYPE_OTHER_NOTIFICATION';
    case 'own_initiative':
      return 'SOURCE_VOLUNTARY';
  }
}

/**
 * The source's identity as the database may publish it, or none. Trusted flaggers and authorities are public
 * bodies; an Art. 16 notifier or the sender of another notification may be a private person, whose name the
 * database must never receive (Art. 24(5): no personal data), so it stays in the case only.
 */
export function publicSourceIdentity(source: CaseSource): string | undefined {
  if (source.kind === 'trusted_flagger') return source.notifier;
  if (source.kind === 'member_state_order') return `${source.authority ?? 'authority'} (${source.country ?? '?'})`;
  return undefined;
}

/** One line for people (the customer notice, the case view): what the case came from. */
export function describeSource(source: CaseSource): string {
  const ref = source.reference ? `, reference ${source.reference}` : '';
  switch (source.kind) {
    case 'article_16_notice':
      return `a notice under Article 16 of the Digital Services Act${ref}`;
    case 'trusted_flagger':
      return `a notice from the trusted flagger ${source.notifier ?? ''}${ref}`;
    case 'other_notification':
      return `a notification we received${ref}`;
    case 'member_state_order':
      return `an order of ${source.authority ?? 'an authority'} (${source.country ?? '?'})${ref}`;
    case 'own_initiative':
      return 'our own investigation';
  }
}
