import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration } from 'luxon';
import { z } from 'zod';
import type { PolicyDocument, PolicyDuration } from '../domain/policy/policy-types';
import {
  DSA_CATEGORIES,
  DSA_KEYWORDS,
  DSA_SCHEMA_VERSION,
  keywordFitsCategory,
  type DsaCategory,
  type DsaKeyword,
} from '../domain/dsa/dsa-schema';
import type { Role } from '../domain/case-types';
import { DEFAULT_CUTOFF_MAX_AHEAD_MS } from '../domain/cutoff';
import { APPROVER_ROLES, DECISION_GROUNDS, ROLES } from '../domain/vocabularies';

/**
 * Loads the versioned policy document and validates it before anything uses it: a malformed policy must stop
 * the worker at start-up with a message naming the field, never surface later as a wrong decision in a case.
 */

/** The policy shipped with terminus; deployments point `TERMINUS_POLICY_PATH` elsewhere. */
export const DEFAULT_POLICY_PATH = path.join(__dirname, '..', '..', 'data', 'policy', 'policy.json');

/** A policy that cannot be used; `message` names the file and every problem found. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

const APPROVERS = new Set<Role>(APPROVER_ROLES);

/** ISO 8601 duration (`PT2H`, `P14D`); days count as 24 hours; years and months (variable length) are refused. */
const isoDuration = (opts: { min?: number } = {}) =>
  z.string().transform((value, ctx): PolicyDuration => {
    const d = Duration.fromISO(value);
    const ms = d.isValid ? d.toMillis() : NaN;
    const datePart = value.split('T')[0] ?? '';
    if (!Number.isFinite(ms) || /[YM]/.test(datePart)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not an ISO 8601 duration in days/hours/minutes (e.g. PT2H, P14D)`,
      });
      return z.NEVER;
    }
    if (ms < (opts.min ?? 0)) {
      ctx.addIssue({ code: 'custom', message: `"${value}" must be at least ${opts.min ?? 0} ms` });
      return z.NEVER;
    }
    return { iso: value, ms };
  });

/** A value of one of the transparency database's closed lists; the message names the value and the schema. */
const dsaValue = <T extends string>(list: readonly T[], what: string) =>
  z.string().refine((v): v is T => (list as readonly string[]).includes(v), {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a ${what} of the DSA transparency database schema ${DSA_SCHEMA_VERSION}`,
  });

const CategorySchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'lower-case letters, digits and "_"'),
    title: z.string().min(3),
    dsaCategory: dsaValue<DsaCategory>(DSA_CATEGORIES, 'category'),
    dsaKeywords: z.array(dsaValue<DsaKeyword>(DSA_KEYWORDS, 'keyword')).max(20).optional(),
    ground: z.enum(DECISION_GROUNDS),
    legalGround: z.string().trim().min(10).max(500).optional(),
    clause: z.object({ id: z.string().min(1), text: z.string().min(10) }).strict(),
    minimumNotice: isoDuration(),
    requiredApproverRoles: z.array(z.enum(ROLES)).min(2),
    expediteAllowed: z.boolean(),
    appealWindow: isoDuration({ min: 1 }),
    followUpPeriod: isoDuration({ min: 1 }),
    revokeWithoutDeliveredNotice: z.boolean(),
  })
  .strict()
  .superRefine((c, ctx) => {
    (c.dsaKeywords ?? []).forEach((k, i) => {
      if (!keywordFitsCategory(k, c.dsaCategory)) {
        ctx.addIssue({
          code: 'custom',
          path: ['dsaKeywords', i],
          message: `"${k}" is not a keyword of ${c.dsaCategory} (DSA transparency database schema ${DSA_SCHEMA_VERSION})`,
        });
      }
    });
    if (c.ground === 'illegal_content' && !c.legalGround) {
      ctx.addIssue({
        code: 'custom',
        path: ['legalGround'],
        message: "an illegal_content category must name the law relied on (the statement of reasons' legal ground)",
      });
    }
    if (new Set(c.requiredApproverRoles).size !== c.requiredApproverRoles.length) {
      ctx.addIssue({ code: 'custom', path: ['requiredApproverRoles'], message: 'roles must be distinct' });
    }
    if (!c.requiredApproverRoles.includes('legal')) {
      ctx.addIssue({ code: 'custom', path: ['requiredApproverRoles'], message: 'must include "legal"' });
    }
    const notApprover = c.requiredApproverRoles.filter((r) => !APPROVERS.has(r));
    if (notApprover.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['requiredApproverRoles'],
        message: `roles ${notApprover.join(', ')} cannot approve a termination (allowed: ${APPROVER_ROLES.join(', ')})`,
      });
    }
  });

const PolicySchema = z
  .object({
    version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'a short version label like 2026.1'),
    effectiveFrom: z.iso.date(),
    appealInstructions: z.string().min(10),
    legalReview: z
      .object({
        firstAfter: isoDuration({ min: 60_000 }),
        every: isoDuration({ min: 60_000 }),
        maxReminders: z.number().int().min(0).max(100),
      })
      .strict(),
    cutoff: z
      .object({
        nonexistentLocalTime: z.enum(['shift_forward', 'reject']),
        ambiguousLocalTime: z.enum(['earlier', 'later']),
        /** The furthest ahead a requested cutoff may lie (ISO 8601, days at most); default 90 days. */
        maxAhead: isoDuration({ min: 3_600_000 }).default({ iso: 'P90D', ms: DEFAULT_CUTOFF_MAX_AHEAD_MS }),
      })
      .strict(),
    /** Account cases: names per revocation batch (one heartbeating activity); default 100. */
    revocation: z
      .object({ accountBatchSize: z.number().int().min(1).max(500) })
      .strict()
      .optional(),
    categories: z.array(CategorySchema).min(1),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.categories.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `duplicate category id "${c.id}"` });
      }
      seen.add(c.id);
    });
  });

/** Validates an already-parsed JSON value; `source` names it in errors. */
export function parsePolicy(value: unknown, source = 'policy'): PolicyDocument {
  const result = PolicySchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
      .join('; ');
    throw new PolicyError(`invalid policy ${source}: ${problems}`);
  }
  return result.data;
}

/** Reads and validates a policy file (synchronously: it happens once, at start-up). */
export function loadPolicy(file = DEFAULT_POLICY_PATH): PolicyDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(`cannot read policy file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PolicyError(`policy file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parsePolicy(json, file);
}
