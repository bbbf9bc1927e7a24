import { z } from '@hono/zod-openapi';
import type { CaseIntake } from '../../domain/case/case-state';
import type { ResolvedCutoff } from '../../domain/case-types';
import type { CasePolicy } from '../../domain/policy/policy-types';
import type { StatementOfReasons } from '../../domain/statement-of-reasons';
import {
  APPEAL_OUTCOMES,
  APPROVAL_DECISIONS,
  CUSTOMER_MESSAGE_KINDS,
  DECISION_GROUNDS,
  HOLD_KINDS,
  OUTCOMES,
  ROLES,
  SERVICE_KINDS,
  STAGES,
} from '../../domain/vocabularies';
import { AccountItemsSchema } from './item-schemas';

/**
 * The case as the API and the CLI show it: the public contract, documented here and mapped from the workflow's
 * internal view in one place (`case-response.ts`), so the workflow state can change without changing what clients
 * read. The OpenAPI document is generated from these schemas.
 */

const Instant = z.string().openapi({ format: 'date-time' });
const Role = z.enum(ROLES);

/** A human act: who, as which role, when, why. */
const DecisionSchema = z.object({ by: z.string(), role: Role, at: Instant, reasons: z.string() });

const HoldSchema = z.object({
  id: z.string(),
  kind: z.enum(HOLD_KINDS),
  reference: z.string(),
  agencyContact: z.string().openapi({ description: '"[restricted]" unless the caller holds legal or admin' }),
  placedAt: Instant,
  expiresAt: Instant,
  placedBy: z.string(),
  releasedAt: Instant.optional(),
  releasedBy: z.string().optional(),
});

const AppealSchema = z.object({
  id: z.string(),
  filedBy: z.string(),
  filedAt: Instant,
  text: z.string(),
  afterRevocation: z.boolean(),
  decision: DecisionSchema.extend({ outcome: z.enum(APPEAL_OUTCOMES) }).optional(),
});

const ProviderChangeSchema = z.object({
  domain: z.string(),
  state: z.string().openapi({ description: '`ours`, `dark`, or a provider id (`unknown` when none matched)' }),
  provider: z.string().nullable(),
  confidence: z.number(),
  at: Instant,
});

const TimelineEntrySchema = z.object({
  at: Instant,
  kind: z.string(),
  actor: z.string().openapi({ description: 'Principal id, or `system`' }),
  role: Role.optional(),
  summary: z.string(),
  reasons: z.string().optional(),
});

/** The public case. */
export const CaseResponseSchema = z
  .object({
    caseId: z.string(),
    caseRef: z.string().openapi({ description: 'Distinguishes two cases of one account over time' }),
    openedAt: Instant,
    stage: z.enum(STAGES),
    outcome: z.enum(OUTCOMES).optional(),
    closedAt: Instant.optional(),
    intake: z.custom<CaseIntake>().openapi({ type: 'object', description: 'The intake as accepted' }),
    domains: z.object({ primary: z.string(), aliases: z.array(z.string()) }),
    policy: z
      .custom<CasePolicy>()
      .openapi({ type: 'object', description: 'The policy slice the case is decided under' }),
    policyVersion: z.string(),
    policyClause: z.string(),
    findings: DecisionSchema.extend({ facts: z.string(), evidence: z.array(z.string()) }).optional(),
    legal: DecisionSchema.extend({
      decision: z.enum(APPROVAL_DECISIONS),
      ground: z.enum(DECISION_GROUNDS),
      groundExplanation: z.string(),
    }).optional(),
    approvals: z.array(DecisionSchema.extend({ decision: z.enum(APPROVAL_DECISIONS) })),
    pendingApproverRoles: z.array(Role).openapi({ description: 'Roles still needed before the customer is told' }),
    remindersSent: z.number().int(),
    holds: z.array(HoldSchema),
    activeHolds: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(HOLD_KINDS),
        reference: z.string(),
        expiresAt: Instant,
        active: z.boolean(),
      }),
    ),
    appeals: z.array(AppealSchema),
    openAppeal: AppealSchema.optional(),
    expedite: z.object({ approvals: z.array(DecisionSchema), effectiveAt: Instant.optional() }),
    withdrawal: DecisionSchema.optional(),
    notices: z.array(
      z.object({
        key: z.string(),
        kind: z.enum(CUSTOMER_MESSAGE_KINDS),
        to: z.array(z.string()),
        at: Instant,
        delivered: z.boolean(),
        nonDisclosure: z.boolean(),
        messageId: z.string().optional(),
        accepted: z.array(z.string()),
        rejected: z.array(z.string()),
        error: z.string().optional(),
      }),
    ),
    noticeContacts: z.array(z.string()),
    noticeAttempts: z.number().int(),
    noticeUndeliverable: z.boolean(),
    cutoff: z.custom<ResolvedCutoff>().optional().openapi({ type: 'object', description: 'The resolved cutoff' }),
    statement: z
      .custom<StatementOfReasons>()
      .optional()
      .openapi({ type: 'object', description: 'The statement of reasons as sent to the customer' }),
    deadlines: z.object({
      legalReviewDueAt: Instant.optional(),
      cutoffAt: Instant.optional(),
      appealUntil: Instant.optional(),
      followUpUntil: Instant.optional(),
    }),
    snapshots: z.array(
      z.object({
        snapshotId: z.string(),
        sha256: z.string(),
        takenAt: Instant,
        zones: z.array(z.string()),
        proxyHosts: z.array(z.string()),
        notOnEdge: z.array(z.string()),
      }),
    ),
    snapshotCoverage: z.array(z.string()),
    observedAt: Instant.optional(),
    holdsCheckedAt: Instant.optional(),
    evidence: z.array(z.object({ sha256: z.string(), label: z.string(), storedAt: Instant })),
    revocation: z.array(
      z.object({
        domain: z.string(),
        service: z.enum(SERVICE_KINDS),
        status: z.enum(['pending', 'done', 'failed', 'skipped']),
        changed: z.boolean().optional(),
        provider: z.string().optional(),
        at: Instant.optional(),
        error: z.string().optional(),
      }),
    ),
    verification: z.array(
      z.object({
        domain: z.string(),
        dnsServed: z.boolean().nullable(),
        proxyServed: z.boolean().nullable(),
        checkedAt: Instant,
      }),
    ),
    revocationStuck: z.boolean(),
    accountItems: AccountItemsSchema.optional(),
    revokedAt: Instant.optional(),
    restoredAt: Instant.optional(),
    watches: z.array(
      z.object({ domain: z.string(), workflowId: z.string(), startedAt: Instant, stoppedAt: Instant.optional() }),
    ),
    providerChain: z.array(ProviderChangeSchema),
    currentProviders: z.array(ProviderChangeSchema.omit({ confidence: true })),
    monitoringEnd: DecisionSchema.optional(),
    timeline: z.array(TimelineEntrySchema),
    timelineDropped: z.number().int().openapi({ description: 'Oldest entries dropped to keep the case bounded' }),
  })
  .openapi('CaseView', { description: 'A termination case as staff see it (mapped from the workflow state)' });

/** The public case: what `GET /cases/{caseId}` and every action answer. */
export type CaseResponse = z.infer<typeof CaseResponseSchema>;
