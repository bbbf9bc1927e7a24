import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Duration } from 'luxon';
import { z } from 'zod';
import { DSA_CATEGORIES, type PolicyDocument, type PolicyDuration } from '../domain/policy/policy-types';
import type { Role } from '../domain/case-types';
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

const CategorySchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'lower-case letters, digits and "_"'),
    title: z.string().min(3),
    dsaCategory: z.enum(DSA_CATEGORIES),
    ground: z.enum(DECISION_GROUNDS),
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
        message: `roles ${notApprover.join(', ')} cannot approve a termination (allowed: legal, tns_lead, admin)`,
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
      })
      .strict(),
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
