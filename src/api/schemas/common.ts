import { z } from '@hono/zod-openapi';
import { IANAZone } from 'luxon';
import { badCharacterIn } from '../../domain/case/case-bounds';
import { checkCustomerDomain } from '../../domain/domain-name';
import { ROLES } from '../../domain/vocabularies';

/** Shared field schemas: every string has a length cap and a shape, so nothing unbounded reaches Temporal. */

export const Role = z.enum(ROLES).openapi({ description: 'A role granted by the bearer token' });

export const AccountId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'letters, digits, ".", "_" or "-" (at most 64, starting with a letter or digit)',
  )
  .openapi({ example: 'acct-8832' });

export const CaseId = z
  .string()
  .regex(/^case-[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a case ID: "case-" followed by the account ID')
  .openapi({ param: { name: 'caseId', in: 'path' }, example: 'case-acct-8832' });

export const CaseIdParams = z.strictObject({ caseId: CaseId });

/** A customer's domain, stored in one spelling; IP literals, public suffixes and names without a registrable
 * domain are refused with the reason (the same check the workflow's validators run). */
export const DomainName = z
  .string()
  .max(253)
  .transform((raw, ctx) => {
    const result = checkCustomerDomain(raw);
    if (result.ok) return result.name;
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  })
  .openapi({
    type: 'string',
    description:
      'A domain name one customer can own: not an IP address or a public suffix; IDNs in Unicode or punycode',
    example: 'example-board.com',
  });

export const Email = z
  .string()
  .max(254)
  .pipe(z.email('an e-mail address'))
  .openapi({ type: 'string', example: 'abuse@example-board.com' });

/** Texts up to this length are names and references: one line. Longer ones (reasons, facts, appeals) may span lines
 * (the same line the domain's rules draw). */
const SINGLE_LINE_MAX = 500;

/**
 * Free text a person writes (reasons, facts); capped so a case state stays far below Temporal's payload limit.
 * Control characters are refused with the field's name, as the workflow's rules refuse them (`badCharacterIn`):
 * PostgreSQL cannot store NUL, and escape sequences, bells or a lone carriage return only serve to disguise what a
 * reviewer reads. Multi-line texts keep newline, tab and CR before LF; one-line texts (names, references) none.
 */
export const Text = (max: number, lines: 'one' | 'many' = max > SINGLE_LINE_MAX ? 'many' : 'one') =>
  z
    .string()
    .trim()
    .min(1, 'required (not empty)')
    .max(max, `at most ${max} characters`)
    .superRefine((s, ctx) => {
      const bad = badCharacterIn(s, lines === 'many');
      if (bad) {
        const message = lines === 'many' ? `must not contain ${bad}` : `must be one line without ${bad}`;
        ctx.addIssue({ code: 'custom', message });
      }
    });

export const Reasons = Text(5000).openapi({ description: 'Why (recorded in the case timeline)' });

export const IsoInstant = z
  .string()
  .max(40)
  .pipe(z.iso.datetime({ offset: true, message: 'an ISO 8601 instant with an offset, e.g. 2026-03-01T08:00:00Z' }))
  .openapi({ type: 'string', format: 'date-time', example: '2026-03-01T08:00:00Z' });

export const TimeZone = z
  .string()
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), 'an IANA time zone such as America/Los_Angeles')
  .openapi({ example: 'America/Los_Angeles' });

/** When a principal holds several roles the action allows, which one it acts as (default: the first). */
export const ActingRole = Role.optional().openapi({
  description: 'Act as this role (must be one of the token roles); default: the first allowed role of the token',
});
